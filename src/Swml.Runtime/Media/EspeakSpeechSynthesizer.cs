using System.Diagnostics;
using System.Text;

namespace Swml.Runtime.Media;

/// <summary>
/// say: spoken by espeak-ng, run once per text. The text goes in on standard input and the WAV
/// comes out on standard output, so no text is ever read as an option or by a shell.
/// </summary>
/// <remarks>
/// espeak-ng has its own voices, so say_voice names of other engines (Polly.Salli,
/// gcloud.en-US-Neural2-A) are not looked up: the voice is chosen from say_language (en-US becomes
/// espeak's en-us, de-DE its de) and say_gender (female +f3, male +m3).
/// </remarks>
internal sealed class EspeakSpeechSynthesizer : ISpeechSynthesizer
{
    public const string Program = "espeak-ng";

    /// <summary>What a missing synthesizer's error tells the operator to do.</summary>
    public const string InstallHint = "install espeak-ng (Debian/Ubuntu: apt-get install espeak-ng) or put it on PATH";

    // 10 minutes of espeak's 22.05 kHz 16-bit audio: a say: longer than that is a mistake.
    private const long MaxWavBytes = 10L * 60 * 22050 * 2;

    private static readonly Dictionary<string, string> LanguageAliases = new(StringComparer.Ordinal)
    {
        ["zh"] = "cmn",
        ["zh-hk"] = "yue",
        ["no"] = "nb",
    };

    private readonly string? _executable;
    private readonly TimeSpan _timeout;
    private Task<IReadOnlySet<string>>? _languages;

    /// <param name="executable">espeak-ng's path; null looks for it on PATH.</param>
    /// <param name="timeout">The longest one text may take to speak.</param>
    public EspeakSpeechSynthesizer(string? executable = null, TimeSpan? timeout = null)
    {
        _executable = executable ?? Locate();
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Whether espeak-ng is on PATH.</summary>
    public static bool IsInstalled => Locate() is not null;

    /// <summary>espeak-ng's path on PATH, or null.</summary>
    public static string? Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Program))
            .FirstOrDefault(File.Exists);

    public async Task<short[]> SynthesizeAsync(string text, SpeechOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        if (_executable is null)
        {
            throw new PlaybackException($"say: needs a speech synthesizer and {Program} was not found on PATH: {InstallHint}.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var voice = ChooseVoice(options, await LanguagesAsync().WaitAsync(cancellationToken).ConfigureAwait(false));

        // -b 1: the text is UTF-8 whatever the process locale says.
        var wav = await RunAsync(["-v", voice, "-b", "1", "--stdin", "--stdout"], text, MaxWavBytes, cancellationToken).ConfigureAwait(false);
        return WavAudio.Decode(wav);
    }

    /// <summary>espeak-ng's -v for the options: a language it has, plus the gender's variant.</summary>
    internal static string ChooseVoice(SpeechOptions options, IReadOnlySet<string> languages)
    {
        var language = MatchLanguage(options.Language, languages) ?? "en";
        var variant = options.Gender?.Trim().ToLowerInvariant() switch
        {
            "female" => "+f3",
            "male" => "+m3",
            _ => string.Empty,
        };
        return language + variant;
    }

    // en-US is en-us; de-DE is de; fr is fr-fr; a language espeak-ng lacks falls back to its default.
    private static string? MatchLanguage(string? language, IReadOnlySet<string> languages)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        var wanted = language.Trim().Replace('_', '-').ToLowerInvariant();
        wanted = LanguageAliases.GetValueOrDefault(wanted, wanted);
        if (languages.Contains(wanted))
        {
            return wanted;
        }

        var primary = wanted.Split('-')[0];
        primary = LanguageAliases.GetValueOrDefault(primary, primary);
        if (languages.Contains(primary))
        {
            return primary;
        }

        var regional = primary + "-" + primary;
        return languages.Contains(regional)
            ? regional
            : languages.Where(l => l.StartsWith(primary + "-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
    }

    // Listed once; a failed listing is tried again by the next say: rather than kept. Two says racing
    // here list twice, which is harmless.
    private Task<IReadOnlySet<string>> LanguagesAsync()
    {
        var languages = _languages;
        if (languages is null || languages.IsFaulted || languages.IsCanceled)
        {
            _languages = languages = ListLanguagesAsync();
        }

        return languages;
    }

    // espeak-ng --voices: a header line, then "Pty Language Age/Gender VoiceName File ...".
    private async Task<IReadOnlySet<string>> ListLanguagesAsync()
    {
        // Shared by the says waiting for it, so no one say's cancellation stops it; the run's timeout does.
        var output = await RunAsync(["--voices"], input: null, maxBytes: 1024 * 1024, CancellationToken.None).ConfigureAwait(false);
        var lines = Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length).Split('\n');
        return lines.Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns.Length > 1)
            .Select(columns => columns[1].ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
    }

    private async Task<MemoryStream> RunAsync(IEnumerable<string> arguments, string? input, long maxBytes, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_executable!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            throw new PlaybackException($"say: could not start {_executable}: {ex.Message}; {InstallHint}.", ex);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            var tooLarge = $"say: {Program} gave more than {maxBytes / (1024 * 1024)} MB of audio; the text is too long.";
            var reading = BoundedRead.ReadAllAsync(process.StandardOutput.BaseStream, maxBytes, () => new PlaybackException(tooLarge), 256 * 1024, timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await using (process.StandardInput.ConfigureAwait(false))
                {
                    await process.StandardInput.WriteAsync(input.AsMemory(), timeout.Token).ConfigureAwait(false);
                }
            }
            catch (IOException)
            {
                // A broken pipe: espeak-ng exited before reading the text. Its exit code and
                // stderr, read below, say why; the pipe's error would not.
            }

            var output = await reading.ConfigureAwait(false);
            var message = await errors.ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new PlaybackException($"say: {Program} failed (exit code {process.ExitCode}): {message.Trim()}");
            }

            return output;
        }
        catch (Exception ex)
        {
            // The process is ours (started above); leave nothing running whatever went wrong.
            Kill(process);
            if (ex is PlaybackException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw ex is OperationCanceledException
                ? new PlaybackException($"say: {Program} took longer than {_timeout.TotalSeconds:0.###} s.", ex)
                : new PlaybackException($"say: {Program} failed: {ex.Message}", ex);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or AggregateException)
        {
            // It had already exited, or could not be killed: the error being reported matters more.
        }
    }
}

using System.Diagnostics;
using Swml.Runtime.Media;
using Swml.Tests.Peers;
using Swml.Tests.Audio;

namespace Swml.Runtime.Tests.Media;

public class EspeakSpeechSynthesizerTests
{
    private static readonly IReadOnlySet<string> Languages = new HashSet<string> { "en", "en-us", "en-gb", "de", "fr-be", "fr-fr", "cmn", "pt", "pt-br" };

    [Theory]
    [InlineData("en-US", null, "en-us")]
    [InlineData("en_GB", "female", "en-gb+f3")]
    [InlineData("de-DE", "male", "de+m3")]
    [InlineData("fr", "Female", "fr-fr+f3")]
    [InlineData("fr-CA", null, "fr-fr")]
    [InlineData("zh-CN", null, "cmn")]
    [InlineData("pt-BR", null, "pt-br")]
    [InlineData("xx-YY", "female", "en+f3")]
    [InlineData(null, "neutral", "en")]
    public void LanguageAndGenderChooseTheVoice(string? language, string? gender, string voice) =>
        Assert.Equal(voice, EspeakSpeechSynthesizer.ChooseVoice(new SpeechOptions(Language: language, Gender: gender), Languages));

    [Theory]
    [InlineData("Polly.Salli")]
    [InlineData("gcloud.en-US-Neural2-A")]
    public void OtherEnginesVoiceNamesFallBackToLanguageAndGender(string voice) =>
        Assert.Equal("en-gb+m3", EspeakSpeechSynthesizer.ChooseVoice(new SpeechOptions(voice, "en-GB", "male"), Languages));

    [Fact]
    public async Task AMissingSynthesizerSaysHowToInstallOne()
    {
        var synthesizer = new EspeakSpeechSynthesizer(executable: Path.Combine(Path.GetTempPath(), "no-such-espeak-" + Guid.NewGuid()));

        var error = await Assert.ThrowsAsync<PlaybackException>(() => synthesizer.SynthesizeAsync("Hello", SpeechOptions.Default, TestContext.Current.CancellationToken));

        Assert.Contains("apt-get install espeak-ng", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectedIsSpokenAsAudibleAudioOfAPlausibleLength()
    {
        var synthesizer = new EspeakSpeechSynthesizer(Peers.EspeakNg);

        var audio = await synthesizer.SynthesizeAsync("Connected", new SpeechOptions("Polly.Salli", "en-US", "female"), TestContext.Current.CancellationToken);

        // One word at espeak's 175 words a minute, with its short lead-in and tail.
        Assert.InRange(audio.Length / 8000.0, 0.3, 2.0);
        Assert.True(AudioCheck.Rms(audio) > 300, $"RMS {AudioCheck.Rms(audio):0} is near silence");
    }

    [Fact]
    public async Task LongerTextTakesLongerAndTextThatLooksLikeOptionsIsSpoken()
    {
        var synthesizer = new EspeakSpeechSynthesizer(Peers.EspeakNg);
        var cancellationToken = TestContext.Current.CancellationToken;

        var word = await synthesizer.SynthesizeAsync("Connected", SpeechOptions.Default, cancellationToken);
        var sentence = await synthesizer.SynthesizeAsync("--version -w /tmp/x Your call is being connected, please hold the line.", SpeechOptions.Default, cancellationToken);

        Assert.True(sentence.Length > 3 * word.Length, $"{sentence.Length} samples for a sentence, {word.Length} for a word");
        Assert.False(File.Exists("/tmp/x"));
    }

    [Fact]
    public async Task EmptyTextIsNoAudio()
    {
        var synthesizer = new EspeakSpeechSynthesizer(Peers.EspeakNg);
        Assert.Empty(await synthesizer.SynthesizeAsync(" ", SpeechOptions.Default, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ATimeoutStopsTheSynthesizerAndSaysSo()
    {
        var synthesizer = new EspeakSpeechSynthesizer(Peers.EspeakNg, timeout: TimeSpan.FromMilliseconds(1));
        var text = string.Join(' ', Enumerable.Repeat("This sentence is long enough to take a while.", 200));

        var error = await Assert.ThrowsAsync<PlaybackException>(() => synthesizer.SynthesizeAsync(text, SpeechOptions.Default, TestContext.Current.CancellationToken));

        Assert.Contains("took longer", error.Message, StringComparison.Ordinal);
        await AssertNoEspeakChildLeftAsync();
    }

    [Fact]
    public async Task CancellingStopsTheSynthesizer()
    {
        var synthesizer = new EspeakSpeechSynthesizer(Peers.EspeakNg);
        var text = string.Join(' ', Enumerable.Repeat("This sentence is long enough to take a while.", 200));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => synthesizer.SynthesizeAsync(text, SpeechOptions.Default, cancel.Token));

        await AssertNoEspeakChildLeftAsync();
    }

    // Only children of this test process: other espeak-ng runs on the machine are not ours to judge.
    private static async Task AssertNoEspeakChildLeftAsync()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var children = Directory.EnumerateDirectories("/proc")
                .Select(d => Path.Combine(d, "stat"))
                .Where(File.Exists)
                .Select(ReadOrEmpty)
                .Where(stat => stat.Contains("(espeak-ng)", StringComparison.Ordinal) && !stat.Contains(" Z ", StringComparison.Ordinal) && stat.Split(' ')[3] == self)
                .ToList();
            if (children.Count == 0)
            {
                return;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Fail("an espeak-ng started by the test is still running");
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}

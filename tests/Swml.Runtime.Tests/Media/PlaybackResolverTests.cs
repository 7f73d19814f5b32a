using NAudio.Wave;
using Swml.Runtime.Media;
using Swml.Sip.Media;
using Swml.Tests.Http;

namespace Swml.Runtime.Tests.Media;

public sealed class PlaybackResolverTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly RecordingSynthesizer _speech = new();
    private readonly PlaybackResolver _resolver;

    public PlaybackResolverTests() => _resolver = new PlaybackResolver(new HttpAudioCache(_http), _speech);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task SayIsSynthesizedWithTheOptionsGiven()
    {
        var options = new SpeechOptions("Polly.Salli", "en-US", "female");

        var source = await _resolver.ResolveAsync("say: Hello", options, 0, Cancellation);

        Assert.Equal(("Hello", options), _speech.Requests.Single());
        Assert.Equal(RecordingSynthesizer.Audio, AudioMeasure.ReadAll(source));
    }

    [Fact]
    public async Task HttpAudioIsFetchedAndDecoded()
    {
        var wav = WavAudioTests.Wav(new WaveFormat(8000, 16, 1), WavAudioTests.Sine(440, 8000, 0.5, 0.5));
        await using var server = await TestHttpServer.StartAsync((context, _) => context.Response.Body.WriteAsync(wav, context.RequestAborted).AsTask());

        var samples = AudioMeasure.ReadAll(await _resolver.ResolveAsync(server.BaseUrl + "/a.wav", SpeechOptions.Default, 0, Cancellation));

        Assert.Equal(4000, samples.Length);
        Assert.Equal(440, AudioMeasure.DominantFrequency(samples, 300, 600));
    }

    [Fact]
    public async Task RingAndSilenceAreGeneratedForTheirDuration()
    {
        Assert.Equal(6 * 8000, AudioMeasure.ReadAll(await _resolver.ResolveAsync("ring:us", SpeechOptions.Default, 0, Cancellation)).Length);
        Assert.Equal(12000, AudioMeasure.ReadAll(await _resolver.ResolveAsync("ring: 1.5:de", SpeechOptions.Default, 0, Cancellation)).Length);
        Assert.Equal(4000, AudioMeasure.ReadAll(await _resolver.ResolveAsync("silence: 0.5", SpeechOptions.Default, 0, Cancellation)).Length);
    }

    [Fact]
    public async Task VolumeIsApplied()
    {
        var quiet = AudioMeasure.ReadAll(await _resolver.ResolveAsync("ring:1:fr", SpeechOptions.Default, -20, Cancellation));
        var normal = AudioMeasure.ReadAll(await _resolver.ResolveAsync("ring:1:fr", SpeechOptions.Default, 0, Cancellation));

        Assert.InRange(AudioMeasure.Peak(quiet) / (double)AudioMeasure.Peak(normal), 0.09, 0.11);
    }

    [Fact]
    public async Task ABadVolumeFailsBeforeAnythingIsSynthesized()
    {
        await Assert.ThrowsAsync<PlaybackException>(() => _resolver.ResolveAsync("say:Hello", SpeechOptions.Default, 41, Cancellation));
        Assert.Empty(_speech.Requests);
    }

    [Theory]
    [InlineData("foo:bar", "is not http(s)")]
    [InlineData("ring:zz", "'zz' is not a known country code")]
    public async Task AUrlThatCannotBePlayedFailsAsPlaybackException(string url, string expected)
    {
        var error = await Assert.ThrowsAsync<PlaybackException>(() => _resolver.ResolveAsync(url, SpeechOptions.Default, 0, Cancellation));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingSynthesizer : ISpeechSynthesizer
    {
        public static readonly short[] Audio = [1, 2, 3, 4, 5];

        public List<(string Text, SpeechOptions Options)> Requests { get; } = [];

        public Task<short[]> SynthesizeAsync(string text, SpeechOptions options, CancellationToken cancellationToken)
        {
            Requests.Add((text, options));
            return Task.FromResult(Audio.ToArray());
        }
    }
}

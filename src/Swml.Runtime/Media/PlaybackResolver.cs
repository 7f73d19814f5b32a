using Swml.Sip.Media;

namespace Swml.Runtime.Media;

/// <summary>
/// Turns one play URL into audio ready for the media clock: speech is synthesized and files are
/// fetched and decoded here, before the play starts, since the clock's reads must not wait.
/// </summary>
internal sealed class PlaybackResolver
{
    private readonly HttpAudioCache _http;
    private readonly ISpeechSynthesizer _speech;

    public PlaybackResolver(HttpAudioCache http, ISpeechSynthesizer speech)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(speech);
        _http = http;
        _speech = speech;
    }

    /// <summary>
    /// The audio of <paramref name="url"/> at <paramref name="volumeDecibels"/> (-40..40, 0 as is).
    /// Throws a <see cref="PlaybackException"/> saying why when it cannot be played.
    /// </summary>
    public async Task<IAudioSource> ResolveAsync(PlayableUrl url, SpeechOptions speech, double volumeDecibels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(speech);

        // Checked first: a bad volume should not cost a fetch or a synthesis.
        GainAudioSource.Validate(volumeDecibels);

        IAudioSource source = url switch
        {
            PlayableUrl.Say say => new PcmAudioSource(await _speech.SynthesizeAsync(say.Text, speech, cancellationToken).ConfigureAwait(false)),
            PlayableUrl.Http http => new PcmAudioSource(await _http.GetAsync(http.Url, cancellationToken).ConfigureAwait(false)),
            PlayableUrl.Silence silence => new SilenceSource(silence.Duration),
            PlayableUrl.Ring ring => RingTones.Create(ring.Country, ring.Duration),
            _ => throw new ArgumentOutOfRangeException(nameof(url), url, "Not a play URL form."),
        };
        return GainAudioSource.Apply(source, volumeDecibels);
    }

    /// <summary>Parses and resolves a play URL as written in the flow.</summary>
    public async Task<IAudioSource> ResolveAsync(string url, SpeechOptions speech, double volumeDecibels, CancellationToken cancellationToken) =>
        await ResolveAsync(PlayableUrl.Parse(url), speech, volumeDecibels, cancellationToken).ConfigureAwait(false);
}

namespace Swml.Runtime.Media;

/// <summary>Text to speech for say:, spoken in full before the play starts (the media clock cannot wait).</summary>
internal interface ISpeechSynthesizer
{
    /// <summary>
    /// Speaks <paramref name="text"/> as 8 kHz mono 16-bit samples. Throws a <see cref="PlaybackException"/>
    /// saying why when it cannot (no synthesizer installed, a timeout, a failed run).
    /// </summary>
    Task<short[]> SynthesizeAsync(string text, SpeechOptions options, CancellationToken cancellationToken);
}

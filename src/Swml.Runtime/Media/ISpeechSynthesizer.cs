namespace Swml.Runtime.Media;

/// <summary>
/// Text to speech for say:, spoken in full before the play starts (the media clock cannot wait).
/// espeak-ng is the default; a host plugs in another engine with <c>SwmlServerOptions.SpeechSynthesizer</c>.
/// </summary>
public interface ISpeechSynthesizer
{
    /// <summary>
    /// Speaks <paramref name="text"/> as 8 kHz mono 16-bit samples. Throws saying why when it cannot
    /// (no synthesizer installed, a timeout, a failed run): the play step fails with that message.
    /// </summary>
    Task<short[]> SynthesizeAsync(string text, SpeechOptions options, CancellationToken cancellationToken);
}

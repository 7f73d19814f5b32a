namespace Swml.Sip.Media;

/// <summary>
/// Audio to send on a call: 8 kHz mono 16-bit linear PCM, read a 20 ms frame (160 samples) at a
/// time by the endpoint's media clock. <see cref="Read"/> runs on that clock's thread, beside every
/// other playing call, so it must not block: decode, fetch or synthesize before the play starts.
/// </summary>
public interface IAudioSource
{
    /// <summary>
    /// Fills <paramref name="samples"/> with the next audio and returns how many samples were written.
    /// Fewer than asked means the audio has ended; the rest of that frame is sent as silence.
    /// </summary>
    int Read(Span<short> samples);
}

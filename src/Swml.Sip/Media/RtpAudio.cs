namespace Swml.Sip.Media;

/// <summary>The audio format a call sends: G.711 (PCMU or PCMA, RFC 3551 §4.5.14) at 8 kHz in 20 ms packets.</summary>
public static class RtpAudio
{
    /// <summary>Samples per second of the audio an <see cref="IAudioSource"/> gives.</summary>
    public const int SampleRate = 8000;

    /// <summary>Samples in one packet: 20 ms at 8 kHz, the RTP timestamp step.</summary>
    public const int SamplesPerFrame = 160;

    /// <summary>The time one packet carries.</summary>
    public static TimeSpan FrameDuration { get; } = TimeSpan.FromMilliseconds(20);
}

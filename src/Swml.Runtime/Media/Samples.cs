using Swml.Sip.Media;

namespace Swml.Runtime.Media;

/// <summary>Durations and sample counts at the call's 8 kHz, and float audio to 16-bit.</summary>
internal static class Samples
{
    public static long Of(TimeSpan duration) => (long)Math.Round(duration.TotalSeconds * RtpAudio.SampleRate);

    public static TimeSpan ToDuration(long samples) => TimeSpan.FromSeconds(samples / (double)RtpAudio.SampleRate);

    /// <summary>A sample held at the 16-bit limits: a loud one must clip, not wrap round to the other sign.</summary>
    public static short Clip(double value) => (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
}

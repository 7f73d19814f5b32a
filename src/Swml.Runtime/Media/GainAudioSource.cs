using Swml.Sip.Media;

namespace Swml.Runtime.Media;

/// <summary>
/// play's volume: another source made louder or softer by a gain in dB, applied to each frame as it
/// is read so cached audio stays as fetched. Loud samples clip at the 16-bit limits.
/// </summary>
internal sealed class GainAudioSource : IAudioSource
{
    /// <summary>The range SWML allows for volume.</summary>
    public const double MinDecibels = -40;
    public const double MaxDecibels = 40;

    private readonly IAudioSource _source;
    private readonly double _factor;

    public GainAudioSource(IAudioSource source, double decibels)
    {
        ArgumentNullException.ThrowIfNull(source);
        Validate(decibels);
        _source = source;
        _factor = Factor(decibels);
    }

    /// <summary>Throws a <see cref="PlaybackException"/> when <paramref name="decibels"/> is outside SWML's range.</summary>
    public static void Validate(double decibels)
    {
        if (!double.IsFinite(decibels) || decibels is < MinDecibels or > MaxDecibels)
        {
            throw new PlaybackException($"play volume {decibels} dB is outside {MinDecibels}..{MaxDecibels}.");
        }
    }

    /// <summary>The amplitude factor of a gain in dB: 20 dB is ten times the amplitude.</summary>
    public static double Factor(double decibels) => Math.Pow(10, decibels / 20);

    /// <summary><paramref name="source"/> at <paramref name="decibels"/>; itself when that is 0 dB.</summary>
    public static IAudioSource Apply(IAudioSource source, double decibels) =>
        decibels == 0 ? source : new GainAudioSource(source, decibels);

    public int Read(Span<short> samples)
    {
        var count = _source.Read(samples);
        foreach (ref var sample in samples[..count])
        {
            sample = Samples.Clip(sample * _factor);
        }

        return count;
    }
}

using Swml.Sip.Media;

namespace Swml.Runtime.Media;

/// <summary>
/// A ringback tone generated as it is read: a long ring: costs no memory, and each sample is
/// computed from its index, so the phase never drifts.
/// </summary>
internal sealed class ToneSource : IAudioSource
{
    /// <summary>
    /// Peak level of the whole tone, about 0.2 of full scale (-14 dBFS, near -13 dBm0 in G.711):
    /// as loud as a network's ringback, far from clipping. Two tones share it equally.
    /// </summary>
    internal const double PeakLevel = 0.2;

    // Asterisk's f1*f2 tones use 90 % depth; full depth would silence the tone at each trough.
    private const double ModulationDepth = 0.9;

    private readonly RingCadence _cadence;
    private readonly long[] _segmentEnds;
    private readonly long _total;
    private long _position;

    public ToneSource(RingCadence cadence, TimeSpan duration)
    {
        _cadence = cadence;
        _total = Samples.Of(duration);
        var end = 0L;
        _segmentEnds = cadence.PatternMilliseconds.Select(ms => end += ms * (RtpAudio.SampleRate / 1000)).ToArray();
    }

    public TimeSpan Duration => Samples.ToDuration(_total);

    public int Read(Span<short> samples)
    {
        var count = (int)Math.Min(samples.Length, _total - _position);
        for (var i = 0; i < count; i++)
        {
            samples[i] = Sample(_position + i);
        }

        _position += count;
        return count;
    }

    private short Sample(long index)
    {
        var inCycle = index % _segmentEnds[^1];
        var segment = 0;
        while (inCycle >= _segmentEnds[segment])
        {
            segment++;
        }

        // Even segments are on, odd ones off.
        if (segment % 2 == 1)
        {
            return 0;
        }

        var t = index / (double)RtpAudio.SampleRate;
        var value = 0.0;
        foreach (var frequency in _cadence.Frequencies)
        {
            value += Math.Sin(2 * Math.PI * frequency * t);
        }

        value *= PeakLevel / _cadence.Frequencies.Length;
        if (_cadence.ModulationHz > 0)
        {
            value *= (1 + ModulationDepth * Math.Sin(2 * Math.PI * _cadence.ModulationHz * t)) / (1 + ModulationDepth);
        }

        return (short)Math.Round(value * short.MaxValue);
    }
}

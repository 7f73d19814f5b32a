using Swml.Sip.Media;

namespace Swml.Runtime.Media;

/// <summary>silence:&lt;seconds&gt;: zeros counted out as they are read, so a long silence costs no memory.</summary>
internal sealed class SilenceSource : IAudioSource
{
    private long _remaining;

    public SilenceSource(TimeSpan duration) => _remaining = Samples.Of(duration);

    public int Read(Span<short> samples)
    {
        var count = (int)Math.Min(samples.Length, _remaining);
        samples[..count].Clear();
        _remaining -= count;
        return count;
    }
}

namespace Swml.Sip.Media;

/// <summary>Audio already in memory: 8 kHz mono 16-bit samples, played once from the start.</summary>
public sealed class PcmAudioSource : IAudioSource
{
    private readonly ReadOnlyMemory<short> _samples;
    private int _position;

    public PcmAudioSource(ReadOnlyMemory<short> samples) => _samples = samples;

    /// <summary>How long the audio lasts.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(_samples.Length / (double)RtpAudio.SampleRate);

    public int Read(Span<short> samples)
    {
        var count = Math.Min(samples.Length, _samples.Length - _position);
        _samples.Span.Slice(_position, count).CopyTo(samples);
        _position += count;
        return count;
    }
}

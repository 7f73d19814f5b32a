using Swml.Runtime.Media;
using Swml.Sip.Media;

namespace Swml.Runtime.Tests.Media;

public class GainAudioSourceTests
{
    [Theory]
    [InlineData(6, 1000, 1995)]
    [InlineData(-6, 1000, 501)]
    [InlineData(20, 1000, 10000)]
    [InlineData(-20, -1000, -100)]
    [InlineData(-40, 10000, 100)]
    public void VolumeScalesAmplitudeBy10ToTheDbOver20(double decibels, short sample, short expected)
    {
        var frame = new short[1];
        new GainAudioSource(new PcmAudioSource(new[] { sample }), decibels).Read(frame);
        Assert.Equal(expected, frame[0]);
    }

    [Fact]
    public void LoudSamplesClipInsteadOfWrapping()
    {
        var frame = new short[4];
        var count = new GainAudioSource(new PcmAudioSource(new short[] { 20000, -20000, short.MaxValue, short.MinValue }), 40).Read(frame);

        Assert.Equal(4, count);
        Assert.Equal(new short[] { short.MaxValue, short.MinValue, short.MaxValue, short.MinValue }, frame);
    }

    [Fact]
    public void TheSourceAudioIsLeftAsItWas()
    {
        var audio = new short[] { 1000, 2000 };
        AudioMeasure.ReadAll(new GainAudioSource(new PcmAudioSource(audio), 6));
        Assert.Equal(new short[] { 1000, 2000 }, audio);
    }

    [Fact]
    public void ZeroDecibelsIsTheSourceItself()
    {
        var source = new PcmAudioSource(new short[] { 1 });
        Assert.Same(source, GainAudioSource.Apply(source, 0));
        Assert.IsType<GainAudioSource>(GainAudioSource.Apply(source, 1));
    }

    [Theory]
    [InlineData(40.1)]
    [InlineData(-41)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AVolumeOutsideTheSchemasRangeIsRefused(double decibels)
    {
        var error = Assert.Throws<PlaybackException>(() => new GainAudioSource(new SilenceSource(TimeSpan.Zero), decibels));
        Assert.Contains("-40..40", error.Message, StringComparison.Ordinal);
    }
}

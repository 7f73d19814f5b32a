using Swml.Runtime.Media;

namespace Swml.Runtime.Tests.Media;

public class SilenceSourceTests
{
    [Theory]
    [InlineData(2.5, 20000)]
    [InlineData(0.01, 80)]
    [InlineData(0, 0)]
    public void SilenceIsThatManyZeros(double seconds, int samples)
    {
        var read = AudioMeasure.ReadAll(new SilenceSource(TimeSpan.FromSeconds(seconds)));

        Assert.Equal(samples, read.Length);
        Assert.All(read, s => Assert.Equal(0, s));
    }

    [Fact]
    public void SilenceOverwritesWhatWasInTheFrame()
    {
        var frame = Enumerable.Repeat((short)1000, 160).ToArray();
        Assert.Equal(80, new SilenceSource(TimeSpan.FromMilliseconds(10)).Read(frame));
        Assert.All(frame[..80], s => Assert.Equal(0, s));
        Assert.All(frame[80..], s => Assert.Equal(1000, s));
    }
}

using Swml.Runtime.Media;
using Swml.Tests.Audio;

namespace Swml.Runtime.Tests.Media;

public class RingToneTests
{
    // The cadences the national specifications give, written here independently of RingTones' table.
    public static TheoryData<string, int[], int[]> Cadences => new()
    {
        { "us", [440, 480], [2000, 4000] },
        { "uk", [400, 450], [400, 200, 400, 2000] },
        { "de", [425], [1000, 4000] },
        { "fr", [440], [1500, 3500] },
        { "it", [425], [1000, 4000] },
        { "jp", [400], [1000, 2000] },
        { "au", [400, 450], [400, 200, 400, 2000] },
        { "es", [425], [1500, 3000] },
        { "tw", [440, 480], [1000, 2000] },
    };

    [Theory]
    [MemberData(nameof(Cadences))]
    public void OneRingIsOneCycleOfTheNationalCadence(string country, int[] frequencies, int[] pattern)
    {
        var samples = AudioMeasure.ReadAll(RingTones.Create(country, duration: null));

        Assert.Equal(pattern.Sum() * 8, samples.Length);
        var segments = AudioMeasure.Segments(samples);
        Assert.Equal(pattern.Length, segments.Count);
        for (var i = 0; i < pattern.Length; i++)
        {
            Assert.Equal(i % 2 == 0, segments[i].On);
            Assert.InRange(segments[i].Milliseconds, pattern[i] - 2, pattern[i] + 2);
        }

        // The first on segment carries the tone's frequencies and nothing far from them.
        var on = samples.AsSpan(0, pattern[0] * 8);
        var dominant = AudioMeasure.DominantFrequency(on);
        Assert.Contains(frequencies, f => Math.Abs(f - dominant) <= 2);
        foreach (var frequency in frequencies)
        {
            Assert.True(AudioMeasure.Power(on, frequency) > 100 * AudioMeasure.Power(on, frequency + 150), $"{frequency} Hz is not in {country}'s ringback");
        }
    }

    [Fact]
    public void JapanWarblesAt16Hz()
    {
        var on = AudioMeasure.ReadAll(RingTones.Create("jp", TimeSpan.FromSeconds(1)));

        // Amplitude modulation puts sidebands at 400 ± 16 Hz; a plain 400 Hz tone has none.
        Assert.True(AudioMeasure.Power(on, 416) > 0.1 * AudioMeasure.Power(on, 400));
        Assert.True(AudioMeasure.Power(on, 384) > 0.1 * AudioMeasure.Power(on, 400));
        Assert.True(AudioMeasure.Power(on, 416) > 100 * AudioMeasure.Power(on, 450));
    }

    [Fact]
    public void ADurationRingsRepeatedCyclesForExactlyThatLong()
    {
        var samples = AudioMeasure.ReadAll(RingTones.Create("us", TimeSpan.FromSeconds(10)));

        Assert.Equal(80000, samples.Length);
        var segments = AudioMeasure.Segments(samples);
        // 10 s of 2 s on, 4 s off: a full cycle, then the next one cut off after 4 s.
        Assert.Equal([(true, 2000), (false, 4000), (true, 2000), (false, 2000)], segments);
    }

    [Fact]
    public void TheToneIsAtAboutAFifthOfFullScale()
    {
        foreach (var country in new[] { "us", "de", "jp" })
        {
            var samples = AudioMeasure.ReadAll(RingTones.Create(country, TimeSpan.FromSeconds(1)));
            Assert.InRange(AudioMeasure.Peak(samples), 0.15 * short.MaxValue, 0.21 * short.MaxValue);
        }
    }

    [Fact]
    public void EveryCountryTheSpecListsRings()
    {
        // The spec's list, less us-old, which the schema's two-letter pattern cannot reach.
        var listed = "at au bg br be ch cl cn cz de dk ee es fi fr gr hu il in it lt jp mx my nl no nz ph pl pt ru se sg th uk us tw ve za".Split(' ');
        foreach (var country in listed)
        {
            var samples = AudioMeasure.ReadAll(RingTones.Create(country, duration: null));
            Assert.True(AudioCheck.Rms(samples) > 500, $"{country} rings silently");
            Assert.Equal(country, RingTones.Get(country.ToUpperInvariant()).Country);
        }

        Assert.Equal(listed.Order(StringComparer.Ordinal), RingTones.Countries);
    }

    [Fact]
    public void AnUnknownCountryIsRefusedWithTheCodesKnown()
    {
        var error = Assert.Throws<PlaybackException>(() => RingTones.Create("xx", null));
        Assert.Contains("'xx'", error.Message, StringComparison.Ordinal);
        Assert.Contains("us", error.Message, StringComparison.Ordinal);
    }
}

using Swml.Sip.Media;

namespace Swml.Runtime.Tests.Media;

/// <summary>What a test can measure of audio: its samples read as the media clock does, tones, cadence, level.</summary>
internal static class AudioMeasure
{
    /// <summary>Every sample of a source, read a 20 ms frame at a time until it ends.</summary>
    public static short[] ReadAll(IAudioSource source, int maxSamples = 8000 * 120)
    {
        var all = new List<short>();
        var frame = new short[RtpAudio.SamplesPerFrame];
        int read;
        while ((read = source.Read(frame)) > 0)
        {
            all.AddRange(frame.AsSpan(0, read));
            Assert.True(all.Count <= maxSamples, $"the source gave more than {maxSamples} samples");
            if (read < frame.Length)
            {
                break;
            }
        }

        return all.ToArray();
    }

    /// <summary>The power of one frequency in the samples (Goertzel), normalised by length.</summary>
    public static double Power(ReadOnlySpan<short> samples, double frequency, int sampleRate = RtpAudio.SampleRate)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0, beforePrevious = 0;
        foreach (var sample in samples)
        {
            var current = sample + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        var power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return power / ((double)samples.Length * samples.Length);
    }

    /// <summary>The strongest frequency between <paramref name="from"/> and <paramref name="to"/> Hz, to 1 Hz.</summary>
    public static int DominantFrequency(ReadOnlySpan<short> samples, int from = 100, int to = 3500)
    {
        var best = from;
        var bestPower = -1.0;
        for (var frequency = from; frequency <= to; frequency++)
        {
            var power = Power(samples, frequency);
            if (power > bestPower)
            {
                best = frequency;
                bestPower = power;
            }
        }

        return best;
    }

    /// <summary>
    /// The cadence: alternating on and off runs in milliseconds, starting with whichever comes first.
    /// A millisecond (8 samples) is on when any of its samples is louder than a small threshold. Dual
    /// tones beat (440+480 Hz fades out 40 times a second), so off runs under 10 ms count as on.
    /// </summary>
    public static List<(bool On, int Milliseconds)> Segments(ReadOnlySpan<short> samples)
    {
        var blocks = new List<bool>();
        for (var start = 0; start < samples.Length; start += 8)
        {
            var on = false;
            foreach (var sample in samples[start..Math.Min(start + 8, samples.Length)])
            {
                on |= Math.Abs((int)sample) > 200;
            }

            blocks.Add(on);
        }

        var runs = Runs(blocks);
        var smoothed = new List<bool>();
        for (var i = 0; i < runs.Count; i++)
        {
            var beat = !runs[i].On && runs[i].Milliseconds < 10 && i > 0 && i < runs.Count - 1;
            smoothed.AddRange(Enumerable.Repeat(runs[i].On || beat, runs[i].Milliseconds));
        }

        return Runs(smoothed);
    }

    private static List<(bool On, int Milliseconds)> Runs(List<bool> blocks)
    {
        var runs = new List<(bool On, int Milliseconds)>();
        foreach (var on in blocks)
        {
            if (runs.Count > 0 && runs[^1].On == on)
            {
                runs[^1] = (on, runs[^1].Milliseconds + 1);
            }
            else
            {
                runs.Add((on, 1));
            }
        }

        return runs;
    }

    public static int Peak(ReadOnlySpan<short> samples)
    {
        var peak = 0;
        foreach (var sample in samples)
        {
            peak = Math.Max(peak, Math.Abs((int)sample));
        }

        return peak;
    }
}

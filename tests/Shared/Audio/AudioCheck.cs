namespace Swml.Tests.Audio;

/// <summary>
/// What a peer recorded of our audio, checked against what we sent: where it starts (found by
/// cross-correlation, since a jitter buffer delays it by an unknown number of samples), how
/// similar it is, and how long the sound lasts.
/// </summary>
public static class AudioCheck
{
    /// <summary>
    /// The samples of a 16-bit mono PCM WAV file a peer wrote, to the end of the file: its data
    /// chunk's size may still be 0 when the peer did not close it.
    /// </summary>
    public static (short[] Samples, int SampleRate) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException($"{path} is not a WAV file ({bytes.Length} bytes)");
        }

        int rate = 0, channels = 0, bits = 0;
        for (var at = 12; at + 8 <= bytes.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, at, 4);
            var size = BitConverter.ToInt32(bytes, at + 4);
            if (id == "fmt ")
            {
                channels = BitConverter.ToInt16(bytes, at + 10);
                rate = BitConverter.ToInt32(bytes, at + 12);
                bits = BitConverter.ToInt16(bytes, at + 22);
            }
            else if (id == "data")
            {
                if (channels != 1 || bits != 16)
                {
                    throw new InvalidDataException($"{path}: {channels} channels of {bits} bits, not 16-bit mono");
                }

                var samples = new short[(bytes.Length - at - 8) / 2];
                Buffer.BlockCopy(bytes, at + 8, samples, 0, samples.Length * 2);
                return (samples, rate);
            }

            at += 8 + size + (size % 2);
        }

        throw new InvalidDataException($"{path} has no data chunk");
    }

    /// <summary>The offset into <paramref name="received"/> where <paramref name="sent"/> fits best, and the normalized correlation there.</summary>
    public static (int Offset, double Correlation) Align(short[] received, short[] sent, int maxOffset)
    {
        var best = (Offset: 0, Correlation: double.MinValue);
        var window = Math.Min(sent.Length, 4000);
        for (var offset = 0; offset <= Math.Min(maxOffset, received.Length - window); offset++)
        {
            var c = Correlation(received.AsSpan(offset, window), sent.AsSpan(0, window));
            if (c > best.Correlation)
            {
                best = (offset, c);
            }
        }

        return best;
    }

    public static double Correlation(ReadOnlySpan<short> a, ReadOnlySpan<short> b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            ab += a[i] * (double)b[i];
            aa += a[i] * (double)a[i];
            bb += b[i] * (double)b[i];
        }

        return aa == 0 || bb == 0 ? 0 : ab / Math.Sqrt(aa * bb);
    }

    /// <summary>How long the sound lasts: from the first to the last 10 ms block whose level is above <paramref name="threshold"/>.</summary>
    public static TimeSpan SoundDuration(short[] samples, double threshold = 200)
    {
        const int Block = 80;
        int first = -1, last = -1;
        for (var i = 0; i + Block <= samples.Length; i += Block)
        {
            if (Rms(samples.AsSpan(i, Block)) > threshold)
            {
                if (first < 0)
                {
                    first = i;
                }

                last = i + Block;
            }
        }

        return first < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((last - first) / 8000.0);
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += s * (double)s;
        }

        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }

    /// <summary>A test signal with no silence in it: a 300-3,000 Hz sweep at a third of full scale.</summary>
    public static short[] Sweep(double seconds)
    {
        var n = (int)(8000 * seconds);
        var samples = new short[n];
        double phase = 0;
        for (var i = 0; i < n; i++)
        {
            var frequency = 300 + (2700.0 * i / n);
            phase += 2 * Math.PI * frequency / 8000;
            samples[i] = (short)(10_000 * Math.Sin(phase));
        }

        return samples;
    }
}

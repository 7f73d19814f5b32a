using NAudio.Codecs;
using NAudio.Wave;
using Swml.Runtime.Media;

namespace Swml.Runtime.Tests.Media;

public class WavAudioTests
{
    public static TheoryData<int, int, int> Formats()
    {
        var formats = new TheoryData<int, int, int>();
        foreach (var rate in new[] { 8000, 11025, 16000, 22050, 44100, 48000 })
        {
            foreach (var bits in new[] { 8, 16 })
            {
                foreach (var channels in new[] { 1, 2 })
                {
                    formats.Add(rate, bits, channels);
                }
            }
        }

        formats.Add(44100, 24, 2);
        formats.Add(48000, 32, 1);
        return formats;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void PcmOfAnyCommonRateBecomes8kMonoOfTheSameLengthAndPitch(int rate, int bits, int channels)
    {
        var wav = Wav(new WaveFormat(rate, bits, channels), Sine(440, rate, seconds: 1.0, amplitude: 0.5));

        var audio = WavAudio.Decode(new MemoryStream(wav));

        Assert.InRange(audio.Length, 8000 - 160, 8000 + 160);
        Assert.Equal(440, AudioMeasure.DominantFrequency(audio.AsSpan(800, 6400), 300, 600));

        // 0.5 of full scale survives resampling and mixing down (identical channels average to the same).
        Assert.InRange(AudioMeasure.Peak(audio.AsSpan(800, 6400)), 0.45 * short.MaxValue, 0.55 * short.MaxValue);
    }

    [Fact]
    public void IeeeFloatIsRead()
    {
        var wav = Wav(WaveFormat.CreateIeeeFloatWaveFormat(16000, 1), Sine(1000, 16000, seconds: 0.5, amplitude: 0.3));

        var audio = WavAudio.Decode(new MemoryStream(wav));

        Assert.InRange(audio.Length, 4000 - 160, 4000 + 160);
        Assert.Equal(1000, AudioMeasure.DominantFrequency(audio.AsSpan(400, 3200), 500, 2000));
    }

    [Theory]
    [InlineData(WaveFormatEncoding.MuLaw)]
    [InlineData(WaveFormatEncoding.ALaw)]
    public void G711WavFilesAreExpanded(WaveFormatEncoding encoding)
    {
        var sine = Sine(440, 8000, seconds: 1.0, amplitude: 0.5);
        var encoded = sine.Select(s => encoding == WaveFormatEncoding.MuLaw
            ? MuLawEncoder.LinearToMuLawSample((short)(s * short.MaxValue))
            : ALawEncoder.LinearToALawSample((short)(s * short.MaxValue))).ToArray();
        var format = encoding == WaveFormatEncoding.MuLaw ? WaveFormat.CreateMuLawFormat(8000, 1) : WaveFormat.CreateALawFormat(8000, 1);
        var stream = new MemoryStream();
        using (var writer = new WaveFileWriter(stream, format))
        {
            writer.Write(encoded);
        }

        var audio = WavAudio.Decode(new MemoryStream(stream.ToArray()));

        Assert.Equal(8000, audio.Length);
        Assert.Equal(440, AudioMeasure.DominantFrequency(audio, 300, 600));
        Assert.InRange(AudioMeasure.Peak(audio), 0.45 * short.MaxValue, 0.55 * short.MaxValue);
    }

    [Fact]
    public void StereoIsMixedDownNotJustTheLeftChannel()
    {
        var left = Sine(440, 8000, 1.0, 0.5);
        var right = Sine(660, 8000, 1.0, 0.5);
        var interleaved = left.Zip(right, (l, r) => new[] { l, r }).SelectMany(pair => pair).ToArray();
        var audio = WavAudio.Decode(new MemoryStream(Wav(new WaveFormat(8000, 16, 2), interleaved, interleaved: true)));

        Assert.Equal(8000, audio.Length);
        var at440 = AudioMeasure.Power(audio, 440);
        var at660 = AudioMeasure.Power(audio, 660);
        Assert.InRange(at440 / at660, 0.8, 1.25);
        Assert.True(at440 > 100 * AudioMeasure.Power(audio, 550));
    }

    [Fact]
    public void AStreamedWavWithAPlaceholderLengthIsReadToItsEnd()
    {
        // espeak-ng --stdout writes 0x7ffff000 as the RIFF and data sizes: it cannot seek back.
        var wav = Wav(new WaveFormat(22050, 16, 1), Sine(440, 22050, 0.5, 0.5));
        BitConverter.GetBytes(0x7ffff000).CopyTo(wav, 4);
        BitConverter.GetBytes(0x7ffff000).CopyTo(wav, 40);

        var audio = WavAudio.Decode(new MemoryStream(wav));

        Assert.InRange(audio.Length, 4000 - 160, 4000 + 160);
    }

    [Fact]
    public void AStreamThatCannotSeekIsRead()
    {
        var wav = Wav(new WaveFormat(8000, 16, 1), Sine(440, 8000, 0.25, 0.5));
        Assert.Equal(2000, WavAudio.Decode(new ForwardOnlyStream(wav)).Length);
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { (byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0 }, "MP3")]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0 }, "MP3")]
    [InlineData(new byte[] { (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l', (byte)'>' }, "HTML")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, "not a WAV file")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3 }, "WAV")]
    public void BytesThatAreNotAWavFileSayWhatTheyAre(byte[] bytes, string expected)
    {
        var error = Assert.Throws<AudioFormatException>(() => WavAudio.Decode(new MemoryStream(bytes)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryTruncationOfAWavFileDecodesOrFailsAsAudioFormatException()
    {
        var wav = Wav(new WaveFormat(16000, 16, 2), Sine(440, 16000, 0.05, 0.5));
        for (var length = 0; length < wav.Length; length++)
        {
            try
            {
                WavAudio.Decode(new MemoryStream(wav, 0, length));
            }
            catch (AudioFormatException)
            {
            }
        }
    }

    [Fact]
    public void CorruptedHeadersFailAsAudioFormatException()
    {
        var wav = Wav(new WaveFormat(16000, 16, 2), Sine(440, 16000, 0.05, 0.5));
        var random = new Random(11);
        var failures = 0;
        for (var round = 0; round < 2000; round++)
        {
            var corrupt = (byte[])wav.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                corrupt[random.Next(0, 44)] = (byte)random.Next(256);
            }

            try
            {
                WavAudio.Decode(new MemoryStream(corrupt));
            }
            catch (AudioFormatException)
            {
                failures++;
            }
        }

        // Most corruptions are refused; none escapes as another exception (that would fail the test).
        Assert.True(failures > 100, $"only {failures} corruptions were refused");
    }

    [Fact]
    public void MoreThanTwoChannelsAreRefused()
    {
        var wav = Wav(new WaveFormat(8000, 16, 4), new float[400]);
        var error = Assert.Throws<AudioFormatException>(() => WavAudio.Decode(new MemoryStream(wav)));
        Assert.Contains("4 channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnsupportedEncodingIsNamed()
    {
        var stream = new MemoryStream();
        using (var writer = new WaveFileWriter(stream, WaveFormat.CreateCustomFormat(WaveFormatEncoding.Adpcm, 8000, 1, 4000, 256, 4)))
        {
            writer.Write(new byte[512]);
        }

        var error = Assert.Throws<AudioFormatException>(() => WavAudio.Decode(new MemoryStream(stream.ToArray())));
        Assert.Contains("Adpcm", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A sine wave as float samples (per channel frame when interleaved by the caller).</summary>
    internal static float[] Sine(double frequency, int rate, double seconds, double amplitude) =>
        Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate))).ToArray();

    /// <summary>A WAV file in <paramref name="format"/>; each sample goes to every channel unless they are already interleaved.</summary>
    internal static byte[] Wav(WaveFormat format, float[] samples, bool interleaved = false)
    {
        var stream = new MemoryStream();
        using (var writer = new WaveFileWriter(stream, format))
        {
            foreach (var sample in samples)
            {
                for (var channel = 0; channel < (interleaved ? 1 : format.Channels); channel++)
                {
                    WriteSample(writer, format, sample);
                }
            }
        }

        return stream.ToArray();
    }

    // WaveFileWriter writes 16/24/32-bit and float itself; 8-bit PCM is unsigned bytes centred on 128.
    private static void WriteSample(WaveFileWriter writer, WaveFormat format, float sample)
    {
        if (format.Encoding == WaveFormatEncoding.Pcm && format.BitsPerSample == 8)
        {
            writer.WriteByte((byte)Math.Clamp(Math.Round(128 + sample * 127), 0, 255));
        }
        else
        {
            writer.WriteSample(sample);
        }
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

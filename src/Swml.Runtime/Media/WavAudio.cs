using NAudio.Codecs;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using Swml.Sip.Media;

namespace Swml.Runtime.Media;

/// <summary>
/// WAV files to the call's audio: 8 kHz mono 16-bit. NAudio reads the file (PCM 8/16/24/32-bit,
/// IEEE float), mixes stereo down and resamples; G.711 WAV files, common for telephone prompts,
/// are expanded with NAudio's codecs first.
/// </summary>
internal static class WavAudio
{
    private const int MinSampleRate = 4000;
    private const int MaxSampleRate = 384000;

    /// <summary>
    /// Decodes a whole WAV file. Anything that is not one we can play throws an
    /// <see cref="AudioFormatException"/> saying why. The result holds at most four bytes per input
    /// byte (8-bit input at the lowest rate taken, 4 kHz, doubled to 8 kHz), so bounding the input
    /// bounds it.
    /// </summary>
    public static short[] Decode(Stream wav)
    {
        ArgumentNullException.ThrowIfNull(wav);
        if (!wav.CanSeek)
        {
            // WaveFileReader seeks between chunks.
            var copy = new MemoryStream();
            wav.CopyTo(copy);
            copy.Position = 0;
            wav = copy;
        }

        var start = wav.Position;
        try
        {
            using var reader = new WaveFileReader(wav);

            // A streamed WAV (espeak-ng --stdout) declares a placeholder data size of about 2 GB:
            // what is really there is what the stream holds.
            var dataBytes = Math.Min(reader.Length, wav.Length - start);
            return ToCallAudio(reader, dataBytes);
        }
        catch (AudioFormatException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The bytes come from anyone's web server, and NAudio does not document how it fails on
            // bad ones: whatever it throws means "not a WAV file we can read".
            wav.Position = start;
            throw new AudioFormatException($"{Describe(wav)}: {ex.Message}", ex);
        }
    }

    private static short[] ToCallAudio(WaveFileReader reader, long dataBytes)
    {
        var format = reader.WaveFormat;
        if (format.Channels is < 1 or > 2)
        {
            throw new AudioFormatException($"the WAV file has {format.Channels} channels; only mono and stereo can be played.");
        }

        if (format.SampleRate is < MinSampleRate or > MaxSampleRate)
        {
            throw new AudioFormatException($"the WAV file's sample rate {format.SampleRate} Hz is outside {MinSampleRate}..{MaxSampleRate} Hz.");
        }

        var source = ToSampleProvider(reader, dataBytes);
        if (format.Channels == 2)
        {
            source = source.ToMono(0.5f, 0.5f);
        }

        if (format.SampleRate != RtpAudio.SampleRate)
        {
            source = new WdlResamplingSampleProvider(source, RtpAudio.SampleRate);
        }

        var frames = dataBytes / Math.Max(1, format.BlockAlign);
        return ReadAll(source, (int)Math.Min(frames * RtpAudio.SampleRate / format.SampleRate + RtpAudio.SamplesPerFrame, int.MaxValue / 2));
    }

    private static ISampleProvider ToSampleProvider(WaveFileReader reader, long dataBytes)
    {
        var format = reader.WaveFormat;
        switch (format.Encoding)
        {
            case WaveFormatEncoding.Pcm or WaveFormatEncoding.IeeeFloat or WaveFormatEncoding.Extensible:
                return reader.ToSampleProvider();
            case WaveFormatEncoding.MuLaw or WaveFormatEncoding.ALaw when format.BitsPerSample == 8:
                var encoded = new byte[dataBytes];
                encoded = encoded[..reader.ReadAtMost(encoded)];
                var pcm = new short[encoded.Length];
                if (format.Encoding == WaveFormatEncoding.MuLaw)
                {
                    MuLawDecoder.Decode(encoded, pcm);
                }
                else
                {
                    ALawDecoder.Decode(encoded, pcm);
                }

                var bytes = new byte[pcm.Length * sizeof(short)];
                Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
                return new RawSourceWaveStream(bytes, 0, bytes.Length, new WaveFormat(format.SampleRate, 16, format.Channels)).ToSampleProvider();
            default:
                throw new AudioFormatException($"the WAV file is encoded as {format.Encoding} ({format.BitsPerSample}-bit); only PCM, IEEE float, mu-law and A-law can be played.");
        }
    }

    private static short[] ReadAll(ISampleProvider source, int expected)
    {
        var result = new List<short>(expected);
        var buffer = new float[4096];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            foreach (var sample in buffer.AsSpan(0, read))
            {
                result.Add(Samples.Clip(sample * short.MaxValue));
            }
        }

        return result.ToArray();
    }

    private static int ReadAtMost(this WaveStream stream, Span<byte> buffer)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer[total..])) > 0)
        {
            total += read;
        }

        return total;
    }

    // What the bytes look like, for the message: a web server's error page or an MP3 is a common mistake.
    private static string Describe(Stream wav)
    {
        Span<byte> head = stackalloc byte[4];
        var length = 0;
        int read;
        while (length < head.Length && (read = wav.Read(head[length..])) > 0)
        {
            length += read;
        }

        head = head[..length];
        return head switch
        {
            [] => "the audio is empty, not a WAV file",
            [(byte)'I', (byte)'D', (byte)'3', ..] or [0xFF, >= 0xE0, ..] => "the audio is MP3, not WAV (only WAV files can be played)",
            [(byte)'<', ..] or [(byte)'{', ..] => "the audio is text (an HTML or JSON page?), not a WAV file",
            [(byte)'R', (byte)'I', (byte)'F', (byte)'F'] => "the WAV file cannot be read",
            _ => "the audio is not a WAV file (no RIFF header)",
        };
    }
}

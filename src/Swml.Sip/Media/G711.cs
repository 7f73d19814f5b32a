using NAudio.Codecs;

namespace Swml.Sip.Media;

/// <summary>
/// G.711 (RFC 3551 §4.5.14): PCMU (μ-law, payload type 0) and PCMA (A-law, 8), a byte per sample,
/// through NAudio's tables, with two corrections: NAudio negates -32768 into itself and so encodes
/// the loudest negative sample as silence (we clamp it to -32767 first), and decodes μ-law's
/// negative zero (0x7F) as -1 where the standard's table has 0.
/// </summary>
internal static class G711
{
    public static void Encode(ReadOnlySpan<short> pcm, Span<byte> payload, G711Law law)
    {
        if (law == G711Law.ALaw)
        {
            for (var i = 0; i < pcm.Length; i++)
            {
                payload[i] = ALawEncoder.LinearToALawSample(Clamp(pcm[i]));
            }
        }
        else
        {
            for (var i = 0; i < pcm.Length; i++)
            {
                payload[i] = MuLawEncoder.LinearToMuLawSample(Clamp(pcm[i]));
            }
        }
    }

    public static void Decode(ReadOnlySpan<byte> payload, Span<short> pcm, G711Law law)
    {
        for (var i = 0; i < payload.Length; i++)
        {
            pcm[i] = law == G711Law.ALaw ? ALawDecoder.ALawToLinearSample(payload[i])
                : payload[i] == 0x7F ? (short)0
                : MuLawDecoder.MuLawToLinearSample(payload[i]);
        }
    }

    private static short Clamp(short sample) => sample == short.MinValue ? (short)-32767 : sample;

    /// <summary>The law of a negotiated codec by its name; null for any other codec.</summary>
    public static G711Law? LawOf(string codecName) =>
        codecName.Equals("PCMU", StringComparison.OrdinalIgnoreCase) ? G711Law.MuLaw
        : codecName.Equals("PCMA", StringComparison.OrdinalIgnoreCase) ? G711Law.ALaw
        : null;
}

internal enum G711Law
{
    MuLaw,
    ALaw,
}

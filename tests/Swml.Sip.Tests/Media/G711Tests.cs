using Swml.Sip.Media;

namespace Swml.Sip.Tests.Media;

/// <summary>G.711 against the values of the standard's tables (ITU-T G.711 Tables 1a/2a, in 16-bit PCM).</summary>
public sealed class G711Tests
{
    [Theory]
    [InlineData(0xFF, 0)] // μ-law: the positive zero code
    [InlineData(0x7F, 0)] // and the negative one
    [InlineData(0x80, 32124)] // the largest magnitude, 8159 x 4 (16-bit scale of the 14-bit table)
    [InlineData(0x00, -32124)]
    [InlineData(0xFE, 8)] // the first step: 2 x 4
    [InlineData(0xF0, 120)] // the end of the first segment: 30 x 4
    [InlineData(0xEF, 132)] // the first value of the second segment: 33 x 4
    public void MuLawDecodesToTheTableValues(int code, int linear)
    {
        Span<short> pcm = stackalloc short[1];
        G711.Decode([(byte)code], pcm, G711Law.MuLaw);
        Assert.Equal(linear, pcm[0]);
    }

    [Theory]
    [InlineData(0xD5, 8)] // A-law: the smallest positive value (1 x 8 in the 13-bit table, x 16 / 2)
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)] // the largest magnitude: 4032 x 8
    [InlineData(0x2A, -32256)]
    public void ALawDecodesToTheTableValues(int code, int linear)
    {
        Span<short> pcm = stackalloc short[1];
        G711.Decode([(byte)code], pcm, G711Law.ALaw);
        Assert.Equal(linear, pcm[0]);
    }

    [Theory]
    [InlineData(G711Law.MuLaw)]
    [InlineData(G711Law.ALaw)]
    internal void EveryCodeSurvivesDecodeAndEncode(G711Law law)
    {
        var codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var pcm = new short[256];
        var again = new byte[256];
        G711.Decode(codes, pcm, law);
        G711.Encode(pcm, again, law);
        for (var i = 0; i < 256; i++)
        {
            // μ-law has two zeros (0x7F and 0xFF); zero encodes as 0xFF.
            var expected = law == G711Law.MuLaw && i == 0x7F ? (byte)0xFF : (byte)i;
            Assert.True(expected == again[i], $"code 0x{i:X2} came back as 0x{again[i]:X2}");
        }
    }

    [Theory]
    [InlineData(G711Law.MuLaw, 0xFF)]
    [InlineData(G711Law.ALaw, 0xD5)]
    internal void SilenceEncodesAsTheZeroCode(G711Law law, int zero)
    {
        var payload = new byte[4];
        G711.Encode(new short[4], payload, law);
        Assert.All(payload, b => Assert.Equal(zero, b));
    }

    [Theory]
    [InlineData(G711Law.MuLaw, 0x00)]
    [InlineData(G711Law.ALaw, 0x2A)]
    internal void TheLoudestNegativeSampleIsTheLoudestNegativeCode(G711Law law, int code)
    {
        // NAudio alone encodes -32768 as (near) silence.
        var payload = new byte[1];
        G711.Encode([short.MinValue], payload, law);
        Assert.Equal(code, payload[0]);
    }

    [Fact]
    public void EncodingIsMonotonic()
    {
        // Louder input never gives a quieter decoded sample: the companding segments meet without a step back.
        var previous = short.MinValue;
        Span<byte> code = stackalloc byte[1];
        Span<short> back = stackalloc short[1];
        for (var x = -32768; x <= 32767; x += 7)
        {
            G711.Encode([(short)x], code, G711Law.MuLaw);
            G711.Decode(code, back, G711Law.MuLaw);
            Assert.True(back[0] >= previous, $"{x} decoded to {back[0]} after {previous}");
            previous = back[0];
        }
    }
}

using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// The <c>escaped = "%" HEXDIG HEXDIG</c> mechanism of RFC 3261 §19.1.2 and §25.1. URI parts are
/// stored as written; comparison (§19.1.4) decodes them to octets, so <c>%75</c> equals <c>u</c>.
/// </summary>
internal static class SipEscaping
{
    /// <summary>Whether every <c>%</c> in <paramref name="s"/> starts a valid escape.</summary>
    public static bool IsValid(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%')
            {
                if (i + 2 >= s.Length || !SipChars.IsHex(s[i + 1]) || !SipChars.IsHex(s[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
        }

        return true;
    }

    /// <summary>Decodes the escapes into octets; other characters are taken as UTF-8.</summary>
    public static byte[] Decode(ReadOnlySpan<char> s)
    {
        var bytes = new List<byte>(s.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%' && i + 2 < s.Length && SipChars.IsHex(s[i + 1]) && SipChars.IsHex(s[i + 2]))
            {
                bytes.Add((byte)((HexValue(s[i + 1]) << 4) | HexValue(s[i + 2])));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                var n = Encoding.UTF8.GetBytes(s.Slice(i, char.IsHighSurrogate(c) && i + 1 < s.Length ? 2 : 1), utf8);
                for (var k = 0; k < n; k++)
                {
                    bytes.Add(utf8[k]);
                }

                if (n > 0 && char.IsHighSurrogate(c) && i + 1 < s.Length)
                {
                    i++;
                }
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Decodes the escapes and reads the octets as UTF-8 (invalid sequences become U+FFFD).</summary>
    public static string Unescape(ReadOnlySpan<char> s) => s.Contains('%') ? Encoding.UTF8.GetString(Decode(s)) : s.ToString();

    /// <summary>%-escapes every octet of the UTF-8 form of <paramref name="value"/> that <paramref name="allowed"/> rejects.</summary>
    public static string Escape(string value, Func<char, bool> allowed)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (b < 0x80 && c != '%' && allowed(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Compares two escaped strings octet by octet after decoding (RFC 3261 §19.1.4).</summary>
    public static bool EquivalentTo(string? a, string? b, bool ignoreCase)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        var x = Decode(a);
        var y = Decode(b);
        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            var p = x[i];
            var q = y[i];
            if (ignoreCase)
            {
                p = p is >= (byte)'A' and <= (byte)'Z' ? (byte)(p | 0x20) : p;
                q = q is >= (byte)'A' and <= (byte)'Z' ? (byte)(q | 0x20) : q;
            }

            if (p != q)
            {
                return false;
            }
        }

        return true;
    }

    private static int HexValue(char c) => SipChars.IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}

namespace Swml.Sip.Message;

/// <summary>
/// The Content-Length header field (RFC 3261 §20.14): <c>1*DIGIT</c>, the body size in octets.
/// Negative or non-numeric values are malformed (RFC 4475 §3.1.2.3); values above
/// <see cref="int.MaxValue"/> are rejected here and size limits apply later.
/// </summary>
internal static class ContentLengthHeader
{
    /// <summary>Parses a Content-Length value; leading zeros are allowed.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int length)
    {
        var ok = SipChars.TryParseDigits(text.Trim(" \t"), int.MaxValue, out var value);
        length = ok ? (int)value : 0;
        return ok;
    }

    /// <summary>Parses a Content-Length value given as ASCII bytes (used by stream framing).</summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, out int length)
    {
        length = 0;
        var s = text.Trim(" \t"u8);
        if (s.IsEmpty)
        {
            return false;
        }

        long value = 0;
        foreach (var b in s)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
            if (value > int.MaxValue)
            {
                return false;
            }
        }

        length = (int)value;
        return true;
    }

    /// <summary>The value as written.</summary>
    public static string Format(int length) => length.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

namespace Swml.Sip.Message;

/// <summary>
/// The CSeq header field (RFC 3261 §20.16): <c>1*DIGIT LWS Method</c>. The number must fit in
/// 32 bits unsigned when received (§20.16); a request we originate keeps it below 2^31 (§8.1.1.5),
/// which <see cref="Create"/> enforces. The method is case-sensitive and must match the
/// Request-Line's (§8.2 and RFC 4475 §3.1.2.17).
/// </summary>
/// <param name="Number">The sequence number.</param>
/// <param name="Method">The method, case-sensitive.</param>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    /// <summary>The exclusive upper bound for numbers we choose (RFC 3261 §8.1.1.5).</summary>
    public const uint OutgoingLimit = 1u << 31;

    /// <summary>Creates a CSeq for a request we send.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number is 2^31 or more.</exception>
    /// <exception cref="ArgumentException">The method is not a token.</exception>
    public static CSeqHeader Create(uint number, string method)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(number, OutgoingLimit);
        if (!SipChars.IsToken(method))
        {
            throw new ArgumentException($"'{method}' is not a method token.", nameof(method));
        }

        return new CSeqHeader(number, method);
    }

    /// <summary>Parses a CSeq value such as <c>0009  INVITE</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out CSeqHeader value)
    {
        value = default;
        var s = text.Trim(" \t");
        var i = 0;
        while (i < s.Length && SipChars.IsDigit(s[i]))
        {
            i++;
        }

        if (!SipChars.TryParseDigits(s[..i], uint.MaxValue, out var number))
        {
            return false;
        }

        var methodStart = SipChars.SkipWhitespace(s, i);
        if (methodStart == i || !SipChars.IsToken(s[methodStart..]))
        {
            return false;
        }

        value = new CSeqHeader((uint)number, SipMethods.Intern(s[methodStart..]));
        return true;
    }

    /// <summary>Parses a CSeq value, or throws <see cref="FormatException"/>.</summary>
    public static CSeqHeader Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a valid CSeq value.");

    /// <inheritdoc/>
    public override string ToString() => $"{Number} {Method}";
}

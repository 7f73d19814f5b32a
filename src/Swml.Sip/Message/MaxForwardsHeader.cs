namespace Swml.Sip.Message;

/// <summary>
/// The Max-Forwards header field (RFC 3261 §20.22): <c>1*DIGIT</c>, an integer from 0 to 255.
/// Larger values are malformed (RFC 4475 §3.1.2.4). A UAC normally sends 70 (§8.1.1.6).
/// </summary>
internal static class MaxForwardsHeader
{
    /// <summary>The value RFC 3261 §8.1.1.6 recommends for a new request.</summary>
    public const int Default = 70;

    /// <summary>Parses a Max-Forwards value; leading zeros are allowed (<c>0068</c>).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int hops)
    {
        var ok = SipChars.TryParseDigits(text.Trim(" \t"), 255, out var value);
        hops = ok ? (int)value : 0;
        return ok;
    }
}

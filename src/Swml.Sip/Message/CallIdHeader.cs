namespace Swml.Sip.Message;

/// <summary>
/// The Call-ID header field (RFC 3261 §20.8, §25.1): <c>word [ "@" word ]</c>, compared
/// case-sensitively. A word admits many punctuation characters (RFC 4475 §3.1.1.2).
/// </summary>
internal static class CallIdHeader
{
    /// <summary>Whether <paramref name="text"/> is a valid Call-ID (surrounding whitespace allowed).</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        var s = text.Trim(" \t");
        var at = s.IndexOf('@');
        return at < 0 ? IsWord(s) : IsWord(s[..at]) && IsWord(s[(at + 1)..]);
    }

    private static bool IsWord(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!SipChars.IsWord(c))
            {
                return false;
            }
        }

        return true;
    }
}

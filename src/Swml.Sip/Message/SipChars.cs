namespace Swml.Sip.Message;

/// <summary>
/// Character classes of the RFC 3261 §25.1 grammar, as lookup tables over ASCII. Anything at or
/// above 0x80 is outside every class here; UTF-8 is only allowed where the grammar says so.
/// </summary>
internal static class SipChars
{
    private const string Alphanum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    // mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
    private const string Mark = "-_.!~*'()";

    private static readonly bool[] TokenTable = Table(Alphanum + "-.!%*_+`'~");
    private static readonly bool[] WordTable = Table(Alphanum + "-.!%*_+`'~()<>:\\\"/[]?{}");
    private static readonly bool[] UnreservedTable = Table(Alphanum + Mark);

    // user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = & = + $ , ; ? /
    private static readonly bool[] UserTable = Table(Alphanum + Mark + "&=+$,;?/");

    // password = *( unreserved / escaped / & = + $ , )
    private static readonly bool[] PasswordTable = Table(Alphanum + Mark + "&=+$,");

    // paramchar = param-unreserved / unreserved / escaped; param-unreserved = [ ] / : & + $
    private static readonly bool[] ParamTable = Table(Alphanum + Mark + "[]/:&+$");

    // hname/hvalue = *( hnv-unreserved / unreserved / escaped ); hnv-unreserved = [ ] / ? : + $
    private static readonly bool[] HeaderTable = Table(Alphanum + Mark + "[]/?:+$");

    // uric = reserved / unreserved / escaped (RFC 2396), plus [ ] for IPv6 literals (RFC 2732).
    private static readonly bool[] UricTable = Table(Alphanum + Mark + ";/?:@&=+$,[]");

    private static readonly bool[] SchemeTable = Table(Alphanum + "+-.");

    /// <summary>The character classes a %-escaped run is made of (§25.1 user, password, paramchar, hname and hvalue).</summary>
    public enum Run
    {
        User,
        Password,
        Param,
        Header,
    }

    public static bool IsToken(char c) => c < 128 && TokenTable[c];

    public static bool IsWord(char c) => c < 128 && WordTable[c];

    public static bool IsUnreserved(char c) => c < 128 && UnreservedTable[c];

    public static bool IsUserChar(char c) => c < 128 && UserTable[c];

    public static bool IsPasswordChar(char c) => c < 128 && PasswordTable[c];

    public static bool IsParamChar(char c) => c < 128 && ParamTable[c];

    public static bool IsHeaderChar(char c) => c < 128 && HeaderTable[c];

    public static bool IsUric(char c) => c < 128 && UricTable[c];

    public static bool IsSchemeChar(char c) => c < 128 && SchemeTable[c];

    public static bool IsAlpha(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    public static bool IsAlphanum(char c) => IsAlpha(c) || IsDigit(c);

    public static bool IsHex(char c) => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 'f' - 'a';

    public static bool IsWhitespace(char c) => c == ' ' || c == '\t';

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsToken(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether every character is of the class or part of a valid %-escape; empty only when allowed.</summary>
    public static bool IsEscapedRun(ReadOnlySpan<char> s, Run run, bool allowEmpty)
    {
        if (s.IsEmpty)
        {
            return allowEmpty;
        }

        var table = run switch
        {
            Run.User => UserTable,
            Run.Password => PasswordTable,
            Run.Param => ParamTable,
            _ => HeaderTable,
        };
        foreach (var c in s)
        {
            if (c != '%' && (c >= 128 || !table[c]))
            {
                return false;
            }
        }

        return SipEscaping.IsValid(s);
    }

    public static bool IsDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a header value fits on one line: no CR or LF, and any other control character
    /// (HTAB aside) escaped by a backslash, as a quoted-pair may do (RFC 3261 §25.1).
    /// </summary>
    public static bool IsValidFieldValue(ReadOnlySpan<char> value)
    {
        var backslashes = 0;
        foreach (var c in value)
        {
            if (c is '\r' or '\n' || (((c < 0x20 && c != '\t') || c == 0x7F) && backslashes % 2 == 0))
            {
                return false;
            }

            backslashes = c == '\\' ? backslashes + 1 : 0;
        }

        return true;
    }

    /// <summary>Skips spaces and tabs (SWS, once folding has been undone).</summary>
    public static int SkipWhitespace(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsWhitespace(s[i]))
        {
            i++;
        }

        return i;
    }

    public static int ReadToken(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsToken(s[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Parses 1*DIGIT into a value no larger than <paramref name="max"/>; leading zeros are fine.</summary>
    public static bool TryParseDigits(ReadOnlySpan<char> s, ulong max, out ulong value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsDigit(c))
            {
                return false;
            }

            value = (value * 10) + (ulong)(c - '0');
            if (value > max)
            {
                return false;
            }
        }

        return true;
    }

    private static bool[] Table(string chars)
    {
        var table = new bool[128];
        foreach (var c in chars)
        {
            table[c] = true;
        }

        return table;
    }
}

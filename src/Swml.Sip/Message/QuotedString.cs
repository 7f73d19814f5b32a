using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// The quoted-string of RFC 3261 §25.1: <c>DQUOTE *(qdtext / quoted-pair) DQUOTE</c>, where a
/// quoted-pair is a backslash before any character except CR and LF.
/// </summary>
internal static class QuotedString
{
    /// <summary>
    /// Reads a quoted string starting at <paramref name="start"/>, which must be a double quote.
    /// </summary>
    /// <param name="text">The text holding the quoted string.</param>
    /// <param name="start">Index of the opening quote.</param>
    /// <param name="value">The content with the escapes removed.</param>
    /// <param name="end">Index just after the closing quote.</param>
    /// <returns>False when there is no opening quote, no closing quote, or an invalid character.</returns>
    public static bool TryRead(ReadOnlySpan<char> text, int start, out string value, out int end) =>
        TryRead(text, start, out value, out end, unescape: true);

    /// <summary>As the public <c>TryRead</c>; without <paramref name="unescape"/> it only checks, and <paramref name="value"/> is empty.</summary>
    internal static bool TryRead(ReadOnlySpan<char> text, int start, out string value, out int end, bool unescape)
    {
        value = string.Empty;
        end = start;
        if ((uint)start >= (uint)text.Length || text[start] != '"')
        {
            return false;
        }

        var escapes = 0;
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                if (unescape)
                {
                    var content = text[(start + 1)..i];
                    value = escapes == 0 ? content.ToString() : Unescape(content, escapes);
                }

                end = i + 1;
                return true;
            }

            if (c == '\\')
            {
                // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
                if (i + 1 >= text.Length || text[i + 1] is '\r' or '\n' || text[i + 1] > 0x7F)
                {
                    return false;
                }

                escapes++;
                i += 2;
                continue;
            }

            // qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                return false;
            }

            i++;
        }

        return false;
    }

    /// <summary>Parses a whole string that is exactly one quoted string.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out string value) =>
        TryRead(text, 0, out value, out var end) && end == text.Length;

    /// <summary>Removes the quotes and escapes when <paramref name="text"/> is a quoted string; returns it unchanged otherwise.</summary>
    public static string Unquote(string text) => TryParse(text, out var value) ? value : text;

    /// <summary>
    /// Quotes <paramref name="value"/>, escaping the quote, the backslash and control characters.
    /// </summary>
    /// <exception cref="ArgumentException">The value holds CR or LF, which a quoted string cannot carry.</exception>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        Append(builder, value);
        return builder.ToString();
    }

    // The content of a checked quoted string with its quoted-pairs taken apart.
    private static string Unescape(ReadOnlySpan<char> content, int escapes)
    {
        var length = content.Length - escapes;
        var buffer = length <= 256 ? stackalloc char[length] : new char[length];
        var n = 0;
        for (var i = 0; i < content.Length; i++)
        {
            buffer[n++] = content[i] == '\\' ? content[++i] : content[i];
        }

        return new string(buffer);
    }

    internal static void Append(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            if (c is '\r' or '\n')
            {
                throw new ArgumentException("A quoted string cannot hold CR or LF.", nameof(value));
            }

            if (c is '"' or '\\' || (c < 0x20 && c != '\t') || c == 0x7F)
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
    }
}

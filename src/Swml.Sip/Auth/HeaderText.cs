// Writing auth-param values: quoted-string (RFC 3261 §25.1, RFC 7230 §3.2.6).
using System.Text;

namespace Swml.Sip.Auth;

internal static class HeaderText
{
    /// <summary>Appends <paramref name="value"/> as a quoted-string, escaping <c>"</c> and <c>\</c>.</summary>
    public static StringBuilder AppendQuoted(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"');
    }

    /// <summary>
    /// Whether the text can go into a header value: no CR, LF or other control character (a quoted-pair
    /// cannot carry CR or LF, and a raw one would end the header line).
    /// </summary>
    public static bool IsSafe(string text)
    {
        foreach (var c in text)
        {
            if ((c < ' ' && c != '\t') || c == '\x7f')
            {
                return false;
            }
        }

        return true;
    }
}

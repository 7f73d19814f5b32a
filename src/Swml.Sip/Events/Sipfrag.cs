using System.Text;

namespace Swml.Sip.Events;

/// <summary>
/// The status line of a message/sipfrag body (RFC 3420), read leniently as peers write it: bare LF
/// (baresip 1.0), no final CRLF, "200 Ok" (liblinphone), extra headers after the line.
/// </summary>
public static class Sipfrag
{
    /// <summary>The status code of the body's first line ("SIP/2.0 200 OK"), or null when it has none.</summary>
    public static int? StatusCode(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body).TrimStart();
        var end = text.IndexOfAny(new[] { '\r', '\n' });
        var line = end < 0 ? text : text.Substring(0, end);
        if (!line.StartsWith("SIP/2.0", StringComparison.OrdinalIgnoreCase) || line.Length < 11 || !char.IsWhiteSpace(line[7]))
        {
            return null;
        }

        var code = line.Substring(7).TrimStart();
        return code.Length >= 3 && code.Take(3).All(char.IsAsciiDigit) && (code.Length == 3 || !char.IsAsciiDigit(code[3]))
            ? int.Parse(code.AsSpan(0, 3), System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Whether a Content-Type is message/sipfrag (any parameters, any case).</summary>
    public static bool IsSipfrag(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("message/sipfrag", StringComparison.OrdinalIgnoreCase);
}

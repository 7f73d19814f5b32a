using System.Globalization;

namespace Swml.Sip.Message;

/// <summary>
/// The Date header field (RFC 3261 §20.17): an RFC 1123 date that must be in GMT,
/// <c>Sat, 13 Nov 2010 23:29:00 GMT</c>. Other zones are malformed (RFC 4475 §3.1.2.12).
/// </summary>
internal static class DateHeader
{
    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// Parses <c>wkday "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "GMT"</c>.
    /// The weekday must be one of the names but is not checked against the date.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        var s = text.Trim(" \t");
        if (s.Length != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' '
            || s[19] != ':' || s[22] != ':' || s[25] != ' ' || !s[26..].SequenceEqual("GMT"))
        {
            return false;
        }

        if (IndexOf(Days, s[..3]) < 0)
        {
            return false;
        }

        var month = IndexOf(Months, s.Slice(8, 3)) + 1;
        if (month == 0
            || !SipChars.TryParseDigits(s.Slice(5, 2), 31, out var day)
            || !SipChars.TryParseDigits(s.Slice(12, 4), 9999, out var year)
            || !SipChars.TryParseDigits(s.Slice(17, 2), 23, out var hour)
            || !SipChars.TryParseDigits(s.Slice(20, 2), 59, out var minute)
            || !SipChars.TryParseDigits(s.Slice(23, 2), 60, out var second))
        {
            return false;
        }

        if (year == 0 || day == 0 || (int)day > DateTime.DaysInMonth((int)year, month))
        {
            return false;
        }

        // A leap second (:60) is read as the last second of the minute.
        value = new DateTimeOffset((int)year, month, (int)day, (int)hour, (int)minute, Math.Min((int)second, 59), TimeSpan.Zero);
        return true;
    }

    /// <summary>Formats a date the way RFC 3261 §20.17 writes it.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    private static int IndexOf(string[] names, ReadOnlySpan<char> s)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (s.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

using System.Globalization;
using System.Text;

namespace Swml.Sip.Sdp;

/// <summary>
/// The event list of a telephone-event <c>a=fmtp</c> line (RFC 4733 §2.4.1): numbers and ranges such as
/// <c>0-15,66,70</c>, events 0-255.
/// </summary>
internal static class TelephoneEvents
{
    /// <summary>What a peer supports when it gives no list: the DTMF events 0-15 (RFC 4733).</summary>
    public const string DefaultList = "0-15";

    /// <summary>
    /// The events both lists name, written as a list (<c>0-15</c>), or null if they share none. A list that
    /// does not parse counts as the default, 0-15: the peer surely means DTMF.
    /// </summary>
    public static string? Intersect(string? offered, string? supported)
    {
        var theirs = Parse(offered) ?? Parse(DefaultList)!;
        var ours = Parse(supported) ?? Parse(DefaultList)!;
        for (var e = 0; e < theirs.Length; e++)
        {
            theirs[e] &= ours[e];
        }

        return Format(theirs);
    }

    private static bool[]? Parse(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return null;
        }

        var events = new bool[256];
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries))
        {
            var dash = item.IndexOf('-');
            if (!TryEvent(dash < 0 ? item : item[..dash], out var first))
            {
                return null;
            }

            var last = first;
            if (dash >= 0 && (!TryEvent(item[(dash + 1)..], out last) || last < first))
            {
                return null;
            }

            for (var e = first; e <= last; e++)
            {
                events[e] = true;
            }
        }

        return events;
    }

    private static bool TryEvent(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= 255;

    private static string? Format(bool[] events)
    {
        var builder = new StringBuilder();
        for (var e = 0; e < 256; e++)
        {
            if (!events[e])
            {
                continue;
            }

            var last = e;
            while (last + 1 < 256 && events[last + 1])
            {
                last++;
            }

            builder.Append(builder.Length > 0 ? "," : "").Append(e);
            if (last > e)
            {
                builder.Append('-').Append(last);
            }

            e = last;
        }

        return builder.Length > 0 ? builder.ToString() : null;
    }
}

using System.Text;

namespace Swml.Sip.Sdp;

/// <summary>Writes a description in the line order of RFC 8866 §5, each line ending in CRLF.</summary>
internal static class SdpWriter
{
    public static string Write(SessionDescription description)
    {
        var builder = new StringBuilder(512);
        Line(builder, 'v', "0");
        Line(builder, 'o', description.Origin.ToString());
        Line(builder, 's', description.SessionName);
        Optional(builder, 'i', description.Information);
        Optional(builder, 'u', description.Uri);
        foreach (var email in description.Emails)
        {
            Line(builder, 'e', email);
        }

        foreach (var phone in description.Phones)
        {
            Line(builder, 'p', phone);
        }

        Optional(builder, 'c', description.Connection?.ToString());
        foreach (var bandwidth in description.Bandwidths)
        {
            Line(builder, 'b', bandwidth.ToString());
        }

        // At least one time description is required; SIP uses an unbounded one (RFC 3264 §5).
        var timings = description.Timings.Count > 0 ? description.Timings : [SdpTiming.Unbounded];
        foreach (var timing in timings)
        {
            Line(builder, 't', timing.ToString());
            foreach (var repeat in timing.Repeats)
            {
                Line(builder, 'r', repeat);
            }
        }

        Optional(builder, 'z', description.TimeZones);
        Optional(builder, 'k', description.Key);
        Tail(builder, description.Attributes, description.OtherLines);

        foreach (var media in description.Media)
        {
            WriteMedia(builder, media);
        }

        return builder.ToString();
    }

    private static void WriteMedia(StringBuilder builder, MediaDescription media)
    {
        builder.Append("m=").Append(media.Media).Append(' ').Append(media.Port);
        if (media.PortCount is { } count)
        {
            builder.Append('/').Append(count);
        }

        builder.Append(' ').Append(media.Protocol);
        foreach (var format in media.Formats)
        {
            builder.Append(' ').Append(format);
        }

        builder.Append("\r\n");
        Optional(builder, 'i', media.Title);
        foreach (var connection in media.Connections)
        {
            Line(builder, 'c', connection.ToString());
        }

        foreach (var bandwidth in media.Bandwidths)
        {
            Line(builder, 'b', bandwidth.ToString());
        }

        Optional(builder, 'k', media.Key);
        Tail(builder, media.Attributes, media.OtherLines);
    }

    private static void Tail(StringBuilder builder, IReadOnlyList<SdpAttribute> attributes, IReadOnlyList<SdpLine> others)
    {
        foreach (var attribute in attributes)
        {
            Line(builder, 'a', attribute.ToString());
        }

        foreach (var line in others)
        {
            Line(builder, line.Type, line.Value);
        }
    }

    private static void Optional(StringBuilder builder, char type, string? value)
    {
        if (value is not null)
        {
            Line(builder, type, value);
        }
    }

    private static void Line(StringBuilder builder, char type, string value) =>
        builder.Append(type).Append('=').Append(value).Append("\r\n");
}

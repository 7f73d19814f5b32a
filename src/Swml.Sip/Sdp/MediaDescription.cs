namespace Swml.Sip.Sdp;

/// <summary>
/// A media description (RFC 8866 §5.14): the <c>m=</c> line and the <c>i=</c>, <c>c=</c>, <c>b=</c>, <c>k=</c> and
/// <c>a=</c> lines under it, plus any lines of unknown type.
/// </summary>
public sealed class MediaDescription
{
    /// <summary>The media type: <c>audio</c>, <c>video</c>, <c>application</c>…</summary>
    public required string Media { get; init; }

    /// <summary>The transport port; 0 marks a rejected or disabled stream (RFC 3264 §6, §8.2).</summary>
    public required int Port { get; init; }

    /// <summary>The <c>/&lt;number of ports&gt;</c> after the port, when given.</summary>
    public int? PortCount { get; init; }

    /// <summary>The transport protocol, e.g. <c>RTP/AVP</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary>The media formats: RTP payload type numbers for RTP protocols.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    /// <summary>The media title (<c>i=</c>).</summary>
    public string? Title { get; init; }

    /// <summary>The media-level <c>c=</c> lines; more than one only for layered multicast.</summary>
    public IReadOnlyList<SdpConnection> Connections { get; init; } = [];

    /// <summary>The <c>b=</c> lines.</summary>
    public IReadOnlyList<SdpBandwidth> Bandwidths { get; init; } = [];

    /// <summary>The obsolete <c>k=</c> line, kept as written.</summary>
    public string? Key { get; init; }

    /// <summary>The <c>a=</c> lines, in order.</summary>
    public IReadOnlyList<SdpAttribute> Attributes { get; init; } = [];

    /// <summary>Lines of unknown type, in order; written after the attributes.</summary>
    public IReadOnlyList<SdpLine> OtherLines { get; init; } = [];

    /// <summary>The first media-level <c>c=</c> line, if any. See <see cref="SessionDescription.GetConnection"/>.</summary>
    public SdpConnection? Connection => Connections.Count > 0 ? Connections[0] : null;

    /// <summary>Whether the port is 0: the stream is rejected or disabled.</summary>
    public bool IsRejected => Port == 0;

    /// <summary>Whether this is an <c>audio</c> stream.</summary>
    public bool IsAudio => Media.Equals("audio", StringComparison.OrdinalIgnoreCase);

    /// <summary>The media-level direction attribute, if any. See <see cref="SessionDescription.GetDirection"/>.</summary>
    public MediaDirection? Direction => SdpAttributeList.FindDirection(Attributes);

    /// <summary>The <c>a=ptime</c> value in milliseconds, if given and numeric.</summary>
    public int? Ptime => SdpAttributeList.FindInteger(Attributes, "ptime");

    /// <summary>The value of the first attribute with this name (<c>""</c> for a flag), or null.</summary>
    public string? GetAttribute(string name) => SdpAttributeList.Find(Attributes, name);

    /// <summary>
    /// What an RTP format stands for: its <c>a=rtpmap</c> line, or else the static payload type of RFC 3551.
    /// Null for a dynamic type without an rtpmap, or a format that is not a payload type.
    /// </summary>
    public RtpMap? GetRtpMap(string format)
    {
        if (!RtpMap.TryParsePayloadType(format, out var payloadType))
        {
            return null;
        }

        if (SdpAttributeList.FindForFormat(Attributes, "rtpmap", format) is { } value)
        {
            // An rtpmap that does not parse says nothing about the format; a mismatched number would be a lie.
            return RtpMap.TryParse($"{format} {value}", out var map) && map.Value.PayloadType == payloadType ? map : null;
        }

        return RtpMap.TryGetStatic(payloadType, out var known) ? known : null;
    }

    /// <summary>The <c>a=fmtp</c> parameters of a format, without the format, or null.</summary>
    public string? GetFormatParameters(string format) => SdpAttributeList.FindForFormat(Attributes, "fmtp", format);
}

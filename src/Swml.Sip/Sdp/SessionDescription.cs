using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Swml.Sip.Sdp;

/// <summary>
/// A session description (RFC 8866 §5; RFC 4566 before it): the session-level lines and the media
/// descriptions. <see cref="TryParse(string?, out SessionDescription?, out string?)"/> reads what real
/// peers send; <see cref="ToString"/> writes the lines in the RFC's order with CRLF line ends.
/// </summary>
/// <remarks>
/// Lists are compared by reference; compare two descriptions by their text.
/// </remarks>
public sealed class SessionDescription
{
    /// <summary>The <c>o=</c> line.</summary>
    public required SdpOrigin Origin { get; init; }

    /// <summary>The <c>s=</c> line; <c>-</c> when a peer left it out.</summary>
    public string SessionName { get; init; } = "-";

    /// <summary>The session-level <c>i=</c> line.</summary>
    public string? Information { get; init; }

    /// <summary>The <c>u=</c> line.</summary>
    public string? Uri { get; init; }

    /// <summary>The <c>e=</c> lines.</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>The <c>p=</c> lines.</summary>
    public IReadOnlyList<string> Phones { get; init; } = [];

    /// <summary>The session-level <c>c=</c> line, the default for media without their own.</summary>
    public SdpConnection? Connection { get; init; }

    /// <summary>The session-level <c>b=</c> lines.</summary>
    public IReadOnlyList<SdpBandwidth> Bandwidths { get; init; } = [];

    /// <summary>The time descriptions; written as <c>t=0 0</c> when there are none.</summary>
    public IReadOnlyList<SdpTiming> Timings { get; init; } = [];

    /// <summary>The <c>z=</c> line, kept as written.</summary>
    public string? TimeZones { get; init; }

    /// <summary>The obsolete session-level <c>k=</c> line, kept as written.</summary>
    public string? Key { get; init; }

    /// <summary>The session-level <c>a=</c> lines, in order.</summary>
    public IReadOnlyList<SdpAttribute> Attributes { get; init; } = [];

    /// <summary>Session-level lines of unknown type, in order; written after the attributes.</summary>
    public IReadOnlyList<SdpLine> OtherLines { get; init; } = [];

    /// <summary>The media descriptions, in order: offer/answer matches them by position (RFC 3264 §6).</summary>
    public IReadOnlyList<MediaDescription> Media { get; init; } = [];

    /// <summary>
    /// Parses a description. Never throws: on failure <paramref name="error"/> says which line is wrong and why.
    /// </summary>
    /// <remarks>
    /// Lenient: LF, CR or CRLF line ends; blank lines and whitespace around lines; runs of spaces between
    /// fields; lines in any order within their section; unknown line types and attributes (kept);
    /// a missing <c>s=</c> or <c>t=</c>. Strict: the first line is <c>v=0</c>; every line is
    /// <c>&lt;letter&gt;=&lt;value&gt;</c>; there is one <c>o=</c> with six fields; <c>c=</c> has three fields;
    /// an <c>m=</c> line has a media type, a port 0-65535 (with an optional port count) and a protocol;
    /// session-only lines do not appear in a media description; single lines are not repeated.
    /// </remarks>
    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out string? error) =>
        SdpParser.TryParse(text, out description, out error);

    /// <summary>Parses a UTF-8 body (RFC 8866 §5: SDP text is UTF-8 unless <c>a=charset</c> says otherwise).</summary>
    public static bool TryParse(
        ReadOnlySpan<byte> utf8,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out string? error) =>
        SdpParser.TryParse(Encoding.UTF8.GetString(utf8), out description, out error);

    /// <summary>Parses a description, throwing <see cref="FormatException"/> with the reason if it is invalid.</summary>
    public static SessionDescription Parse(string text) =>
        TryParse(text, out var description, out var error) ? description : throw new FormatException(error);

    /// <summary>
    /// The connection that applies to a media description: its own <c>c=</c> line, else the
    /// session-level one (RFC 8866 §5.7). Null if neither is present.
    /// </summary>
    public SdpConnection? GetConnection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Connection ?? Connection;
    }

    /// <summary>
    /// The direction of a media description: its own attribute, else a session-level one, else
    /// sendrecv (RFC 8866 §6.7, RFC 3264 §5.1).
    /// </summary>
    public MediaDirection GetDirection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Direction ?? SdpAttributeList.FindDirection(Attributes) ?? MediaDirection.SendRecv;
    }

    /// <summary>The value of the first session-level attribute with this name (<c>""</c> for a flag), or null.</summary>
    public string? GetAttribute(string name) => SdpAttributeList.Find(Attributes, name);

    /// <summary>The description as SDP text: the lines in RFC 8866 §5 order, each ending in CRLF.</summary>
    public override string ToString() => SdpWriter.Write(this);

    /// <summary>The description as a UTF-8 body.</summary>
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(ToString());
}

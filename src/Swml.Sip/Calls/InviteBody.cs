using System.Text;
using Swml.Sip.Message;
using Swml.Sip.Sdp;

namespace Swml.Sip.Calls;

/// <summary>
/// What an INVITE's body offers, read before the call reaches the application (RFC 3261 §13.3.1):
/// no body (the offer is then ours, in the 200), an SDP offer, or an SDP offer inside a
/// multipart body (RFC 5621). A body we cannot use is refused at once, never answered as if it
/// were absent: an encoding or media type we do not take gets 415 with what we accept
/// (§21.4.16), an SDP that does not parse gets 488 with the reason in a Warning (§21.4.26, §20.43).
/// </summary>
internal sealed class InviteBody
{
    /// <summary>The media types we take in an INVITE, for the Accept of a 415.</summary>
    public const string Accepted = "application/sdp, multipart/mixed, multipart/alternative";

    private InviteBody(SessionDescription? offer, int refusal, string? reasonPhrase, string? why, (string Name, string Value)? advertised)
    {
        Offer = offer;
        RefusalStatus = refusal;
        RefusalReasonPhrase = reasonPhrase;
        Why = why;
        Advertised = advertised;
    }

    /// <summary>The caller's SDP offer; null when the INVITE has none (or is refused).</summary>
    public SessionDescription? Offer { get; }

    /// <summary>415 or 488 when the body cannot be used; 0 otherwise.</summary>
    public int RefusalStatus { get; }

    public string? RefusalReasonPhrase { get; }

    /// <summary>Why it is refused, for the log and the Warning header.</summary>
    public string? Why { get; }

    /// <summary>What a 415 tells the caller we take (Accept or Accept-Encoding).</summary>
    public (string Name, string Value)? Advertised { get; }

    public bool IsRefused => RefusalStatus != 0;

    public static InviteBody Read(SipRequest invite)
    {
        var body = invite.Body.Span;
        if (invite.Headers.GetFirst(HeaderNames.ContentEncoding) is { } encoding &&
            !encoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase) && body.Length > 0)
        {
            return Unsupported($"the body's Content-Encoding '{encoding}' is not one we decode", ("Accept-Encoding", "identity"));
        }

        if (body.Length == 0)
        {
            return new InviteBody(null, 0, null, null, null);
        }

        var (mediaType, parameters) = MediaType(invite.ContentType);
        switch (mediaType)
        {
            case "application/sdp":
                return Sdp(body);
            case "multipart/mixed" or "multipart/alternative" or "multipart/related":
                return Multipart(body, Parameter(parameters, "boundary"));
            case "":
                return Unsupported("the body has no Content-Type", (HeaderNames.Accept, Accepted));
            default:
                return Unsupported($"the body is {mediaType}, not an SDP offer", (HeaderNames.Accept, Accepted));
        }
    }

    /// <summary>
    /// The refusal of <paramref name="request"/>: its status, a Warning (399, miscellaneous) from
    /// <paramref name="agent"/> saying why, and Accept or Accept-Encoding when those say what we take.
    /// </summary>
    public SipResponse Refuse(SipRequest request, string agent, string? toTag)
    {
        var refusal = SipResponse.CreateFor(request, RefusalStatus, RefusalReasonPhrase!, toTag);
        var headers = refusal.Headers.Add("Warning", WarningValue(399, agent, Why ?? string.Empty));
        if (Advertised is var (name, value))
        {
            headers = headers.Add(name, value);
        }

        return refusal.WithHeaders(headers);
    }

    /// <summary>A Warning header value (RFC 3261 §20.43): code, agent, and the text quoted.</summary>
    public static string WarningValue(int code, string agent, string text) =>
        code.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + agent + " \"" +
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static InviteBody Sdp(ReadOnlySpan<byte> body) =>
        SessionDescription.TryParse(body, out var offer, out var error)
            ? new InviteBody(offer, 0, null, null, null)
            : new InviteBody(null, 488, "Not Acceptable Here", "the SDP offer does not parse: " + error, null);

    private static InviteBody Unsupported(string why, (string, string) advertised) =>
        new(null, 415, "Unsupported Media Type", why, advertised);

    /// <summary>
    /// The first application/sdp part of a multipart body. Other parts are skipped unless their
    /// Content-Disposition says handling=required (RFC 5621 §3.2), which we cannot honour.
    /// </summary>
    private static InviteBody Multipart(ReadOnlySpan<byte> body, string? boundary)
    {
        if (string.IsNullOrEmpty(boundary))
        {
            return Unsupported("the multipart body has no boundary", (HeaderNames.Accept, Accepted));
        }

        var text = Encoding.UTF8.GetString(body);
        var delimiter = "--" + boundary;
        var start = text.StartsWith(delimiter, StringComparison.Ordinal) ? 0 : text.IndexOf("\n" + delimiter, StringComparison.Ordinal);
        if (start < 0)
        {
            return Unsupported("the multipart body has no part", (HeaderNames.Accept, Accepted));
        }

        InviteBody? sdp = null;
        var position = text.IndexOf('\n', start + 1);
        while (position >= 0)
        {
            // A part runs from after its delimiter line to the CRLF before the next delimiter.
            var next = text.IndexOf("\n" + delimiter, position, StringComparison.Ordinal);
            if (next < 0)
            {
                break;
            }

            var part = text[(position + 1)..next].TrimEnd('\r');
            var (headers, content) = SplitPart(part);
            var (partType, _) = MediaType(Header(headers, HeaderNames.ContentType) ?? "text/plain");
            if (partType == "application/sdp")
            {
                sdp ??= Sdp(Encoding.UTF8.GetBytes(content));
            }
            else if (Header(headers, "Content-Disposition") is { } disposition &&
                     disposition.Contains("handling=required", StringComparison.OrdinalIgnoreCase))
            {
                return Unsupported($"a part of type {partType} is required, and we cannot handle it", (HeaderNames.Accept, Accepted));
            }

            var after = next + 1 + delimiter.Length;
            if (after + 1 < text.Length && text[after] == '-' && text[after + 1] == '-')
            {
                break; // the close delimiter
            }

            position = text.IndexOf('\n', after);
        }

        return sdp ?? Unsupported("the multipart body has no application/sdp part", (HeaderNames.Accept, Accepted));
    }

    private static (string Headers, string Content) SplitPart(string part)
    {
        if (part.StartsWith("\r\n", StringComparison.Ordinal) || part.StartsWith('\n'))
        {
            return (string.Empty, part.TrimStart('\r', '\n'));
        }

        var end = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var separator = 4;
        if (end < 0)
        {
            end = part.IndexOf("\n\n", StringComparison.Ordinal);
            separator = 2;
        }

        return end < 0 ? (part, string.Empty) : (part[..end], part[(end + separator)..]);
    }

    private static string? Header(string headers, string name)
    {
        foreach (var line in headers.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>"type/subtype" in lowercase, and the parameters after it.</summary>
    private static (string MediaType, string Parameters) MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return (string.Empty, string.Empty);
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
        return (type, semicolon < 0 ? string.Empty : contentType[(semicolon + 1)..]);
    }

    private static string? Parameter(string parameters, string name)
    {
        foreach (var item in parameters.Split(';'))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && item.AsSpan(0, equals).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return item[(equals + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }
}

namespace Swml.Sip.Message;

/// <summary>
/// A SIP response (RFC 3261 §7.2): <c>SIP/2.0 SP Status-Code SP Reason-Phrase</c>, header fields
/// and a body. <see cref="CreateFor"/> builds one for a received request as §8.2.6.2 says.
/// </summary>
public sealed class SipResponse : SipMessage
{
    internal SipResponse(int statusCode, string reasonPhrase, SipHeaders headers, ReadOnlyMemory<byte> body, MessageCore core)
        : base(headers, body, core)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    /// <summary>The status code, 100 to 699.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase, possibly empty; it carries no meaning (§7.2, RFC 4475 §3.1.1.12).</summary>
    public string ReasonPhrase { get; }

    /// <summary>1xx.</summary>
    public bool IsProvisional => StatusCode < 200;

    /// <summary>2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>200 to 699.</summary>
    public bool IsFinal => StatusCode >= 200;

    /// <inheritdoc/>
    public override bool IsRequest => false;

    /// <inheritdoc/>
    public override string StartLine => $"{Version} {StatusCode} {ReasonPhrase}";

    // previous: the message these fields were edited from, whose parsed values can be reused.
    private static SipResponse Make(int statusCode, string reasonPhrase, SipHeaders headers, ReadOnlyMemory<byte> body, SipResponse? previous)
    {
        ArgumentNullException.ThrowIfNull(headers);
        CheckStartLine(statusCode, reasonPhrase);
        headers = WithLength(headers, body);
        return new SipResponse(statusCode, reasonPhrase, headers, body, Check(headers, null, isRequest: false, previous));
    }

    private static void CheckStartLine(int statusCode, string reasonPhrase)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        if (!IsValidReasonPhrase(reasonPhrase))
        {
            throw new ArgumentException("A reason phrase cannot hold control characters.", nameof(reasonPhrase));
        }
    }

    private protected override int StartLineLength() =>
        Version.Length + 1 + DigitCount(StatusCode) + 1 + System.Text.Encoding.UTF8.GetByteCount(ReasonPhrase);

    private protected override int WriteStartLine(Span<byte> destination)
    {
        var at = 0;
        Put(destination, ref at, "SIP/2.0 "u8);
        Put(destination, ref at, StatusCode);
        Put(destination, ref at, " "u8);
        Put(destination, ref at, ReasonPhrase);
        return at;
    }

    /// <summary>Creates a response, checking the status code, the reason phrase and the header fields.</summary>
    /// <exception cref="ArgumentException">Something is invalid, e.g. a missing Via, From, To, Call-ID or CSeq.</exception>
    public static SipResponse Create(int statusCode, string reasonPhrase, SipHeaders headers, ReadOnlyMemory<byte> body = default) =>
        Make(statusCode, reasonPhrase, headers, body, previous: null);

    /// <summary>
    /// A response to <paramref name="request"/> (RFC 3261 §8.2.6.2): its Via lines in order, From,
    /// To, Call-ID and CSeq copied, and <c>Content-Length: 0</c>. Add other fields with <see cref="WithHeaders"/>.
    /// </summary>
    /// <param name="request">The request answered.</param>
    /// <param name="statusCode">100 to 699.</param>
    /// <param name="reasonPhrase">The reason phrase; null for the usual one (<see cref="SipStatus.GetReasonPhrase"/>).</param>
    /// <param name="toTag">A tag to add to To when it has none (every response but 100 from a UAS needs one, §8.2.6.2).</param>
    public static SipResponse CreateFor(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (toTag is not null && !SipChars.IsToken(toTag))
        {
            throw new ArgumentException($"'{toTag}' is not a valid tag.", nameof(toTag));
        }

        reasonPhrase ??= SipStatus.GetReasonPhrase(statusCode);
        CheckStartLine(statusCode, reasonPhrase);

        // The request's fields parsed, so the copies need no check and keep the request's values.
        var lines = request.Headers.Items;
        var fields = new SipHeader[request.Headers.CountOf(HeaderNames.Via) + 5];
        var n = 0;
        foreach (var h in lines)
        {
            if (h.CanonicalName == HeaderNames.Via)
            {
                fields[n++] = new SipHeader(HeaderNames.Via, h.Value, HeaderNames.Via);
            }
        }

        var to = request.To;
        var toValue = lines[request.Headers.IndexOfCanonical(HeaderNames.To)].Value;
        if (toTag is not null && to.Tag is null)
        {
            // Appending keeps the field as the peer wrote it; in the bare form the tag is a header parameter too (§20.10).
            toValue += ";tag=" + toTag;
            to = to.WithAppendedParameter("tag", toTag);
        }

        fields[n++] = new SipHeader(HeaderNames.From, lines[request.Headers.IndexOfCanonical(HeaderNames.From)].Value, HeaderNames.From);
        fields[n++] = new SipHeader(HeaderNames.To, toValue, HeaderNames.To);
        fields[n++] = new SipHeader(HeaderNames.CallId, request.CallId, HeaderNames.CallId);
        fields[n++] = new SipHeader(HeaderNames.CSeq, lines[request.Headers.IndexOfCanonical(HeaderNames.CSeq)].Value, HeaderNames.CSeq);
        fields[n] = new SipHeader(HeaderNames.ContentLength, "0", HeaderNames.ContentLength);
        var core = new MessageCore(request.Core.Vias, request.From, to, request.CallId, request.CSeq, null, [], false, 0);
        return new SipResponse(statusCode, reasonPhrase, SipHeaders.Own(fields), default, core);
    }

    /// <summary>A copy with other header fields.</summary>
    /// <exception cref="ArgumentException">The fields are not valid for a response.</exception>
    public SipResponse WithHeaders(SipHeaders headers) => Make(StatusCode, ReasonPhrase, headers, Body, this);

    /// <summary>A copy with another body, setting Content-Type (removed when null) and Content-Length.</summary>
    public SipResponse WithBody(ReadOnlyMemory<byte> body, string? contentType) =>
        Make(StatusCode, ReasonPhrase, WithBodyHeaders(Headers, body, contentType), body, this);

    /// <summary>Builds a response from fields copied from a malformed request whose core fields parsed.</summary>
    internal static SipResponse CreateFromCopied(IReadOnlyList<SipHeader> copied, int statusCode, string reasonPhrase, string? toTag)
    {
        var fields = new SipHeader[copied.Count + 1];
        for (var i = 0; i < copied.Count; i++)
        {
            var h = copied[i];
            var value = h.Value;
            if (h.CanonicalName == HeaderNames.To && toTag is not null && NameAddress.TryParse(value, out var to) && to!.Tag is null)
            {
                // Appending keeps the field as the peer wrote it; in the bare form the tag is a header parameter too (§20.10).
                value += ";tag=" + toTag;
            }

            fields[i] = new SipHeader(h.CanonicalName, value, h.CanonicalName);
        }

        fields[^1] = new SipHeader(HeaderNames.ContentLength, "0", HeaderNames.ContentLength);
        return Create(statusCode, reasonPhrase, SipHeaders.Own(fields));
    }

    internal static bool IsValidReasonPhrase(ReadOnlySpan<char> phrase)
    {
        foreach (var c in phrase)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}

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

    /// <summary>Creates a response, checking the status code, the reason phrase and the header fields.</summary>
    /// <exception cref="ArgumentException">Something is invalid, e.g. a missing Via, From, To, Call-ID or CSeq.</exception>
    public static SipResponse Create(int statusCode, string reasonPhrase, SipHeaders headers, ReadOnlyMemory<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        if (!IsValidReasonPhrase(reasonPhrase))
        {
            throw new ArgumentException("A reason phrase cannot hold control characters.", nameof(reasonPhrase));
        }

        headers = WithLength(headers, body);
        return new SipResponse(statusCode, reasonPhrase, headers, body, Check(headers, null, isRequest: false));
    }

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

        var copied = new List<SipHeader>();
        foreach (var h in request.Headers)
        {
            if (h.CanonicalName == HeaderNames.Via)
            {
                copied.Add(new SipHeader(HeaderNames.Via, h.Value));
            }
        }

        copied.Add(new SipHeader(HeaderNames.From, request.Headers.GetFirst(HeaderNames.From)!));
        copied.Add(new SipHeader(HeaderNames.To, request.Headers.GetFirst(HeaderNames.To)!));
        copied.Add(new SipHeader(HeaderNames.CallId, request.CallId));
        copied.Add(new SipHeader(HeaderNames.CSeq, request.Headers.GetFirst(HeaderNames.CSeq)!));
        return CreateFromCopied(copied, statusCode, reasonPhrase ?? SipStatus.GetReasonPhrase(statusCode), toTag);
    }

    /// <summary>A copy with other header fields.</summary>
    /// <exception cref="ArgumentException">The fields are not valid for a response.</exception>
    public SipResponse WithHeaders(SipHeaders headers) => Create(StatusCode, ReasonPhrase, headers, Body);

    /// <summary>A copy with another body, setting Content-Type (removed when null) and Content-Length.</summary>
    public SipResponse WithBody(ReadOnlyMemory<byte> body, string? contentType) =>
        Create(StatusCode, ReasonPhrase, WithBodyHeaders(Headers, body, contentType), body);

    /// <summary>Builds a response from fields already copied from a request (which parsed, so they are valid).</summary>
    internal static SipResponse CreateFromCopied(IReadOnlyList<SipHeader> copied, int statusCode, string reasonPhrase, string? toTag)
    {
        var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<SipHeader>(copied.Count + 1);
        foreach (var h in copied)
        {
            var value = h.Value;
            if (h.CanonicalName == HeaderNames.To && toTag is not null && NameAddress.TryParse(value, out var to) && to!.Tag is null)
            {
                // Appending keeps the field as the peer wrote it; in the bare form the tag is a header parameter too (§20.10).
                value += ";tag=" + toTag;
            }

            builder.Add(new SipHeader(h.CanonicalName, value));
        }

        builder.Add(new SipHeader(HeaderNames.ContentLength, "0"));
        return Create(statusCode, reasonPhrase, new SipHeaders(builder.ToImmutable()));
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

using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// A SIP request (RFC 3261 §7.1): <c>Method SP Request-URI SP SIP/2.0</c>, header fields and a
/// body. Make one with <see cref="SipRequestBuilder"/>, <see cref="Create"/>, or by parsing.
/// </summary>
public sealed class SipRequest : SipMessage
{
    internal SipRequest(string method, AddressUri requestUri, SipHeaders headers, ReadOnlyMemory<byte> body, MessageCore core)
        : base(headers, body, core)
    {
        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>The method, case-sensitive (§7.1): <c>INVITE</c>, <c>REFER</c>, or any extension token.</summary>
    public string Method { get; }

    /// <summary>The Request-URI.</summary>
    public AddressUri RequestUri { get; }

    /// <inheritdoc/>
    public override bool IsRequest => true;

    /// <inheritdoc/>
    public override string StartLine => $"{Method} {RequestUri} {Version}";

    /// <summary>Creates a request, checking the method, the Request-URI and the header fields.</summary>
    /// <exception cref="ArgumentException">Something is invalid: a missing Via, From, To, Call-ID or CSeq, a CSeq method
    /// that differs from <paramref name="method"/>, a malformed field, or a Request-URI with headers (§19.1.1).</exception>
    public static SipRequest Create(string method, AddressUri requestUri, SipHeaders headers, ReadOnlyMemory<byte> body = default) =>
        Make(method, requestUri, headers, body, previous: null);

    /// <summary>A copy with other header fields.</summary>
    /// <exception cref="ArgumentException">The fields are not valid for a request.</exception>
    public SipRequest WithHeaders(SipHeaders headers) => Make(Method, RequestUri, headers, Body, this);

    /// <summary>A copy with another body, setting Content-Type (removed when null) and Content-Length.</summary>
    public SipRequest WithBody(ReadOnlyMemory<byte> body, string? contentType) =>
        Make(Method, RequestUri, WithBodyHeaders(Headers, body, contentType), body, this);

    /// <summary>A copy with another Request-URI.</summary>
    public SipRequest WithRequestUri(AddressUri requestUri) => Make(Method, requestUri, Headers, Body, this);

    private protected override int StartLineLength() =>
        Encoding.UTF8.GetByteCount(Method) + 1 + Encoding.UTF8.GetByteCount(RequestUri.ToString()) + 1 + Version.Length;

    private protected override int WriteStartLine(Span<byte> destination)
    {
        var at = 0;
        Put(destination, ref at, Method);
        Put(destination, ref at, " "u8);
        Put(destination, ref at, RequestUri.ToString());
        Put(destination, ref at, " SIP/2.0"u8);
        return at;
    }

    // previous: the message these fields were edited from, whose parsed values can be reused.
    private static SipRequest Make(string method, AddressUri requestUri, SipHeaders headers, ReadOnlyMemory<byte> body, SipRequest? previous)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(headers);
        if (!SipChars.IsToken(method))
        {
            throw new ArgumentException($"'{method}' is not a method token.", nameof(method));
        }

        if (requestUri is SipUri { Headers.Count: > 0 })
        {
            throw new ArgumentException("A Request-URI cannot carry headers (RFC 3261 §19.1.1).", nameof(requestUri));
        }

        headers = WithLength(headers, body);
        return new SipRequest(method, requestUri, headers, body, Check(headers, method, isRequest: true, previous));
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// A SIP message (RFC 3261 §7): a start line, header fields and a body. Immutable: the
/// <c>With...</c> methods return new messages. Via, From, To, Call-ID, CSeq, Max-Forwards and
/// Contact are parsed when the message is made, so a message always has valid ones; the other
/// fields are kept as text in <see cref="Headers"/>.
/// </summary>
public abstract class SipMessage
{
    /// <summary>The protocol version of the start line; this library speaks only SIP/2.0.</summary>
    public const string Version = "SIP/2.0";

    private readonly MessageCore core;

    private protected SipMessage(SipHeaders headers, ReadOnlyMemory<byte> body, MessageCore core)
    {
        Headers = headers;
        Body = body;
        this.core = core;
    }

    /// <summary>All header fields in order, as received.</summary>
    public SipHeaders Headers { get; }

    /// <summary>The body (§7.4), possibly empty.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The Via values, top first, across all Via lines (§20.42).</summary>
    public IReadOnlyList<ViaHeader> Vias => core.Vias;

    /// <summary>The topmost Via: the sender of a request, or our own Via in a response (§18.1.2).</summary>
    public ViaHeader TopVia => core.Vias[0];

    /// <summary>The From field (§20.20).</summary>
    public NameAddress From => core.From;

    /// <summary>The To field (§20.39).</summary>
    public NameAddress To => core.To;

    /// <summary>The Call-ID, compared case-sensitively (§20.8).</summary>
    public string CallId => core.CallId;

    /// <summary>The CSeq (§20.16).</summary>
    public CSeqHeader CSeq => core.CSeq;

    /// <summary>The Max-Forwards value, or null when absent (RFC 2543 peers omit it; RFC 4475 §3.4.1).</summary>
    public int? MaxForwards => core.MaxForwards;

    /// <summary>The Contact values across all Contact lines (§20.10); empty for <c>Contact: *</c>.</summary>
    public IReadOnlyList<NameAddress> Contacts => core.Contacts;

    /// <summary>Whether the message has <c>Contact: *</c> (REGISTER, §10.2.2).</summary>
    public bool IsContactWildcard => core.IsContactWildcard;

    /// <summary>The Content-Type value, or null.</summary>
    public string? ContentType => Headers.GetFirst(HeaderNames.ContentType);

    /// <summary>Whether this is a request.</summary>
    public abstract bool IsRequest { get; }

    /// <summary>The start line without its CRLF.</summary>
    public abstract string StartLine { get; }

    /// <summary>
    /// The canonical form: the start line, each header line as received but with its full
    /// canonical name, Content-Length computed from the body (added when absent), CRLF line ends.
    /// </summary>
    public byte[] ToBytes()
    {
        var writer = new ArrayBufferWriter<byte>(256 + Body.Length);
        WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the canonical form (see <see cref="ToBytes"/>).</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        var head = new StringBuilder(512);
        head.Append(StartLine).Append("\r\n");
        var wroteLength = false;
        foreach (var h in Headers)
        {
            if (h.CanonicalName == HeaderNames.ContentLength)
            {
                if (!wroteLength)
                {
                    AppendContentLength(head);
                    wroteLength = true;
                }

                continue;
            }

            head.Append(h.CanonicalName).Append(": ").Append(h.Value).Append("\r\n");
        }

        if (!wroteLength)
        {
            AppendContentLength(head);
        }

        head.Append("\r\n");
        var text = head.ToString();
        var bytes = Encoding.UTF8.GetByteCount(text);
        Encoding.UTF8.GetBytes(text, writer.GetSpan(bytes));
        writer.Advance(bytes);
        writer.Write(Body.Span);
    }

    /// <summary>The canonical form as text (the body read as UTF-8), for logs and tests.</summary>
    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    private protected static MessageCore Check(SipHeaders headers, string? method, bool isRequest)
    {
        var outcome = SipMessageValidator.Validate(headers, [], method, isRequest);
        return outcome.Error is { } error ? throw new ArgumentException(error.Description, nameof(headers)) : outcome.Core!;
    }

    /// <summary>Keeps an existing Content-Length consistent with the body; serialization computes it anyway.</summary>
    private protected static SipHeaders WithLength(SipHeaders headers, ReadOnlyMemory<byte> body) =>
        headers.Contains(HeaderNames.ContentLength)
            ? headers.Set(HeaderNames.ContentLength, body.Length.ToString(CultureInfo.InvariantCulture))
            : headers;

    private protected static SipHeaders WithBodyHeaders(SipHeaders headers, ReadOnlyMemory<byte> body, string? contentType)
    {
        headers = contentType is null ? headers.Remove(HeaderNames.ContentType) : headers.Set(HeaderNames.ContentType, contentType);
        return headers.Set(HeaderNames.ContentLength, body.Length.ToString(CultureInfo.InvariantCulture));
    }

    private void AppendContentLength(StringBuilder head) =>
        head.Append(HeaderNames.ContentLength).Append(": ").Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
}

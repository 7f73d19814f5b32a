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
        var head = HeadLength();
        var bytes = new byte[head + Body.Length];
        WriteHead(bytes);
        Body.Span.CopyTo(bytes.AsSpan(head));
        return bytes;
    }

    /// <summary>Writes the canonical form (see <see cref="ToBytes"/>).</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var head = HeadLength();
        WriteHead(writer.GetSpan(head));
        writer.Advance(head);
        writer.Write(Body.Span);
    }

    /// <summary>The canonical form as text (the body read as UTF-8), for logs and tests.</summary>
    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    internal MessageCore Core => core;

    /// <summary>The UTF-8 length of the start line, without CRLF.</summary>
    private protected abstract int StartLineLength();

    /// <summary>Writes the start line without CRLF; returns the bytes written.</summary>
    private protected abstract int WriteStartLine(Span<byte> destination);

    /// <summary>Writes <paramref name="text"/> as UTF-8 at <paramref name="at"/> and moves past it.</summary>
    private protected static void Put(Span<byte> destination, ref int at, string text) =>
        at += Encoding.UTF8.GetBytes(text, destination[at..]);

    private protected static void Put(Span<byte> destination, ref int at, ReadOnlySpan<byte> ascii)
    {
        ascii.CopyTo(destination[at..]);
        at += ascii.Length;
    }

    private protected static void Put(Span<byte> destination, ref int at, int number)
    {
        number.TryFormat(destination[at..], out var written, default, CultureInfo.InvariantCulture);
        at += written;
    }

    // Whether text is the number as int.ToString writes it: no sign, no leading zeros, no spaces.
    private static bool IsDecimal(string text, int number)
    {
        if (text.Length != DigitCount(number))
        {
            return false;
        }

        for (var k = text.Length - 1; k >= 0; k--)
        {
            if (text[k] != (char)('0' + (number % 10)))
            {
                return false;
            }

            number /= 10;
        }

        return true;
    }

    private protected static int DigitCount(int number)
    {
        var n = 1;
        while (number >= 10)
        {
            number /= 10;
            n++;
        }

        return n;
    }

    // Everything before the body, exactly as WriteHead writes it.
    private int HeadLength()
    {
        var contentLength = "Content-Length: \r\n"u8.Length + DigitCount(Body.Length);
        var length = StartLineLength() + 2 + contentLength + 2;
        foreach (var h in Headers.Items)
        {
            if (h.CanonicalName != HeaderNames.ContentLength)
            {
                length += Encoding.UTF8.GetByteCount(h.CanonicalName) + 2 + Encoding.UTF8.GetByteCount(h.Value) + 2;
            }
        }

        return length;
    }

    private void WriteHead(Span<byte> destination)
    {
        var at = WriteStartLine(destination);
        Put(destination, ref at, "\r\n"u8);
        var wroteLength = false;
        foreach (var h in Headers.Items)
        {
            if (h.CanonicalName == HeaderNames.ContentLength)
            {
                if (!wroteLength)
                {
                    WriteContentLength(destination, ref at);
                    wroteLength = true;
                }

                continue;
            }

            Put(destination, ref at, h.CanonicalName);
            Put(destination, ref at, ": "u8);
            Put(destination, ref at, h.Value);
            Put(destination, ref at, "\r\n"u8);
        }

        if (!wroteLength)
        {
            WriteContentLength(destination, ref at);
        }

        Put(destination, ref at, "\r\n"u8);
    }

    private void WriteContentLength(Span<byte> destination, ref int at)
    {
        Put(destination, ref at, "Content-Length: "u8);
        Put(destination, ref at, Body.Length);
        Put(destination, ref at, "\r\n"u8);
    }

    /// <summary>Validates fields given by code; <paramref name="previous"/> is the message they were edited from, whose parsed values are reused.</summary>
    private protected static MessageCore Check(SipHeaders headers, string? method, bool isRequest, SipMessage? previous)
    {
        var outcome = SipMessageValidator.Validate(headers.Items.AsSpan(), default, method, isRequest, previous);
        return outcome.Error is { } error ? throw new ArgumentException(error.Description, nameof(headers)) : outcome.Core!;
    }

    /// <summary>Keeps an existing Content-Length consistent with the body; serialization computes it anyway.</summary>
    private protected static SipHeaders WithLength(SipHeaders headers, ReadOnlyMemory<byte> body)
    {
        var i = headers.IndexOfCanonical(HeaderNames.ContentLength);
        if (i < 0)
        {
            return headers;
        }

        // Already the one line Set would leave: nothing to copy.
        var line = headers[i];
        if (line.Name == HeaderNames.ContentLength && IsDecimal(line.Value, body.Length) && headers.IndexOfCanonical(HeaderNames.ContentLength, i + 1) < 0)
        {
            return headers;
        }

        return headers.Set(new SipHeader(HeaderNames.ContentLength, body.Length.ToString(CultureInfo.InvariantCulture), HeaderNames.ContentLength));
    }

    private protected static SipHeaders WithBodyHeaders(SipHeaders headers, ReadOnlyMemory<byte> body, string? contentType)
    {
        headers = contentType is null ? headers.Remove(HeaderNames.ContentType) : headers.Set(HeaderNames.ContentType, contentType);
        return headers.Set(HeaderNames.ContentLength, body.Length.ToString(CultureInfo.InvariantCulture));
    }
}

using System.Buffers;
using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// Frames SIP messages on a stream transport (TCP, TLS): a message ends after its header
/// section plus Content-Length bytes, and Content-Length is therefore required (RFC 3261 §18.3,
/// §20.14). Stateless: each call looks at the buffered bytes from the start, returns at most one
/// message, and never consumes a partial one. Garbage is refused as soon as a byte shows the
/// start line can't be one, and every limit bounds how long it can wait.
/// </summary>
internal static class SipStreamReader
{
    private static readonly byte[] Ping = "\r\n\r\n"u8.ToArray();

    /// <summary>Reads one message from <paramref name="buffer"/> and slices off what it consumed.</summary>
    public static SipStreamReadStatus TryRead(ref ReadOnlySequence<byte> buffer, out SipParseResult? result, SipParserOptions? options = null)
    {
        options ??= SipParserOptions.Default;
        SipStreamReadStatus status;
        int consumed;
        if (buffer.IsSingleSegment)
        {
            status = TryRead(buffer.FirstSpan, out consumed, out result, options);
        }
        else
        {
            // A frame never exceeds the message limit, so that much (and a ping) is all there is to look at.
            var length = (int)Math.Min(buffer.Length, options.MaxMessageSize + 4L);
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                buffer.Slice(0, length).CopyTo(rented);
                status = TryRead(rented.AsSpan(0, length), out consumed, out result, options);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        buffer = buffer.Slice(consumed);
        return status;
    }

    /// <summary>Reads one message from the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The bytes received and not yet consumed.</param>
    /// <param name="consumed">How many bytes the message (or keep-alive) took; 0 unless a message, a rejected message or a keep-alive was read.</param>
    /// <param name="result">The parse result for <see cref="SipStreamReadStatus.Message"/>, <see cref="SipStreamReadStatus.Rejected"/> and <see cref="SipStreamReadStatus.FramingError"/>; null otherwise.</param>
    /// <param name="options">Limits; the defaults when null.</param>
    public static SipStreamReadStatus TryRead(ReadOnlySpan<byte> buffer, out int consumed, out SipParseResult? result, SipParserOptions? options = null)
    {
        options ??= SipParserOptions.Default;
        consumed = 0;
        result = null;
        if (buffer.IsEmpty)
        {
            return SipStreamReadStatus.NeedMoreData;
        }

        if (buffer[0] == (byte)'\r')
        {
            if (buffer.Length < Ping.Length && Ping.AsSpan().StartsWith(buffer))
            {
                return SipStreamReadStatus.NeedMoreData;
            }

            if (buffer.StartsWith(Ping))
            {
                consumed = Ping.Length;
                return SipStreamReadStatus.Ping;
            }

            if (buffer.StartsWith("\r\n"u8))
            {
                consumed = 2;
                return SipStreamReadStatus.Pong;
            }
        }

        // Find the empty line ending the header section, checking each line as it comes.
        var pos = 0;
        var headerEnd = -1;
        while (headerEnd < 0)
        {
            var lf = buffer[pos..].IndexOf((byte)'\n');
            var lineLength = lf < 0 ? buffer.Length - pos : lf;
            var line = buffer.Slice(pos, lineLength);
            if (pos == 0 && !CouldBeStartLine(line))
            {
                return Error(SipParseErrorReason.InvalidRequestLine, "Not a SIP start line", out result);
            }

            if (lineLength > options.MaxLineLength + 1)
            {
                return Error(SipParseErrorReason.LineTooLong, $"Line is over {options.MaxLineLength} bytes", out result);
            }

            if (lf < 0)
            {
                return buffer.Length > options.MaxMessageSize
                    ? Error(SipParseErrorReason.MessageTooLarge, $"Header section is over {options.MaxMessageSize} bytes", out result)
                    : SipStreamReadStatus.NeedMoreData;
            }

            if (lf == 0 || line[^1] != (byte)'\r')
            {
                return Error(SipParseErrorReason.InvalidLineEnding, "Line ends with LF alone instead of CRLF", out result);
            }

            if (lineLength == 1 && pos > 0)
            {
                headerEnd = pos + 2;
            }

            pos += lf + 1;
            if (pos > options.MaxMessageSize)
            {
                return Error(SipParseErrorReason.MessageTooLarge, $"Header section is over {options.MaxMessageSize} bytes", out result);
            }
        }

        var (count, length, valid) = FindContentLength(buffer[..headerEnd]);
        if (count == 0)
        {
            return Error(SipParseErrorReason.MissingContentLength, "No Content-Length on a stream", out result, HeaderNames.ContentLength);
        }

        if (count > 1)
        {
            return Error(SipParseErrorReason.DuplicateHeader, "More than one Content-Length header field", out result, HeaderNames.ContentLength);
        }

        if (!valid)
        {
            return Error(SipParseErrorReason.InvalidContentLength, "Malformed Content-Length header field", out result, HeaderNames.ContentLength);
        }

        var total = (long)headerEnd + length;
        if (total > options.MaxMessageSize)
        {
            return Error(SipParseErrorReason.MessageTooLarge, $"Message of {total} bytes is over the {options.MaxMessageSize}-byte limit", out result);
        }

        if (buffer.Length < total)
        {
            return SipStreamReadStatus.NeedMoreData;
        }

        consumed = (int)total;
        result = MessageParser.Parse(buffer[..consumed], options, framed: true);
        return result.IsSuccess ? SipStreamReadStatus.Message : SipStreamReadStatus.Rejected;
    }

    /// <summary>
    /// Whether the bytes so far can begin a start line: <c>SIP/</c> (a Status-Line), or a token
    /// and a space (a Request-Line). Only the start matters; the parser checks the rest.
    /// </summary>
    private static bool CouldBeStartLine(ReadOnlySpan<byte> line)
    {
        var sip = "SIP/"u8;
        var n = Math.Min(line.Length, sip.Length);
        if (Ascii.EqualsIgnoreCase(line[..n], sip[..n]))
        {
            return true;
        }

        var i = 0;
        while (i < line.Length && line[i] < 0x80 && SipChars.IsToken((char)line[i]))
        {
            i++;
        }

        return i == line.Length || (i > 0 && line[i] == (byte)' ');
    }

    /// <summary>Finds Content-Length (or <c>l</c>) in a header section, following continuation lines.</summary>
    private static (int Count, int Length, bool Valid) FindContentLength(ReadOnlySpan<byte> section)
    {
        var count = 0;
        var length = 0;
        var valid = false;
        Span<byte> value = stackalloc byte[128];
        var first = section.IndexOf((byte)'\n') + 1;
        var rest = section[first..];
        while (!rest.IsEmpty)
        {
            var lf = rest.IndexOf((byte)'\n');
            var line = rest[..(lf - 1)];
            rest = rest[(lf + 1)..];
            if (line.IsEmpty || line[0] is (byte)' ' or (byte)'\t')
            {
                continue;
            }

            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon].TrimEnd(" \t"u8);
            if (!Ascii.EqualsIgnoreCase(name, "Content-Length"u8) && !Ascii.EqualsIgnoreCase(name, "l"u8))
            {
                continue;
            }

            count++;
            var written = 0;
            var ok = Append(line[(colon + 1)..], value, ref written);
            while (ok && !rest.IsEmpty && rest[0] is (byte)' ' or (byte)'\t')
            {
                var next = rest.IndexOf((byte)'\n');
                ok = Append(rest[..(next - 1)], value, ref written);
                rest = rest[(next + 1)..];
            }

            if (count == 1)
            {
                valid = ok && ContentLengthHeader.TryParse(value[..written], out length);
            }
        }

        return (count, length, valid);
    }

    private static bool Append(ReadOnlySpan<byte> part, Span<byte> into, ref int written)
    {
        if (written + part.Length > into.Length)
        {
            return false;
        }

        part.CopyTo(into[written..]);
        written += part.Length;
        return true;
    }

    private static SipStreamReadStatus Error(SipParseErrorReason reason, string description, out SipParseResult? result, string? header = null)
    {
        result = SipParseResult.Failure(new SipParseError(reason, description, 0, 0, header));
        return SipStreamReadStatus.FramingError;
    }
}

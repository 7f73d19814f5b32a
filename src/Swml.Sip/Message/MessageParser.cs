using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using Location = Swml.Sip.Message.SipMessageValidator.Location;

namespace Swml.Sip.Message;

/// <summary>
/// The byte-level parser behind <see cref="SipParser"/> and <see cref="SipStreamReader"/>, in
/// Kestrel's style: spans, CR/LF constants, no exceptions, a reason for every rejection. It
/// splits lines, unfolds continuation lines (§7.3.1), parses the start line (§7.1, §7.2), hands
/// the fields to <see cref="SipMessageValidator"/>, and takes the body by Content-Length.
/// After a fault in the start line or one field it keeps going, so that a malformed request can
/// still be answered; only limits and broken line ends stop it at once.
/// </summary>
internal static class MessageParser
{
    private const byte CR = (byte)'\r';
    private const byte LF = (byte)'\n';
    private const byte SP = (byte)' ';
    private const byte HT = (byte)'\t';

    /// <param name="data">One whole message (a datagram, or a frame cut by the stream reader).</param>
    /// <param name="options">The limits.</param>
    /// <param name="framed">True when the stream reader cut <paramref name="data"/> at Content-Length.</param>
    public static SipParseResult Parse(ReadOnlySpan<byte> data, SipParserOptions options, bool framed)
    {
        if (data.Length > options.MaxMessageSize)
        {
            return Fatal(SipParseErrorReason.MessageTooLarge, $"Message of {data.Length} bytes is over the {options.MaxMessageSize}-byte limit", 0, 0);
        }

        // CRLFs before the start line are ignored (§7.5) - keep-alives, for instance.
        var pos = 0;
        var line = 1;
        while (pos + 1 < data.Length && data[pos] == CR && data[pos + 1] == LF)
        {
            pos += 2;
            line++;
        }

        if (pos >= data.Length)
        {
            return Fatal(SipParseErrorReason.EmptyMessage, "No start line", 0, 0);
        }

        var startOffset = pos;
        var startLineNumber = line;
        if (ReadLine(data, ref pos, options, out var startContent, out _) is { } startFault)
        {
            return Fatal(startFault.Reason, startFault.Description, startLineNumber, startOffset);
        }

        // Header fields, unfolded (§7.3.1: a line starting with SP or HTAB continues the previous one).
        var headers = new List<SipHeader>();
        var locations = new List<Location>();
        var value = new ArrayBufferWriter<byte>(256);
        string? pendingName = null;
        Location pendingAt = default;
        SipParseError? lineError = null;
        var complete = false;
        var bodyStart = data.Length;

        while (pos < data.Length)
        {
            line++;
            var lineOffset = pos;
            if (ReadLine(data, ref pos, options, out var content, out var terminated) is { } fault)
            {
                return Fatal(fault.Reason, fault.Description, line, lineOffset);
            }

            if (content.IsEmpty && terminated)
            {
                complete = true;
                bodyStart = pos;
                break;
            }

            if (content[0] is SP or HT)
            {
                if (pendingName is null)
                {
                    lineError ??= new SipParseError(SipParseErrorReason.InvalidHeaderLine, "Continuation line with no header field before it", line, lineOffset, null);
                    continue;
                }

                if (value.WrittenCount + content.Length > options.MaxLineLength)
                {
                    return Fatal(SipParseErrorReason.LineTooLong, $"{pendingName} header field is over {options.MaxLineLength} bytes", pendingAt.Line, pendingAt.Offset);
                }

                value.Write(content);
                continue;
            }

            Flush(ref pendingName, pendingAt, value, headers, locations, ref lineError);

            var colon = content.IndexOf((byte)':');
            var name = colon < 0 ? default : content[..colon].TrimEnd(" \t"u8);
            if (colon < 0 || !IsToken(name))
            {
                lineError ??= new SipParseError(SipParseErrorReason.InvalidHeaderLine, colon < 0 ? "Header line without a colon" : "Header field name is not a token", line, lineOffset, null);
                continue;
            }

            if (headers.Count >= options.MaxHeaderCount)
            {
                return Fatal(SipParseErrorReason.TooManyHeaders, $"More than {options.MaxHeaderCount} header fields", line, lineOffset);
            }

            pendingName = Encoding.ASCII.GetString(name);
            pendingAt = new Location(line, lineOffset);
            value.Write(content[(colon + 1)..]);
        }

        Flush(ref pendingName, pendingAt, value, headers, locations, ref lineError);

        // The start line: a response starts with "SIP/", anything else is taken for a request.
        var startLine = Encoding.UTF8.GetString(startContent);
        var isRequest = !startLine.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase);
        string? method = null;
        AddressUri? requestUri = null;
        var statusCode = 0;
        var reasonPhrase = string.Empty;
        var startError = isRequest
            ? ParseRequestLine(startLine, out method, out requestUri)
            : ParseStatusLine(startLine, out statusCode, out reasonPhrase);
        SipParseError? error = startError is { } se ? se with { Line = startLineNumber, Offset = startOffset } : null;
        error ??= lineError;

        var outcome = SipMessageValidator.Validate(headers, locations, startError is null ? method : null, isRequest);
        error ??= outcome.Error;

        // The body (§7.4, §18.3).
        var bodyLength = data.Length - bodyStart;
        if (complete && !framed && ContentLengthOf(headers, out var at) is { } declared && declared > bodyLength)
        {
            error ??= new SipParseError(SipParseErrorReason.TruncatedBody, $"Content-Length {declared} is more than the {bodyLength} bytes received", locations[at].Line, locations[at].Offset, HeaderNames.ContentLength);
        }

        if (!complete)
        {
            error ??= new SipParseError(SipParseErrorReason.HeaderSectionIncomplete, "No empty line after the header fields", line, data.Length, null);
        }

        if (error is { } e)
        {
            return SipParseResult.Failure(e, isRequest ? outcome.AnswerHeaders : default);
        }

        if (outcome.Core!.ContentLength is { } length && length < bodyLength)
        {
            // A datagram may carry bytes after the body; they are not part of the message (RFC 4475 §3.1.1.8).
            bodyLength = length;
        }

        var body = bodyLength == 0 ? ReadOnlyMemory<byte>.Empty : data.Slice(bodyStart, bodyLength).ToArray();
        var fields = new SipHeaders(headers.ToImmutableArray());
        SipMessage message = isRequest
            ? new SipRequest(method!, requestUri!, fields, body, outcome.Core)
            : new SipResponse(statusCode, reasonPhrase, fields, body, outcome.Core);
        return SipParseResult.Success(message);
    }

    /// <summary>
    /// Reads one line ending in CRLF (or at the end of the data). A bare CR or LF is an error,
    /// since lines are the unit of framing (§7).
    /// </summary>
    private static SipParseError? ReadLine(ReadOnlySpan<byte> data, ref int pos, SipParserOptions options, out ReadOnlySpan<byte> content, out bool terminated)
    {
        var rest = data[pos..];
        var lf = rest.IndexOf(LF);
        if (lf < 0)
        {
            content = rest;
            terminated = false;
            pos = data.Length;
        }
        else
        {
            terminated = true;
            if (lf == 0 || rest[lf - 1] != CR)
            {
                content = default;
                return new SipParseError(SipParseErrorReason.InvalidLineEnding, "Line ends with LF alone instead of CRLF", 0, 0, null);
            }

            content = rest[..(lf - 1)];
            pos += lf + 1;
        }

        if (content.Length > options.MaxLineLength)
        {
            return new SipParseError(SipParseErrorReason.LineTooLong, $"Line is over {options.MaxLineLength} bytes", 0, 0, null);
        }

        if (content.Contains(CR))
        {
            return new SipParseError(SipParseErrorReason.InvalidLineEnding, "CR without LF inside a line", 0, 0, null);
        }

        return null;
    }

    /// <summary>Turns the pending field's bytes into a <see cref="SipHeader"/>.</summary>
    private static void Flush(ref string? name, Location at, ArrayBufferWriter<byte> value, List<SipHeader> headers, List<Location> locations, ref SipParseError? lineError)
    {
        if (name is null)
        {
            return;
        }

        var bytes = value.WrittenSpan;
        if (!HasOnlyEscapedControls(bytes))
        {
            lineError ??= new SipParseError(SipParseErrorReason.InvalidCharacter, $"Control character in the {HeaderNames.Canonicalize(name)} header field", at.Line, at.Offset, HeaderNames.Canonicalize(name));
        }

        // Invalid UTF-8 becomes U+FFFD: the value is text (TEXT-UTF8, §25.1), and a replacement is
        // kinder than refusing a display name a peer wrote in Latin-1.
        headers.Add(new SipHeader(name, Encoding.UTF8.GetString(bytes).Trim(' ', '\t')));
        locations.Add(at);
        value.ResetWrittenCount();
        name = null;
    }

    // Control characters (HTAB aside) may appear only as quoted-pairs (§25.1), i.e. after a backslash.
    private static bool HasOnlyEscapedControls(ReadOnlySpan<byte> bytes)
    {
        var backslashes = 0;
        foreach (var b in bytes)
        {
            if (((b < 0x20 && b != HT) || b == 0x7F) && backslashes % 2 == 0)
            {
                return false;
            }

            backslashes = b == (byte)'\\' ? backslashes + 1 : 0;
        }

        return true;
    }

    // Request-Line = Method SP Request-URI SP SIP-Version, single spaces and nothing else (§7.1, §25.1).
    private static SipParseError? ParseRequestLine(string line, out string? method, out AddressUri? uri)
    {
        method = null;
        uri = null;
        var first = line.IndexOf(' ');
        var last = line.LastIndexOf(' ');
        if (first <= 0 || last == first)
        {
            return StartError(SipParseErrorReason.InvalidRequestLine, "Request-Line is not Method SP Request-URI SP SIP-Version");
        }

        if (last == line.Length - 1 || line[^1] == '\t')
        {
            return StartError(SipParseErrorReason.InvalidRequestLine, "Request-Line ends with whitespace");
        }

        var uriText = line.AsSpan(first + 1, last - first - 1);
        if (uriText.IsEmpty || uriText[0] == ' ' || uriText[^1] == ' ')
        {
            return StartError(SipParseErrorReason.InvalidRequestLine, "Request-Line elements are not separated by single spaces");
        }

        if (!SipChars.IsToken(line.AsSpan(0, first)))
        {
            return StartError(SipParseErrorReason.InvalidRequestLine, "Method is not a token");
        }

        if (CheckVersion(line.AsSpan(last + 1), SipParseErrorReason.InvalidRequestLine) is { } versionError)
        {
            return versionError;
        }

        if (uriText.IndexOfAny(" \t") >= 0)
        {
            return StartError(SipParseErrorReason.InvalidRequestUri, "Request-URI contains whitespace");
        }

        if (!AddressUri.TryParse(uriText, out var parsed))
        {
            return StartError(SipParseErrorReason.InvalidRequestUri, "Malformed Request-URI");
        }

        if (parsed is SipUri { Headers.Count: > 0 })
        {
            // §19.1.1: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
            return StartError(SipParseErrorReason.InvalidRequestUri, "Request-URI carries headers");
        }

        method = line[..first];
        uri = parsed;
        return null;
    }

    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2). "SIP/2.0 100" without the
    // second space is taken too: the phrase is optional in meaning, and peers do send it.
    private static SipParseError? ParseStatusLine(string line, out int code, out string reason)
    {
        code = 0;
        reason = string.Empty;
        var space = line.IndexOf(' ');
        if (space < 0)
        {
            return StartError(SipParseErrorReason.InvalidStatusLine, "Status-Line is not SIP-Version SP Status-Code SP Reason-Phrase");
        }

        if (CheckVersion(line.AsSpan(0, space), SipParseErrorReason.InvalidStatusLine) is { } versionError)
        {
            return versionError;
        }

        var rest = line.AsSpan(space + 1);
        var digits = 0;
        while (digits < rest.Length && SipChars.IsDigit(rest[digits]))
        {
            digits++;
        }

        if (digits != 3 || !SipChars.TryParseDigits(rest[..3], 699, out var value) || value < 100)
        {
            return StartError(SipParseErrorReason.InvalidStatusCode, "Status code is not three digits from 100 to 699");
        }

        if (rest.Length > 3 && rest[3] != ' ')
        {
            return StartError(SipParseErrorReason.InvalidStatusLine, "No space after the status code");
        }

        var phrase = rest.Length > 3 ? rest[4..] : ReadOnlySpan<char>.Empty;
        if (!SipResponse.IsValidReasonPhrase(phrase))
        {
            return StartError(SipParseErrorReason.InvalidStatusLine, "Control character in the reason phrase");
        }

        code = (int)value;
        reason = phrase.ToString();
        return null;
    }

    // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; only 2.0 is spoken (§7.1).
    private static SipParseError? CheckVersion(ReadOnlySpan<char> version, SipParseErrorReason malformed)
    {
        var dot = version.IndexOf('.');
        if (version.Length < 7 || !version.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase) || dot < 0
            || !SipChars.TryParseDigits(version[4..dot], 9999, out var major)
            || !SipChars.TryParseDigits(version[(dot + 1)..], 9999, out var minor))
        {
            return StartError(malformed, "Malformed SIP-Version");
        }

        return major == 2 && minor == 0 ? null : StartError(SipParseErrorReason.UnsupportedVersion, "SIP version not supported");
    }

    private static int? ContentLengthOf(List<SipHeader> headers, out int index)
    {
        for (index = 0; index < headers.Count; index++)
        {
            if (headers[index].CanonicalName == HeaderNames.ContentLength)
            {
                return ContentLengthHeader.TryParse(headers[index].Value, out var n) ? n : null;
            }
        }

        return null;
    }

    private static bool IsToken(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var b in s)
        {
            if (b >= 0x80 || !SipChars.IsToken((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static SipParseError StartError(SipParseErrorReason reason, string description) => new(reason, description, 0, 0, null);

    private static SipParseResult Fatal(SipParseErrorReason reason, string description, int line, int offset) =>
        SipParseResult.Failure(new SipParseError(reason, description, line, offset, null));
}

using System.Buffers;
using System.Globalization;
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

    private static readonly SearchValues<byte> Controls = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

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

        // The fields go straight into an array of the size a valid message needs; where each
        // started is only needed for errors, so it stays on the stack.
        var count = CountFields(data, pos, options.MaxHeaderCount);
        var fields = new Fields(count == 0 ? [] : new SipHeader[count], count <= 32 ? stackalloc Location[count] : new Location[count]);
        return Parse(data, options, framed, startContent, startLineNumber, startOffset, pos, line, ref fields);
    }

    private static SipParseResult Parse(
        ReadOnlySpan<byte> data, SipParserOptions options, bool framed, ReadOnlySpan<byte> startContent, int startLineNumber, int startOffset, int pos, int line, ref Fields fields)
    {
        // Header fields, unfolded (§7.3.1: a line starting with SP or HTAB continues the previous one).
        // A field is kept as where its value starts and ends in data, and unfolded only if it was folded.
        var pending = default(PendingField);
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
                if (pending.Name is null)
                {
                    lineError ??= new SipParseError(SipParseErrorReason.InvalidHeaderLine, "Continuation line with no header field before it", line, lineOffset, null);
                    continue;
                }

                if (pending.Length + content.Length > options.MaxLineLength)
                {
                    return Fatal(SipParseErrorReason.LineTooLong, $"{pending.Name} header field is over {options.MaxLineLength} bytes", pending.At.Line, pending.At.Offset);
                }

                pending.Length += content.Length;
                pending.End = lineOffset + content.Length;
                pending.Folded = true;
                continue;
            }

            Flush(data, ref pending, ref fields, ref lineError);

            var colon = content.IndexOf((byte)':');
            var name = colon < 0 ? default : content[..colon].TrimEnd(" \t"u8);
            if (colon < 0 || !IsToken(name))
            {
                lineError ??= new SipParseError(SipParseErrorReason.InvalidHeaderLine, colon < 0 ? "Header line without a colon" : "Header field name is not a token", line, lineOffset, null);
                continue;
            }

            if (fields.Count >= options.MaxHeaderCount)
            {
                return Fatal(SipParseErrorReason.TooManyHeaders, $"More than {options.MaxHeaderCount} header fields", line, lineOffset);
            }

            pending.Name = HeaderNames.FromBytes(name, out pending.Canonical);
            pending.At = new Location(line, lineOffset);
            pending.Start = lineOffset + colon + 1;
            pending.End = lineOffset + content.Length;
            pending.Length = content.Length - colon - 1;
            pending.Folded = false;
        }

        Flush(data, ref pending, ref fields, ref lineError);
        var headers = fields.Headers.AsSpan(0, fields.Count);
        var locations = fields.Locations[..fields.Count];

        // The start line: a response starts with "SIP/", anything else is taken for a request.
        char[]? rented = null;
        var buffer = startContent.Length <= 256 ? stackalloc char[startContent.Length] : (rented = ArrayPool<char>.Shared.Rent(startContent.Length));
        var startLine = buffer[..Encoding.UTF8.GetChars(startContent, buffer)];
        var isRequest = !startLine.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase);
        string? method = null;
        AddressUri? requestUri = null;
        var statusCode = 0;
        var reasonPhrase = string.Empty;
        var startError = isRequest
            ? ParseRequestLine(startLine, out method, out requestUri)
            : ParseStatusLine(startLine, out statusCode, out reasonPhrase);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

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
            // An ACK is never answered (§17.2.1), not even a malformed one.
            return SipParseResult.Failure(e, isRequest && method != SipMethods.Ack ? outcome.AnswerHeaders(headers) : default);
        }

        if (outcome.Core!.ContentLength is { } length && length < bodyLength)
        {
            // A datagram may carry bytes after the body; they are not part of the message (RFC 4475 §3.1.1.8).
            bodyLength = length;
        }

        var body = bodyLength == 0 ? ReadOnlyMemory<byte>.Empty : data.Slice(bodyStart, bodyLength).ToArray();
        var lines = SipHeaders.Own(fields.Count == fields.Headers.Length ? fields.Headers : headers.ToArray());
        SipMessage message = isRequest
            ? new SipRequest(method!, requestUri!, lines, body, outcome.Core)
            : new SipResponse(statusCode, reasonPhrase, lines, body, outcome.Core);
        return SipParseResult.Success(message);
    }

    /// <summary>
    /// Reads one line ending in CRLF (or at the end of the data). A bare CR or LF is an error,
    /// since lines are the unit of framing (§7).
    /// </summary>
    private static SipParseError? ReadLine(ReadOnlySpan<byte> data, ref int pos, SipParserOptions options, out ReadOnlySpan<byte> content, out bool terminated)
    {
        var rest = data[pos..];

        // The usual line, found in one scan: CRLF, and no CR or LF before it.
        var end = rest.IndexOfAny(CR, LF);
        if (end >= 0 && rest[end] == CR && end + 1 < rest.Length && rest[end + 1] == LF)
        {
            content = rest[..end];
            terminated = true;
            pos += end + 2;
            return end > options.MaxLineLength ? new SipParseError(SipParseErrorReason.LineTooLong, $"Line is over {options.MaxLineLength} bytes", 0, 0, null) : null;
        }

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
    private static void Flush(ReadOnlySpan<byte> data, ref PendingField field, ref Fields fields, ref SipParseError? lineError)
    {
        if (field.Name is null)
        {
            return;
        }

        var raw = data[field.Start..field.End];
        byte[]? rented = null;
        scoped var bytes = raw;
        if (field.Folded)
        {
            // Unfolding takes out the CRLFs and keeps the whitespace after them (§7.3.1).
            rented = field.Length > 512 ? ArrayPool<byte>.Shared.Rent(field.Length) : null;
            var unfolded = rented ?? stackalloc byte[512];
            var n = 0;
            for (var cr = raw.IndexOf(CR); cr >= 0; cr = raw.IndexOf(CR))
            {
                raw[..cr].CopyTo(unfolded[n..]);
                n += cr;
                raw = raw[(cr + 2)..];
            }

            raw.CopyTo(unfolded[n..]);
            bytes = unfolded[..(n + raw.Length)];
        }

        if (!HasOnlyEscapedControls(bytes))
        {
            lineError ??= new SipParseError(SipParseErrorReason.InvalidCharacter, $"Control character in the {field.Canonical} header field", field.At.Line, field.At.Offset, field.Canonical);
        }

        // Invalid UTF-8 becomes U+FFFD: the value is text (TEXT-UTF8, §25.1), and a replacement is
        // kinder than refusing a display name a peer wrote in Latin-1.
        fields.Add(new SipHeader(field.Name, Text(bytes.Trim(" \t"u8)), field.Canonical), field.At);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        field.Name = null;
    }

    // A value as text. Small numbers (Max-Forwards, Content-Length, Expires) come from the
    // runtime's cache of their strings rather than being allocated each time.
    private static string Text(ReadOnlySpan<byte> value)
    {
        if (value.Length is > 0 and <= 3 && (value[0] != (byte)'0' || value.Length == 1))
        {
            var number = 0;
            foreach (var b in value)
            {
                if (b is < (byte)'0' or > (byte)'9')
                {
                    return Encoding.UTF8.GetString(value);
                }

                number = (number * 10) + (b - '0');
            }

            if (number < 300)
            {
                return number.ToString(CultureInfo.InvariantCulture);
            }
        }

        return Encoding.UTF8.GetString(value);
    }

    /// <summary>How many fields the header section can hold at most: its lines that do not continue another.</summary>
    private static int CountFields(ReadOnlySpan<byte> data, int pos, int max)
    {
        var count = 0;
        while (pos < data.Length && count < max)
        {
            var lf = data[pos..].IndexOf(LF);
            var length = lf < 0 ? data.Length - pos : lf;
            if (length == 0 || data[pos] == CR)
            {
                // The empty line (or a broken one, which the parser refuses).
                break;
            }

            count += data[pos] is SP or HT ? 0 : 1;
            pos += length + 1;
        }

        return count;
    }

    // Control characters (HTAB aside) may appear only as quoted-pairs (§25.1), i.e. after a backslash.
    private static bool HasOnlyEscapedControls(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.ContainsAny(Controls))
        {
            return true;
        }

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
    private static SipParseError? ParseRequestLine(ReadOnlySpan<char> line, out string? method, out AddressUri? uri)
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

        var uriText = line.Slice(first + 1, last - first - 1);
        if (uriText.IsEmpty || uriText[0] == ' ' || uriText[^1] == ' ')
        {
            return StartError(SipParseErrorReason.InvalidRequestLine, "Request-Line elements are not separated by single spaces");
        }

        if (!SipChars.IsToken(line[..first]))
        {
            return StartError(SipParseErrorReason.InvalidRequestLine, "Method is not a token");
        }

        if (CheckVersion(line[(last + 1)..], SipParseErrorReason.InvalidRequestLine) is { } versionError)
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

        method = SipMethods.Intern(line[..first]);
        uri = parsed;
        return null;
    }

    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2). "SIP/2.0 100" without the
    // second space is taken too: the phrase is optional in meaning, and peers do send it.
    private static SipParseError? ParseStatusLine(ReadOnlySpan<char> line, out int code, out string reason)
    {
        code = 0;
        reason = string.Empty;
        var space = line.IndexOf(' ');
        if (space < 0)
        {
            return StartError(SipParseErrorReason.InvalidStatusLine, "Status-Line is not SIP-Version SP Status-Code SP Reason-Phrase");
        }

        if (CheckVersion(line[..space], SipParseErrorReason.InvalidStatusLine) is { } versionError)
        {
            return versionError;
        }

        var rest = line[(space + 1)..];
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
        var usual = SipStatus.GetReasonPhrase(code);
        reason = phrase.SequenceEqual(usual) ? usual : phrase.ToString();
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

    private static int? ContentLengthOf(ReadOnlySpan<SipHeader> headers, out int index)
    {
        for (index = 0; index < headers.Length; index++)
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

    /// <summary>The header field being read: its name, and where its value lies in the data.</summary>
    private struct PendingField
    {
        public string? Name;
        public string Canonical;
        public Location At;
        public int Start;
        public int End;

        /// <summary>The unfolded length: the value without the CRLFs of its continuation lines.</summary>
        public int Length;

        public bool Folded;
    }

    /// <summary>The fields read so far and where each started.</summary>
    private ref struct Fields(SipHeader[] headers, Span<Location> locations)
    {
        public SipHeader[] Headers = headers;
        public Span<Location> Locations = locations;
        public int Count;

        public void Add(SipHeader header, Location at)
        {
            if (Count == Headers.Length)
            {
                // Not expected: the count made beforehand is an upper bound. Grown rather than trusted.
                Array.Resize(ref Headers, Math.Max(4, Count * 2));
                var larger = new Location[Headers.Length];
                Locations.CopyTo(larger);
                Locations = larger;
            }

            Headers[Count] = header;
            Locations[Count] = at;
            Count++;
        }
    }

    private static SipParseError StartError(SipParseErrorReason reason, string description) => new(reason, description, 0, 0, null);

    private static SipParseResult Fatal(SipParseErrorReason reason, string description, int line, int offset) =>
        SipParseResult.Failure(new SipParseError(reason, description, line, offset, null));
}

using System.Globalization;

namespace Swml.Sip.Sdp;

/// <summary>
/// Reads SDP text into a <see cref="SessionDescription"/>: lenient about layout, strict about the lines offer/answer
/// relies on. Every failure is a reason, never an exception. See <see cref="SessionDescription.TryParse(string?, out SessionDescription?, out string?)"/>.
/// </summary>
internal static class SdpParser
{
    public static bool TryParse(string? text, out SessionDescription? description, out string? error)
    {
        description = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the description is empty";
            return false;
        }

        var state = new State();
        var lineNumber = 0;
        var seenVersion = false;
        var position = text[0] == '\uFEFF' ? 1 : 0;
        while (position < text.Length)
        {
            // Lines end in CRLF (RFC 8866 §5), but LF alone and CR alone are accepted too.
            var end = text.AsSpan(position).IndexOfAny('\r', '\n');
            end = end < 0 ? text.Length : position + end;
            var line = text[position..end].Trim();
            position = end + (end + 1 < text.Length && text[end] == '\r' && text[end + 1] == '\n' ? 2 : 1);
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string? reason;
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetter(line[0]))
            {
                reason = "expected <letter>=<value>";
            }
            else if (!seenVersion)
            {
                // RFC 8866 §5.1: the description starts with v=, and 0 is the only version.
                reason = line[0] == 'v' && line[2..].Trim() == "0" ? null : "the first line must be v=0";
                seenVersion = true;
            }
            else
            {
                reason = state.Read(line[0], line[2..].Trim());
            }

            if (reason is not null)
            {
                error = $"line {lineNumber}: {reason}";
                return false;
            }
        }

        if (!seenVersion)
        {
            error = "the description is empty";
            return false;
        }

        return state.TryBuild(out description, out error);
    }

    private static string[] Fields(string value) => value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static bool TryParseConnection(string value, out SdpConnection? connection)
    {
        var fields = Fields(value);
        connection = fields.Length == 3 ? new SdpConnection(fields[0], fields[1], fields[2]) : null;
        return connection is not null;
    }

    private static bool TryParseBandwidth(string value, out SdpBandwidth? bandwidth)
    {
        var colon = value.IndexOf(':');
        bandwidth = colon > 0 ? new SdpBandwidth(value[..colon].Trim(), value[(colon + 1)..].Trim()) : null;
        return bandwidth is not null;
    }

    private static SdpAttribute? ParseAttribute(string value)
    {
        var colon = value.IndexOf(':');
        var name = (colon < 0 ? value : value[..colon]).Trim();
        return name.Length == 0 ? null : new SdpAttribute(name, colon < 0 ? null : value[(colon + 1)..]);
    }

    private static bool TryParseNumber(string text, int max, out int number) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number <= max;

    /// <summary>The lines read so far: the session level, then the media description being read.</summary>
    private sealed class State
    {
        private readonly List<string> _emails = [];
        private readonly List<string> _phones = [];
        private readonly List<SdpBandwidth> _bandwidths = [];
        private readonly List<(SdpTiming Timing, List<string> Repeats)> _timings = [];
        private readonly List<SdpAttribute> _attributes = [];
        private readonly List<SdpLine> _others = [];
        private readonly List<MediaState> _media = [];
        private SdpOrigin? _origin;
        private string? _sessionName;
        private string? _information;
        private string? _uri;
        private SdpConnection? _connection;
        private string? _timeZones;
        private string? _key;

        /// <summary>Reads one line after <c>v=</c>; returns why it is wrong, or null.</summary>
        public string? Read(char type, string value)
        {
            if (_media.Count > 0 && type != 'm')
            {
                return _media[^1].Read(type, value);
            }

            switch (type)
            {
                case 'v':
                    return "v= may appear only once, first";
                case 'o':
                    if (_origin is not null)
                    {
                        return "more than one o= line";
                    }

                    var fields = Fields(value);
                    if (fields.Length != 6)
                    {
                        return "o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>";
                    }

                    _origin = new SdpOrigin(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
                    return null;
                case 's':
                    return Single(ref _sessionName, value, "s=");
                case 'i':
                    return Single(ref _information, value, "i=");
                case 'u':
                    return Single(ref _uri, value, "u=");
                case 'e':
                    _emails.Add(value);
                    return null;
                case 'p':
                    _phones.Add(value);
                    return null;
                case 'c':
                    if (_connection is not null)
                    {
                        return "more than one session-level c= line";
                    }

                    return TryParseConnection(value, out _connection) ? null : "c= needs <nettype> <addrtype> <address>";
                case 'b':
                    if (!TryParseBandwidth(value, out var bandwidth))
                    {
                        return "b= needs <bwtype>:<bandwidth>";
                    }

                    _bandwidths.Add(bandwidth!);
                    return null;
                case 't':
                    var times = Fields(value);
                    if (times.Length != 2)
                    {
                        return "t= needs <start-time> <stop-time>";
                    }

                    _timings.Add((new SdpTiming(times[0], times[1]), []));
                    return null;
                case 'r':
                    if (_timings.Count == 0)
                    {
                        return "r= must follow a t= line";
                    }

                    _timings[^1].Repeats.Add(value);
                    return null;
                case 'z':
                    return Single(ref _timeZones, value, "z=");
                case 'k':
                    return Single(ref _key, value, "k=");
                case 'a':
                    var attribute = ParseAttribute(value);
                    if (attribute is null)
                    {
                        return "a= needs an attribute name";
                    }

                    _attributes.Add(attribute);
                    return null;
                case 'm':
                    var media = MediaState.Start(value, out var reason);
                    if (media is not null)
                    {
                        _media.Add(media);
                    }

                    return reason;
                default:
                    _others.Add(new SdpLine(type, value));
                    return null;
            }
        }

        public bool TryBuild(out SessionDescription? description, out string? error)
        {
            description = null;
            if (_origin is null)
            {
                // The origin is what tells a changed description from a repeated one (RFC 3264 §8).
                error = "the o= line is missing";
                return false;
            }

            description = new SessionDescription
            {
                Origin = _origin,
                SessionName = _sessionName ?? "-",
                Information = _information,
                Uri = _uri,
                Emails = _emails,
                Phones = _phones,
                Connection = _connection,
                Bandwidths = _bandwidths,
                Timings = _timings.ConvertAll(t => t.Timing with { Repeats = t.Repeats }),
                TimeZones = _timeZones,
                Key = _key,
                Attributes = _attributes,
                OtherLines = _others,
                Media = _media.ConvertAll(media => media.Build()),
            };
            error = null;
            return true;
        }

        internal static string? Single(ref string? field, string value, string name)
        {
            if (field is not null)
            {
                return $"more than one {name} line";
            }

            field = value;
            return null;
        }
    }

    /// <summary>One media description being read.</summary>
    private sealed class MediaState
    {
        private readonly List<SdpConnection> _connections = [];
        private readonly List<SdpBandwidth> _bandwidths = [];
        private readonly List<SdpAttribute> _attributes = [];
        private readonly List<SdpLine> _others = [];
        private string _media = "";
        private int _port;
        private int? _portCount;
        private string _protocol = "";
        private string[] _formats = [];
        private string? _title;
        private string? _key;

        /// <summary>Reads an <c>m=</c> line: <c>&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; …</c> (RFC 8866 §5.14).</summary>
        public static MediaState? Start(string value, out string? reason)
        {
            var fields = Fields(value);
            if (fields.Length < 3)
            {
                reason = "m= needs <media> <port> <proto> [<fmt> …]";
                return null;
            }

            // Lenient: no format at all is accepted, though RFC 8866 asks for one; the line is still usable.
            var portText = fields[1];
            var slash = portText.IndexOf('/');
            int? count = null;
            if (!TryParseNumber(slash < 0 ? portText : portText[..slash], 65535, out var port))
            {
                reason = $"m= port '{SdpReason.Clip(portText)}' is not a number 0-65535";
                return null;
            }

            if (slash >= 0)
            {
                if (!TryParseNumber(portText[(slash + 1)..], 65535, out var n) || n == 0)
                {
                    reason = $"m= port count in '{SdpReason.Clip(portText)}' is not a number 1-65535";
                    return null;
                }

                count = n;
            }

            reason = null;
            return new MediaState
            {
                _media = fields[0],
                _port = port,
                _portCount = count,
                _protocol = fields[2],
                _formats = fields[3..],
            };
        }

        public string? Read(char type, string value)
        {
            switch (type)
            {
                case 'v' or 'o' or 's' or 'u' or 'e' or 'p' or 't' or 'r' or 'z':
                    return $"{type}= is a session-level line but appears in a media description";
                case 'i':
                    return State.Single(ref _title, value, "media-level i=");
                case 'c':
                    if (!TryParseConnection(value, out var connection))
                    {
                        return "c= needs <nettype> <addrtype> <address>";
                    }

                    _connections.Add(connection!);
                    return null;
                case 'b':
                    if (!TryParseBandwidth(value, out var bandwidth))
                    {
                        return "b= needs <bwtype>:<bandwidth>";
                    }

                    _bandwidths.Add(bandwidth!);
                    return null;
                case 'k':
                    return State.Single(ref _key, value, "media-level k=");
                case 'a':
                    var attribute = ParseAttribute(value);
                    if (attribute is null)
                    {
                        return "a= needs an attribute name";
                    }

                    _attributes.Add(attribute);
                    return null;
                default:
                    _others.Add(new SdpLine(type, value));
                    return null;
            }
        }

        public MediaDescription Build() => new()
        {
            Media = _media,
            Port = _port,
            PortCount = _portCount,
            Protocol = _protocol,
            Formats = _formats,
            Title = _title,
            Connections = _connections,
            Bandwidths = _bandwidths,
            Key = _key,
            Attributes = _attributes,
            OtherLines = _others,
        };
    }
}

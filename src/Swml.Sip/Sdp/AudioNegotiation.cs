namespace Swml.Sip.Sdp;

/// <summary>The RFC 3264 rules for one audio stream: matching codecs and reading the peer's side.</summary>
internal static class AudioNegotiation
{
    /// <summary>The only transport we speak: plain RTP, no SRTP or feedback profile (RFC 3551).</summary>
    public const string RtpAvp = "RTP/AVP";

    /// <summary>Our packetization time, in milliseconds: 160 G.711 samples.</summary>
    public const int Ptime = 20;

    /// <summary>
    /// Checks that an offered or answered m-line is an audio stream we can take part in and finds the codecs
    /// both sides have, in the m-line's order. <paramref name="ours"/> are matched by encoding, never by number:
    /// the result carries the m-line's payload type numbers.
    /// </summary>
    public static NegotiatedAudio? TryMatch(
        SessionDescription description,
        int index,
        IReadOnlyList<AudioCodec> ours,
        out string? reason)
    {
        var media = description.Media[index];
        if (media.IsRejected)
        {
            reason = "the audio stream has port 0";
            return null;
        }

        if (!media.Protocol.Equals(RtpAvp, StringComparison.OrdinalIgnoreCase))
        {
            reason = $"the audio stream uses {SdpReason.Clip(media.Protocol)}; only {RtpAvp} is supported";
            return null;
        }

        var connection = description.GetConnection(media);
        if (connection is null || !connection.NetworkType.Equals("IN", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 8866 §5.7: every stream needs a c= line, its own or the session's.
            reason = "the audio stream has no IN c= line";
            return null;
        }

        var voice = new List<AudioCodec>();
        AudioCodec? events = null;
        var seen = new HashSet<int>();
        foreach (var format in media.Formats)
        {
            // At most 128 distinct payload types: repeats are skipped before the attribute look-up.
            if (!RtpMap.TryParsePayloadType(format, out var payloadType) || !seen.Add(payloadType) || media.GetRtpMap(format) is not { } map)
            {
                continue;
            }

            foreach (var codec in ours)
            {
                if (!codec.Matches(map))
                {
                    continue;
                }

                if (!codec.IsTelephoneEvent)
                {
                    voice.Add(codec with { PayloadType = map.PayloadType });
                }
                else if (events is null
                    && TelephoneEvents.Intersect(media.GetFormatParameters(format), codec.FormatParameters) is { } list)
                {
                    events = codec with { PayloadType = map.PayloadType, FormatParameters = list };
                }

                break;
            }
        }

        if (voice.Count == 0)
        {
            // telephone-event alone carries no voice, so it is no reason to accept the stream.
            var offered = string.Join(' ', media.Formats.Take(8).Select(f => SdpReason.Clip(Describe(media, f))));
            reason = $"no common codec: the stream offers {offered}{(media.Formats.Count > 8 ? " …" : "")}";
            return null;
        }

        reason = null;
        return new NegotiatedAudio
        {
            MediaIndex = index,
            Codecs = voice,
            TelephoneEvent = events,
            RemoteAddress = connection.Host,
            RemotePort = media.Port,
            RemoteDirection = description.GetDirection(media),
            RemotePtime = media.Ptime,
        };
    }

    /// <summary>The m-line of an accepted audio stream, listing the chosen codecs with the given numbers.</summary>
    public static MediaDescription AudioLine(
        string protocol,
        int port,
        IEnumerable<AudioCodec> codecs,
        MediaDirection direction)
    {
        var formats = new List<string>();
        var attributes = new List<SdpAttribute>();
        var parameters = new List<SdpAttribute>();
        foreach (var codec in codecs)
        {
            formats.Add(codec.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));
            attributes.Add(new SdpAttribute("rtpmap", codec.ToRtpMap().ToString()));
            if (codec.FormatParameters is { } fmtp)
            {
                attributes.Add(new SdpAttribute("fmtp", $"{codec.PayloadType} {fmtp}"));
            }
        }

        attributes.Add(new SdpAttribute("ptime", Ptime.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        attributes.Add(new SdpAttribute(direction.ToAttributeName()));
        return new MediaDescription
        {
            Media = "audio",
            Port = port,
            Protocol = protocol,
            Formats = formats,
            Attributes = attributes,
        };
    }

    /// <summary>
    /// An answer's m-line for a stream we do not take: port 0, the offered media and protocol, and one
    /// of the offered formats, since an m-line needs at least one (RFC 3264 §6).
    /// </summary>
    public static MediaDescription RejectedLine(MediaDescription offered) => new()
    {
        Media = offered.Media,
        Port = 0,
        Protocol = offered.Protocol,
        Formats = [offered.Formats.Count > 0 ? offered.Formats[0] : "0"],
    };

    private static string Describe(MediaDescription media, string format) =>
        media.GetRtpMap(format) is { } map ? $"{map.EncodingName}/{map.ClockRate}" : format;
}

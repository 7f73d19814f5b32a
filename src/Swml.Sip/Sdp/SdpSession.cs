using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Swml.Sip.Sdp;

/// <summary>
/// Our side of the SDP offer/answer exchanges of one SIP session (RFC 3264): it writes our offers and
/// answers for audio (PCMU, PCMA, telephone-event) and numbers them in one <c>o=</c> line, whose version
/// goes up whenever a description differs from the previous one (RFC 3264 §8).
/// </summary>
/// <remarks>Not thread-safe: a call's signalling is handled one message at a time.</remarks>
internal sealed class SdpSession
{
    private string? _lastText;

    /// <param name="userName">The <c>o=</c> user name; <c>-</c> by default (RFC 8866 §5.2).</param>
    /// <param name="sessionId">The <c>o=</c> session id; random when not given.</param>
    public SdpSession(string userName = "-", ulong? sessionId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        if (userName.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("The o= user name cannot contain spaces.", nameof(userName));
        }

        UserName = userName;
        SessionId = sessionId ?? (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    }

    /// <summary>The <c>o=</c> user name.</summary>
    public string UserName { get; }

    /// <summary>The <c>o=</c> session id, the same in every description of this session.</summary>
    public ulong SessionId { get; }

    /// <summary>The <c>o=</c> version of the last description written: 1 for the first, one more for each change.</summary>
    public ulong Version { get; private set; }

    /// <summary>
    /// An audio offer (RFC 3264 §5): one <c>m=audio</c> line with the codecs' payload types in the given
    /// order, an rtpmap for each, the telephone-event event list, <c>a=ptime:20</c> and <c>a=sendrecv</c>.
    /// </summary>
    /// <param name="localAddress">Our RTP address, for the <c>o=</c> and <c>c=</c> lines.</param>
    /// <param name="rtpPort">Our RTP port, 1-65535.</param>
    /// <param name="codecs">The codecs in order of preference; <see cref="AudioCodec.Defaults"/> when none are given.</param>
    public SessionDescription CreateOffer(IPAddress localAddress, int rtpPort, params IReadOnlyList<AudioCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rtpPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rtpPort, 65535);
        codecs = Check(codecs);
        if (codecs.All(codec => codec.IsTelephoneEvent))
        {
            throw new ArgumentException("An offer needs at least one voice codec.", nameof(codecs));
        }

        var audio = AudioNegotiation.AudioLine(AudioNegotiation.RtpAvp, rtpPort, codecs, MediaDirection.SendRecv);
        return Stamp(localAddress, origin => new SessionDescription
        {
            Origin = origin,
            Connection = SdpConnection.For(localAddress),
            Timings = [SdpTiming.Unbounded],
            Media = [audio],
        });
    }

    /// <summary>
    /// Answers an offer (RFC 3264 §6): one m-line per offered m-line, in the same order. The first usable
    /// audio stream (RTP/AVP, a port, an IN connection, a codec in common) is accepted with the common codecs
    /// in the offer's order and the offer's payload type numbers, and the offered direction mirrored. Every
    /// other stream, including video and application streams, is rejected with port 0.
    /// </summary>
    /// <param name="offer">The peer's offer.</param>
    /// <param name="localAddress">Our RTP address, for the <c>o=</c> and <c>c=</c> lines.</param>
    /// <param name="rtpPort">Our RTP port, 1-65535.</param>
    /// <param name="supported">The codecs we accept; <see cref="AudioCodec.Defaults"/> when none are given. Their payload type numbers do not matter.</param>
    public SdpAnswer CreateAnswer(SessionDescription offer, IPAddress localAddress, int rtpPort, params IReadOnlyList<AudioCodec> supported)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rtpPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rtpPort, 65535);
        supported = Check(supported);

        NegotiatedAudio? accepted = null;
        string? reason = null;
        var lines = new List<MediaDescription>(offer.Media.Count);
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var offered = offer.Media[i];
            if (!offered.IsAudio)
            {
                lines.Add(AudioNegotiation.RejectedLine(offered));
                continue;
            }

            if (accepted is not null)
            {
                // One RTP port carries one stream; further audio streams are declined.
                lines.Add(AudioNegotiation.RejectedLine(offered));
                continue;
            }

            accepted = AudioNegotiation.TryMatch(offer, i, supported, out var why);
            reason ??= why;
            lines.Add(accepted is null
                ? AudioNegotiation.RejectedLine(offered)
                : AudioNegotiation.AudioLine(offered.Protocol, rtpPort, InOfferOrder(offered, accepted), accepted.LocalDirection));
        }

        // A refused offer is answered with an error, not this description: it must not move the
        // version of the next one (a re-INVITE refused with 488 leaves the session as it was).
        var answer = Stamp(localAddress, origin => new SessionDescription
        {
            Origin = origin,
            Connection = SdpConnection.For(localAddress),

            // RFC 3264 §6: the answer's t= line equals the offer's.
            Timings = offer.Timings,
            Media = lines,
        }, remember: accepted is not null);
        return new SdpAnswer(answer, accepted, accepted is null ? reason ?? "the offer has no audio stream" : null);
    }

    /// <summary>
    /// Reads the answer to one of our offers (RFC 3264 §7): the codecs the answerer chose among the ones we
    /// offered (with the answer's payload type numbers), its RTP address and port, and its direction.
    /// Fails, with the reason, if the answer does not match the offer or rejects our audio stream.
    /// </summary>
    public static bool TryReadAnswer(
        SessionDescription offer,
        SessionDescription answer,
        [NotNullWhen(true)] out NegotiatedAudio? audio,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        audio = null;
        if (answer.Media.Count != offer.Media.Count)
        {
            error = $"the answer has {answer.Media.Count} m-lines for the offer's {offer.Media.Count}";
            return false;
        }

        var index = -1;
        for (var i = 0; i < offer.Media.Count; i++)
        {
            if (offer.Media[i].IsAudio && !offer.Media[i].IsRejected)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            error = "the offer has no audio stream";
            return false;
        }

        if (!answer.Media[index].IsAudio)
        {
            error = $"m-line {index + 1} of the answer is {SdpReason.Clip(answer.Media[index].Media)}, not audio";
            return false;
        }

        // Our own offer's rtpmaps say which encodings we accept: match the answer against them.
        var offered = offer.Media[index];
        var ours = new List<AudioCodec>();
        foreach (var format in offered.Formats)
        {
            if (offered.GetRtpMap(format) is { } map)
            {
                ours.Add(new AudioCodec(map.EncodingName, map.ClockRate, map.PayloadType, offered.GetFormatParameters(format)));
            }
        }

        audio = AudioNegotiation.TryMatch(answer, index, ours, out var reason);
        error = audio is null ? $"the answer's audio stream is unusable: {reason}" : null;
        return audio is not null;
    }

    private static IReadOnlyList<AudioCodec> Check(IReadOnlyList<AudioCodec>? codecs)
    {
        if (codecs is null || codecs.Count == 0)
        {
            return AudioCodec.Defaults;
        }

        var numbers = new HashSet<int>();
        foreach (var codec in codecs)
        {
            ArgumentNullException.ThrowIfNull(codec, nameof(codecs));
            if (codec.PayloadType is < 0 or > 127 || !numbers.Add(codec.PayloadType))
            {
                throw new ArgumentException($"Payload type {codec.PayloadType} is out of range or used twice.", nameof(codecs));
            }
        }

        return codecs;
    }

    private static IEnumerable<AudioCodec> InOfferOrder(MediaDescription offered, NegotiatedAudio audio)
    {
        var chosen = audio.TelephoneEvent is { } events ? [.. audio.Codecs, events] : audio.Codecs;
        return chosen.OrderBy(codec => IndexOf(offered, codec.PayloadType));
    }

    private static int IndexOf(MediaDescription media, int payloadType)
    {
        for (var i = 0; i < media.Formats.Count; i++)
        {
            if (RtpMap.TryParsePayloadType(media.Formats[i], out var number) && number == payloadType)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>
    /// Puts our origin on a description. The version goes up only when the description differs from the
    /// last one we wrote, so a repeated answer or offer keeps its number (RFC 3264 §8). A description
    /// not <paramref name="remember"/>ed is numbered but leaves the session as it was.
    /// </summary>
    private SessionDescription Stamp(IPAddress localAddress, Func<SdpOrigin, SessionDescription> build, bool remember = true)
    {
        var (type, host) = SdpConnection.Format(localAddress);
        SdpOrigin Origin(ulong version) => new(UserName, Id(SessionId), Id(version), "IN", type, host);

        // Compare the descriptions with the version left out, since it is the one thing that must differ.
        var text = build(Origin(0)).ToString();
        var version = _lastText is null ? 1 : text == _lastText ? Version : Version + 1;
        if (!remember)
        {
            return build(Origin(version));
        }

        Version = version;
        _lastText = text;
        return build(Origin(Version));
    }

    private static string Id(ulong value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

using System.Net;

namespace Swml.Sip.Sdp;

/// <summary>
/// The audio stream that an offer/answer exchange settled on (RFC 3264 §6.1, §7): what to send, where to
/// send it, and in which directions, as the peer's description (the offer we answered, or the answer to our
/// offer) says.
/// </summary>
public sealed record NegotiatedAudio
{
    /// <summary>The position of the audio m-line in both descriptions.</summary>
    public required int MediaIndex { get; init; }

    /// <summary>
    /// The voice codecs both sides accept, in the order of the peer's m-line, with the peer's payload type
    /// numbers (the ones to send with). Never empty.
    /// </summary>
    public required IReadOnlyList<AudioCodec> Codecs { get; init; }

    /// <summary>The codec to send: the peer's first choice (RFC 3264 §6.1, §7).</summary>
    public AudioCodec Codec => Codecs[0];

    /// <summary>telephone-event with the peer's payload type and event list, if both sides have it.</summary>
    public AudioCodec? TelephoneEvent { get; init; }

    /// <summary>Where the peer receives RTP: the media-level <c>c=</c> address, else the session-level one.</summary>
    public required string RemoteAddress { get; init; }

    /// <summary>The peer's RTP port, from its m-line.</summary>
    public required int RemotePort { get; init; }

    /// <summary>The direction the peer's description gives for the stream (media level, else session level, else sendrecv).</summary>
    public required MediaDirection RemoteDirection { get; init; }

    /// <summary>The peer's <c>a=ptime</c>, if it gave one.</summary>
    public int? RemotePtime { get; init; }

    /// <summary>Our direction: the peer's, mirrored (RFC 3264 §6.1).</summary>
    public MediaDirection LocalDirection => RemoteDirection.Reverse();

    /// <summary>
    /// The peer's RTP address and port, or null if the address is a host name or unspecified
    /// (<c>0.0.0.0</c>).
    /// </summary>
    public IPEndPoint? RemoteEndPoint =>
        !IsUnspecifiedAddress && IPAddress.TryParse(RemoteAddress, out var address) ? new IPEndPoint(address, RemotePort) : null;

    /// <summary>
    /// Whether the peer holds the call: it only sends (<c>a=sendonly</c>), sends nothing (<c>a=inactive</c>), or
    /// uses the RFC 2543 <c>c=0.0.0.0</c> (RFC 3264 §8.4).
    /// </summary>
    public bool IsOnHold => RemoteDirection is MediaDirection.SendOnly or MediaDirection.Inactive || IsUnspecifiedAddress;

    /// <summary>Whether we should send RTP: our direction allows it and the peer gave an address to send to.</summary>
    public bool ShouldSend => LocalDirection.Sends() && !IsUnspecifiedAddress;

    /// <summary>Whether we should expect RTP from the peer.</summary>
    public bool ShouldReceive => LocalDirection.Receives();

    private bool IsUnspecifiedAddress => RemoteAddress is "0.0.0.0" or "::";

    /// <summary>The same stream: the codecs compare by value, so a repeated offer agrees the same audio.</summary>
    public bool Equals(NegotiatedAudio? other) =>
        other is not null &&
        MediaIndex == other.MediaIndex &&
        Codecs.SequenceEqual(other.Codecs) &&
        TelephoneEvent == other.TelephoneEvent &&
        RemoteAddress == other.RemoteAddress &&
        RemotePort == other.RemotePort &&
        RemoteDirection == other.RemoteDirection &&
        RemotePtime == other.RemotePtime;

    public override int GetHashCode() => HashCode.Combine(MediaIndex, Codec, RemoteAddress, RemotePort, RemoteDirection);
}

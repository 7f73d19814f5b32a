using System.Net;
using Swml.Sip.Media;
using Swml.Sip.Sdp;

namespace Swml.Sip.Calls;

/// <summary>
/// Our side of a call's offer/answer exchanges (RFC 3264 §8): one <c>o=</c> session numbered across
/// them, our RTP address and port, the description we last sent and the audio agreed. A new offer in
/// a re-INVITE or UPDATE is answered here; one we cannot accept leaves the session as it was
/// (RFC 3261 §14.2). The call's RTP, when it has any, follows every agreement made here.
/// </summary>
/// <remarks>Not thread-safe: the call hands it one exchange at a time.</remarks>
internal sealed class CallMedia
{
    private readonly SdpSession _session = new();
    private readonly IPAddress _address;
    private readonly int _rtpPort;
    private NegotiatedAudio? _audio;

    public CallMedia(IPAddress address, int rtpPort, RtpStream? rtp = null)
    {
        _address = address;
        _rtpPort = rtpPort;
        Rtp = rtp;
    }

    /// <summary>Our RTP port, as our SDP gives it.</summary>
    public int LocalRtpPort => _rtpPort;

    /// <summary>The call's RTP; null for an endpoint without media (<see cref="CallMediaMode.SignalingOnly"/>).</summary>
    public RtpStream? Rtp { get; }

    /// <summary>The description we last sent: our offer, or our answer.</summary>
    public SessionDescription? Local { get; private set; }

    /// <summary>The audio last agreed; null while none is.</summary>
    public NegotiatedAudio? Audio
    {
        get => _audio;
        private set
        {
            _audio = value;
            Rtp?.Follow(value);
        }
    }

    /// <summary>Closes the RTP socket: the call is over, or never came to be.</summary>
    public void Close() => Rtp?.Dispose();

    /// <summary>Our offer: the codecs we take, sendrecv. Its answer is read by <see cref="TryTakeAnswer"/>.</summary>
    public SessionDescription Offer() => Local = _session.CreateOffer(_address, _rtpPort);

    /// <summary>
    /// Answers the peer's offer. When it has audio we take, the answer becomes our description and its
    /// audio the agreed one; when not, nothing changes and the answer says why.
    /// </summary>
    public SdpAnswer Answer(SessionDescription offer)
    {
        var answer = _session.CreateAnswer(offer, _address, _rtpPort);
        if (answer.IsAccepted)
        {
            Local = answer.Description;
            Audio = answer.Audio;
        }

        return answer;
    }

    /// <summary>The answer to our last offer: takes its audio when it is usable.</summary>
    public bool TryTakeAnswer(SessionDescription answer, out string? error)
    {
        if (Local is null)
        {
            error = "we made no offer";
            return false;
        }

        if (!SdpSession.TryReadAnswer(Local, answer, out var audio, out error))
        {
            return false;
        }

        Audio = audio;
        return true;
    }
}

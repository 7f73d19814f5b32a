using Swml.Sip.Media;

namespace Swml.Sip.Calls;

public sealed partial class SipCall
{
    /// <summary>
    /// Sends <paramref name="source"/> as RTP in the agreed codec (PCMU or PCMA), a 20 ms packet at a
    /// time, paced by the endpoint's media clock, and completes when it has all been sent, when
    /// another play takes over, or when the call ends. A cancelled token stops it at once (the task is
    /// cancelled). While the peer holds the call the audio's time passes unsent; a re-INVITE that
    /// moves or resumes the stream is followed from the next packet.
    /// Continuations run on the thread pool, never on the media clock's thread.
    /// </summary>
    /// <exception cref="InvalidOperationException">The endpoint has no RTP (<see cref="CallMediaMode.SignalingOnly"/>).</exception>
    public Task<PlaybackEnd> PlayAsync(IAudioSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_media.Rtp is not { } rtp)
        {
            throw new InvalidOperationException("The endpoint was started without RTP (SipEndpointOptions.Media is SignalingOnly).");
        }

        return IsEnded ? Task.FromResult(PlaybackEnd.CallEnded) : rtp.PlayAsync(source, cancellationToken);
    }

    /// <summary>Our RTP port for this call, as our SDP gives it.</summary>
    public int LocalRtpPort => _media.LocalRtpPort;

    /// <summary>What the peer has sent us so far: how long, and how much of it was sound (still readable once the call ended).</summary>
    public ReceivedAudio ReceivedAudio => _media.Rtp?.Received ?? default;

    internal RtpStream? Rtp => _media.Rtp;
}

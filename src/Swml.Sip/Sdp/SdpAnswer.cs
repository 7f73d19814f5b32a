namespace Swml.Sip.Sdp;

/// <summary>
/// The result of answering an offer (RFC 3264 §6): the answer to send, and the audio stream it accepted, if
/// any. With no accepted audio the call layer should refuse the offer (488 Not Acceptable Here) rather than
/// send an answer in which every stream is rejected.
/// </summary>
/// <param name="Description">The answer: one m-line per offered m-line, in the same order.</param>
/// <param name="Audio">The accepted audio stream, or null if none could be accepted.</param>
/// <param name="RejectionReason">Why no audio stream was accepted, for a log or a Warning header; null when one was.</param>
internal sealed record SdpAnswer(SessionDescription Description, NegotiatedAudio? Audio, string? RejectionReason)
{
    /// <summary>Whether an audio stream was accepted.</summary>
    public bool IsAccepted => Audio is not null;
}

namespace Swml.Sip.Sdp;

/// <summary>
/// An audio format we can send and receive: an RTP payload type, its encoding and, for telephone-event,
/// its <c>a=fmtp</c> event list. <see cref="Pcmu"/>, <see cref="Pcma"/> and <see cref="TelephoneEvent"/> are the
/// ones this library negotiates.
/// </summary>
public sealed record AudioCodec(string Name, int ClockRate, int PayloadType, string? FormatParameters = null)
{
    /// <summary>The telephone-event encoding name (RFC 4733 §7.1.1).</summary>
    public const string TelephoneEventName = "telephone-event";

    /// <summary>G.711 μ-law: static payload type 0 at 8000 Hz (RFC 3551 §6).</summary>
    public static AudioCodec Pcmu { get; } = new("PCMU", 8000, 0);

    /// <summary>G.711 A-law: static payload type 8 at 8000 Hz (RFC 3551 §6).</summary>
    public static AudioCodec Pcma { get; } = new("PCMA", 8000, 8);

    /// <summary>
    /// The codecs to offer by default, in order of preference: PCMU, PCMA, and telephone-event on payload
    /// type 101 (the number most peers use).
    /// </summary>
    public static IReadOnlyList<AudioCodec> Defaults { get; } = [Pcmu, Pcma, TelephoneEvent()];

    /// <summary>
    /// DTMF and other named events (RFC 4733) at 8000 Hz on a dynamic payload type, with an event list
    /// such as <c>0-16</c> (digits, *, #, A-D and flash) or <c>0-15</c>.
    /// </summary>
    public static AudioCodec TelephoneEvent(int payloadType = 101, string events = "0-16") =>
        new(TelephoneEventName, 8000, payloadType, events);

    /// <summary>Whether this is telephone-event rather than a voice codec.</summary>
    public bool IsTelephoneEvent => Name.Equals(TelephoneEventName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>a=rtpmap</c> for this codec.</summary>
    public RtpMap ToRtpMap() => new(PayloadType, Name, ClockRate);

    /// <summary>Whether a peer's rtpmap names this codec: same encoding name (any case), clock rate, and mono.</summary>
    public bool Matches(RtpMap map) => map.IsSameEncoding(Name, ClockRate);
}

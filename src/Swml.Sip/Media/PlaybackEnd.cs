namespace Swml.Sip.Media;

/// <summary>How a <see cref="Calls.SipCall.PlayAsync"/> ended, short of its token being cancelled.</summary>
public enum PlaybackEnd
{
    /// <summary>All the audio was sent (or, while the peer held the call, its time passed).</summary>
    Finished,

    /// <summary>Another play on the call took over before this one finished.</summary>
    Replaced,

    /// <summary>The call ended first.</summary>
    CallEnded,
}

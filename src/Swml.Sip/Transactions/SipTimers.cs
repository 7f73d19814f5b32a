namespace Swml.Sip.Transactions;

/// <summary>
/// RFC 3261's timer values (§17, table 4): T1, T2 and T4 are configurable and the lettered timers
/// follow from them. On a reliable transport the timers that absorb retransmissions are zero.
/// </summary>
public sealed class SipTimers
{
    public static SipTimers Default { get; } = new();

    /// <summary>Round-trip time estimate (500 ms).</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest retransmit interval for non-INVITE requests and INVITE responses (4 s).</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest time a message stays in the network (5 s).</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>64*T1: timers B, F, H, J and L, the transaction timeouts.</summary>
    public TimeSpan Timeout => T1 * 64;

    /// <summary>Timer D: wait for response retransmissions after an INVITE failed (at least 32 s on UDP).</summary>
    public TimeSpan D(bool reliable) => reliable ? TimeSpan.Zero : Max(TimeSpan.FromSeconds(32), Timeout);

    /// <summary>Timers I and K: absorb retransmissions (T4 on UDP).</summary>
    public TimeSpan Linger(bool reliable) => reliable ? TimeSpan.Zero : T4;

    /// <summary>Timer J: keep the final response of a non-INVITE server transaction (64*T1 on UDP).</summary>
    public TimeSpan J(bool reliable) => reliable ? TimeSpan.Zero : Timeout;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

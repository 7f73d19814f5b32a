namespace Swml.Sip.Media;

/// <summary>
/// The UDP ports a call's RTP may use (open them in the firewall). Each call takes an even port
/// (RFC 3550 §11), so a range of N ports carries N/2 calls.
/// </summary>
public sealed record RtpPortRange
{
    public RtpPortRange(int first, int last)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(last, 65534);
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first + 1);
        First = first;
        Last = last;
    }

    /// <summary>20000-39999, as the SDP of earlier versions advertised.</summary>
    public static RtpPortRange Default { get; } = new(20_000, 39_999);

    public int First { get; }

    public int Last { get; }

    /// <summary>How many even ports the range holds: how many calls can have audio at once.</summary>
    public int Capacity => ((Last - EvenFirst) / 2) + 1;

    internal int EvenFirst => First % 2 == 0 ? First : First + 1;
}

namespace Swml.Sip.Sdp;

/// <summary>
/// A time description (RFC 8866 §5.9, §5.10): a <c>t=</c> line and its <c>r=</c> lines. SIP sessions use
/// <c>t=0 0</c> (unbounded); the times are kept as written.
/// </summary>
public sealed record SdpTiming(string Start, string Stop)
{
    /// <summary><c>t=0 0</c>: a session that is not bounded in time.</summary>
    public static SdpTiming Unbounded { get; } = new("0", "0");

    /// <summary>The values of the <c>r=</c> lines that follow the <c>t=</c> line.</summary>
    public IReadOnlyList<string> Repeats { get; init; } = [];

    /// <summary>Equal times and equal repeats, in order.</summary>
    public bool Equals(SdpTiming? other) =>
        other is not null && Start == other.Start && Stop == other.Stop && Repeats.SequenceEqual(other.Repeats);

    public override int GetHashCode() => HashCode.Combine(Start, Stop, Repeats.Count);

    /// <summary>The <c>t=</c> line's value, without <c>t=</c>.</summary>
    public override string ToString() => $"{Start} {Stop}";
}

namespace Swml.Sip.Sdp;

/// <summary>The direction attributes of RFC 8866 §6.7 (<c>a=sendrecv</c>, <c>a=sendonly</c>, <c>a=recvonly</c>, <c>a=inactive</c>).</summary>
public enum MediaDirection
{
    /// <summary><c>a=sendrecv</c>, also the default when no direction is given.</summary>
    SendRecv,

    /// <summary><c>a=sendonly</c>: the describer only sends (the usual way to put a peer on hold).</summary>
    SendOnly,

    /// <summary><c>a=recvonly</c>: the describer only receives.</summary>
    RecvOnly,

    /// <summary><c>a=inactive</c>: neither.</summary>
    Inactive,
}

/// <summary>Helpers for <see cref="MediaDirection"/>.</summary>
public static class MediaDirectionExtensions
{
    /// <summary>
    /// The other side's view of a direction: what an answer says for an offered direction
    /// (RFC 3264 §6.1: sendonly → recvonly, recvonly → sendonly, the rest unchanged).
    /// </summary>
    public static MediaDirection Reverse(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        MediaDirection.RecvOnly => MediaDirection.SendOnly,
        _ => direction,
    };

    /// <summary>Whether the describer sends media.</summary>
    public static bool Sends(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    /// <summary>Whether the describer receives media.</summary>
    public static bool Receives(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    /// <summary>The attribute name: <c>sendrecv</c>, <c>sendonly</c>, <c>recvonly</c> or <c>inactive</c>.</summary>
    public static string ToAttributeName(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    /// <summary>The direction an attribute name stands for, or null if it is not a direction attribute.</summary>
    public static MediaDirection? FromAttributeName(string name) => name.ToLowerInvariant() switch
    {
        "sendrecv" => MediaDirection.SendRecv,
        "sendonly" => MediaDirection.SendOnly,
        "recvonly" => MediaDirection.RecvOnly,
        "inactive" => MediaDirection.Inactive,
        _ => null,
    };
}

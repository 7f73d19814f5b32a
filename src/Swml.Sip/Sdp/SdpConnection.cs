using System.Net;
using System.Net.Sockets;

namespace Swml.Sip.Sdp;

/// <summary>
/// A <c>c=</c> line (RFC 8866 §5.7): <c>&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c>, at session
/// or media level. The address is kept as written, with any multicast <c>/ttl/count</c> suffix.
/// </summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>The address without a multicast <c>/ttl</c> or <c>/count</c> suffix.</summary>
    public string Host => Address.IndexOf('/') is var slash and >= 0 ? Address[..slash] : Address;

    /// <summary>
    /// True for <c>0.0.0.0</c> (and <c>::</c>): the RFC 2543 way to put a call on hold, which
    /// RFC 3264 §8.4 says an answerer must still understand.
    /// </summary>
    public bool IsUnspecified => Host is "0.0.0.0" or "::";

    /// <summary>A connection for one of our addresses: <c>IN IP4</c> or <c>IN IP6</c>.</summary>
    public static SdpConnection For(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var (type, host) = Format(address);
        return new SdpConnection("IN", type, host);
    }

    /// <summary>The connection's host as an <see cref="IPAddress"/>, or null for a name or an unknown type.</summary>
    public IPAddress? TryGetIPAddress() =>
        NetworkType.Equals("IN", StringComparison.OrdinalIgnoreCase) && IPAddress.TryParse(Host, out var address)
            ? address
            : null;

    /// <summary>The line's value, without <c>c=</c>.</summary>
    public override string ToString() => $"{NetworkType} {AddressType} {Address}";

    /// <summary>The address type and text of an address, as SDP writes them (no IPv6 scope: SDP has none).</summary>
    internal static (string AddressType, string Host) Format(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? ("IP6", new IPAddress(address.GetAddressBytes()).ToString())
            : ("IP4", address.ToString());
    }
}

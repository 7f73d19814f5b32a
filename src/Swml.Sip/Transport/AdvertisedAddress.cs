using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Swml.Sip.Transport;

/// <summary>
/// The address and port we write where peers must reach us (Via, Contact, our URI, SDP <c>c=</c>
/// and <c>o=</c>): the one configured (a NAT's public address, a container's host), else the bound
/// one, except that a wildcard (0.0.0.0, ::) is never written: an interface's address stands for it.
/// </summary>
internal static class AdvertisedAddress
{
    /// <param name="bound">Where the transports listen (port already chosen).</param>
    /// <param name="address">The configured address, if any.</param>
    /// <param name="port">The configured port, if any (a NAT or container mapping).</param>
    /// <param name="interfaces">The machine's addresses; <see cref="InterfaceAddresses"/> by default.</param>
    public static IPEndPoint For(IPEndPoint bound, IPAddress? address, int? port, IEnumerable<IPAddress>? interfaces = null)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var chosen = address ?? (IsWildcard(bound.Address) ? Pick(bound.AddressFamily, interfaces ?? InterfaceAddresses()) : bound.Address);
        if (IsWildcard(chosen))
        {
            throw new ArgumentException($"The advertised address {chosen} is a wildcard: give the address peers reach us at.", nameof(address));
        }

        return new IPEndPoint(chosen, port ?? bound.Port);
    }

    /// <summary>The unicast addresses of the interfaces that are up, non-loopback first.</summary>
    public static IEnumerable<IPAddress> InterfaceAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .OrderBy(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address));

    private static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    // A link-local IPv6 address needs a scope that a Contact cannot carry; the loopback is the last resort.
    private static IPAddress Pick(AddressFamily family, IEnumerable<IPAddress> interfaces) =>
        interfaces.FirstOrDefault(a => a.AddressFamily == family && !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
        ?? (family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback);
}

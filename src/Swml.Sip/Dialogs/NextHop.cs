using System.Net;
using System.Net.Sockets;
using Swml.Sip.Message;
using Swml.Sip.Transport;

namespace Swml.Sip.Dialogs;

/// <summary>
/// Where to send a request for a SIP URI (a simplified RFC 3263): its transport parameter (UDP
/// unless it says TCP), its host resolved to an address (preferring the family our transports
/// listen on), its port or 5060.
/// </summary>
internal static class NextHop
{
    public const int DefaultPort = 5060;

    public static async ValueTask<TransportEndPoint> ResolveAsync(SipUri uri, AddressFamily preferred, CancellationToken cancellationToken)
    {
        var protocol = string.Equals(uri.Transport, "tcp", StringComparison.OrdinalIgnoreCase) ? TransportProtocol.Tcp : TransportProtocol.Udp;
        var address = uri.Host.ToIPAddress();
        if (address is null)
        {
            var addresses = await Dns.GetHostAddressesAsync(uri.Host.Value, cancellationToken).ConfigureAwait(false);
            address = addresses.FirstOrDefault(a => a.AddressFamily == preferred) ?? addresses.FirstOrDefault()
                ?? throw new SocketException((int)SocketError.HostNotFound);
        }

        return new TransportEndPoint(protocol, new IPEndPoint(address, uri.Port ?? DefaultPort));
    }
}

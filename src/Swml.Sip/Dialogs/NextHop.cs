using System.Net;
using System.Net.Sockets;
using Swml.Sip.Message;
using Swml.Sip.Transport;

namespace Swml.Sip.Dialogs;

/// <summary>
/// Where to send a request for a SIP URI (a simplified RFC 3263): its transport (TLS for a
/// <c>sips:</c> URI or <c>transport=tls</c>, TCP for <c>transport=tcp</c>, else UDP), its host
/// resolved to an address (preferring the family our transports listen on), its port or the
/// transport's default (5061 for TLS, 5060 else).
/// </summary>
internal static class NextHop
{
    public const int DefaultPort = 5060;

    public const int DefaultTlsPort = 5061;

    /// <exception cref="ArgumentException">A <c>sips:</c> URI asks for UDP: it is reached over TLS only (RFC 5630 §3.1.3).</exception>
    public static TransportProtocol ProtocolOf(SipUri uri)
    {
        var transport = uri.Transport;
        if (uri.IsSecure)
        {
            return transport is null || transport.Equals("tcp", StringComparison.OrdinalIgnoreCase) || transport.Equals("tls", StringComparison.OrdinalIgnoreCase)
                ? TransportProtocol.Tls
                : throw new ArgumentException($"{uri} is a sips: URI, reached over TLS only, not over {transport}.", nameof(uri));
        }

        return transport?.ToLowerInvariant() switch
        {
            "tcp" => TransportProtocol.Tcp,
            "tls" => TransportProtocol.Tls,
            _ => TransportProtocol.Udp,
        };
    }

    public static async ValueTask<TransportEndPoint> ResolveAsync(SipUri uri, AddressFamily preferred, CancellationToken cancellationToken)
    {
        var protocol = ProtocolOf(uri);
        var address = uri.Host.ToIPAddress();
        if (address is null)
        {
            var addresses = await Dns.GetHostAddressesAsync(uri.Host.Value, cancellationToken).ConfigureAwait(false);
            address = addresses.FirstOrDefault(a => a.AddressFamily == preferred) ?? addresses.FirstOrDefault()
                ?? throw new SocketException((int)SocketError.HostNotFound);
        }

        var port = uri.Port ?? (protocol == TransportProtocol.Tls ? DefaultTlsPort : DefaultPort);
        return new TransportEndPoint(protocol, new IPEndPoint(address, port)) { ServerName = protocol == TransportProtocol.Tls ? uri.Host.Value : null };
    }

    /// <summary>A hop URI that says the transport to reach it by (a sips: URI says TLS by itself).</summary>
    internal static SipUri WithTransport(SipUri hop, TransportProtocol protocol) => protocol switch
    {
        TransportProtocol.Tcp => hop.WithParameter("transport", "tcp"),
        TransportProtocol.Tls when !hop.IsSecure => hop.WithParameter("transport", "tls"),
        _ => hop,
    };
}

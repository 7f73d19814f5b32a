using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Swml.Sip.Message;

namespace Swml.Sip.Transport;

/// <summary>
/// UDP and TCP on one address and port, as a SIP endpoint listens (RFC 3261 §18): received bytes go
/// to one receiver, and a send picks its transport from the destination.
/// </summary>
internal sealed class TransportLayer : Transactions.ITransportSender, IAsyncDisposable
{
    private readonly UdpTransport _udp;
    private readonly TcpTransport _tcp;

    private TransportLayer(UdpTransport udp, TcpTransport tcp)
    {
        _udp = udp;
        _tcp = tcp;
    }

    public TransportEndPoint Udp => _udp.Local;

    public TransportEndPoint Tcp => _tcp.Local;

    /// <summary>The address and port both transports listen on.</summary>
    public IPEndPoint EndPoint => _udp.Local.EndPoint;

    public int TcpConnectionCount => _tcp.ConnectionCount;

    /// <summary>
    /// Binds UDP and TCP to the same port (port 0 picks a free one for both) and starts receiving.
    /// </summary>
    public static TransportLayer Start(IPEndPoint bind, ITransportReceiver receiver, SipParserOptions? parserOptions = null, ILogger? logger = null, TimeProvider? time = null, TimeSpan? tcpIdleTimeout = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new UdpTransport(bind, receiver, parserOptions, logger);
            try
            {
                var tcp = new TcpTransport(udp.Local.EndPoint, receiver, parserOptions, logger, time, tcpIdleTimeout);
                udp.Start();
                tcp.Start();
                return new TransportLayer(udp, tcp);
            }
            catch (SocketException) when (bind.Port == 0 && attempt < 20)
            {
                // The free UDP port was taken for TCP; try another.
                udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch
            {
                udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
        }
    }

    public ValueTask SendAsync(TransportEndPoint to, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        to.Protocol == TransportProtocol.Udp
            ? _udp.SendAsync(to.EndPoint, data, cancellationToken)
            : _tcp.SendAsync(to.EndPoint, data, cancellationToken);

    /// <summary>Our own address as seen for a protocol, for Via and Contact.</summary>
    public TransportEndPoint LocalFor(TransportProtocol protocol) => protocol == TransportProtocol.Udp ? Udp : Tcp;

    public async ValueTask DisposeAsync()
    {
        await _udp.DisposeAsync().ConfigureAwait(false);
        await _tcp.DisposeAsync().ConfigureAwait(false);
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Swml.Sip.Message;

namespace Swml.Sip.Transport;

/// <summary>
/// UDP and TCP on one address and port, as a SIP endpoint listens (RFC 3261 §18), and TLS on a
/// port of its own (RFC 3261 §26): received bytes go to one receiver, and a send picks its
/// transport from the destination.
/// </summary>
internal sealed class TransportLayer : Transactions.ITransportSender, IAsyncDisposable
{
    private readonly UdpTransport _udp;
    private readonly TcpTransport _tcp;
    private readonly TcpTransport _tls;

    private TransportLayer(UdpTransport udp, TcpTransport tcp, TcpTransport tls)
    {
        _udp = udp;
        _tcp = tcp;
        _tls = tls;
    }

    public TransportEndPoint Udp => _udp.Local;

    public TransportEndPoint Tcp => _tcp.Local;

    /// <summary>Where TLS listens (with a certificate); without one, what its Vias say (the TCP address).</summary>
    public TransportEndPoint Tls => _tls.Local;

    /// <summary>The address and port both transports listen on.</summary>
    public IPEndPoint EndPoint => _udp.Local.EndPoint;

    public int TcpConnectionCount => _tcp.ConnectionCount;

    /// <summary>
    /// Binds UDP and TCP to the same port (port 0 picks a free one for both) and starts receiving.
    /// </summary>
    /// <param name="tls">TLS's certificate and server validation; <paramref name="tlsBind"/> is where it listens (by default the next port, or a free one when the port is chosen).</param>
    public static TransportLayer Start(IPEndPoint bind, ITransportReceiver receiver, SipParserOptions? parserOptions = null, ILogger? logger = null, TimeProvider? time = null, TimeSpan? tcpIdleTimeout = null, TlsSettings? tls = null, IPEndPoint? tlsBind = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new UdpTransport(bind, receiver, parserOptions, logger);
            try
            {
                var tcp = new TcpTransport(udp.Local.EndPoint, receiver, parserOptions, logger, time, tcpIdleTimeout);
                TcpTransport secure;
                try
                {
                    tls ??= new TlsSettings(null, null);
                    secure = new TcpTransport(tls.Certificate is null ? udp.Local.EndPoint : tlsBind ?? new IPEndPoint(udp.Local.EndPoint.Address, bind.Port == 0 ? 0 : bind.Port + 1), receiver, parserOptions, logger, time, tcpIdleTimeout, tls);
                }
                catch
                {
                    tcp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    throw;
                }

                udp.Start();
                tcp.Start();
                secure.Start();
                return new TransportLayer(udp, tcp, secure);
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
        to.Protocol switch
        {
            TransportProtocol.Udp => _udp.SendAsync(to.EndPoint, data, cancellationToken),
            TransportProtocol.Tcp => _tcp.SendAsync(to.EndPoint, data, cancellationToken),
            _ => _tls.SendAsync(to.EndPoint, data, cancellationToken, to.ServerName),
        };

    /// <summary>Whether a TCP or TLS connection to the end point is open now.</summary>
    public bool HasConnection(TransportEndPoint to) => to.Protocol switch
    {
        TransportProtocol.Tcp => _tcp.HasConnection(to.EndPoint),
        TransportProtocol.Tls => _tls.HasConnection(to.EndPoint),
        _ => false,
    };

    /// <summary>Our own address as seen for a protocol, for Via and Contact.</summary>
    public TransportEndPoint LocalFor(TransportProtocol protocol) => protocol switch
    {
        TransportProtocol.Udp => Udp,
        TransportProtocol.Tcp => Tcp,
        _ => Tls,
    };

    public async ValueTask DisposeAsync()
    {
        await _udp.DisposeAsync().ConfigureAwait(false);
        await _tcp.DisposeAsync().ConfigureAwait(false);
        await _tls.DisposeAsync().ConfigureAwait(false);
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Swml.Sip.Message;

namespace Swml.Sip.Transport;

/// <summary>
/// SIP over UDP (RFC 3261 §18): one socket and one receive thread, each datagram one message,
/// parsed and handed on right there, as SIPp and baresip's event loop do. One thread per socket
/// (not per call) spares each datagram the hand-off from the socket engine to the thread pool,
/// which costs more than the parsing under load. Nothing a peer sends, and nothing a receiver
/// throws, stops the loop. Sends are synchronous: a UDP send does not wait for the peer.
/// </summary>
internal sealed class UdpTransport : IAsyncDisposable
{
    /// <summary>The largest UDP payload; SIP keeps requests over ~1300 bytes off UDP anyway (§18.1.1).</summary>
    private const int MaxDatagram = 65_535;

    private readonly Socket _socket;
    private readonly ITransportReceiver _receiver;
    private readonly SipParserOptions _parserOptions;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private Thread? _thread;

    public UdpTransport(IPEndPoint bind, ITransportReceiver receiver, SipParserOptions? parserOptions = null, ILogger? logger = null)
    {
        _receiver = receiver;
        _parserOptions = parserOptions ?? SipParserOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        AskForReceiveBuffer(_socket, _logger);
        _socket.Bind(bind);
        Local = new TransportEndPoint(TransportProtocol.Udp, (IPEndPoint)_socket.LocalEndPoint!);
    }

    public TransportEndPoint Local { get; }

    /// <summary>What the receive buffer is asked to hold; the kernel grants up to its own limit (Linux: net.core.rmem_max).</summary>
    internal const int ReceiveBufferBytes = 4 * 1024 * 1024;

    /// <summary>The receive buffer the kernel granted, for tests and diagnostics.</summary>
    internal int ReceiveBufferSize => _socket.ReceiveBufferSize;

    // The default (208 KB on Linux) holds about 50 ms of datagrams at 1,000 calls/s: a GC pause
    // of 100 ms dropped messages whose retransmissions then crossed later ones (sip-load.md).
    private static void AskForReceiveBuffer(Socket socket, ILogger logger)
    {
        try
        {
            socket.ReceiveBufferSize = ReceiveBufferBytes;
        }
        catch (SocketException ex)
        {
            logger.LogDebug("UDP receive buffer of {Bytes} bytes refused ({Error}); keeping the default", ReceiveBufferBytes, ex.SocketErrorCode);
        }
    }

    public void Start()
    {
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"SIP UDP {Local.EndPoint}" };
        _thread.Start();
    }

    public ValueTask SendAsync(IPEndPoint to, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _socket.SendTo(data.Span, SocketFlags.None, to);
        return ValueTask.CompletedTask;
    }

    private void ReceiveLoop()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        var sender = new RemoteCache(_socket.AddressFamily);
        try
        {
            while (!_stopping)
            {
                int received;
                try
                {
                    received = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException ex)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    // An ICMP error for an earlier send (port unreachable) surfaces here on some systems.
                    _logger.LogDebug(ex, "UDP receive on {Local} failed; going on", Local);
                    continue;
                }

                var datagram = buffer.AsSpan(0, received);
                if (IsKeepAlive(datagram))
                {
                    continue;
                }

                var remote = new TransportEndPoint(TransportProtocol.Udp, sender.EndPointFor(from));
                try
                {
                    _receiver.OnReceived(new ReceivedMessage(SipParser.ParseDatagram(datagram, _parserOptions), remote, Local));
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "A {Length}-byte datagram from {Remote} could not be handled", received, remote);
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// The IPEndPoint of the last sender, reused while datagrams keep coming from it (a peer talks
    /// from one address), so a busy trunk costs no endpoint allocation per datagram.
    /// </summary>
    private sealed class RemoteCache(AddressFamily family)
    {
        private readonly SocketAddress _last = new(family);
        private IPEndPoint? _endPoint;

        public IPEndPoint EndPointFor(SocketAddress from)
        {
            if (_endPoint is null || !from.Equals(_last))
            {
                var template = family == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
                _endPoint = Normalize((IPEndPoint)template.Create(from));
                from.Buffer.CopyTo(_last.Buffer);
                _last.Size = from.Size;
            }

            return _endPoint;
        }
    }

    /// <summary>CRLF keep-alives (RFC 5626 §4.4.1) and empty datagrams carry no message.</summary>
    private static bool IsKeepAlive(ReadOnlySpan<byte> datagram)
    {
        foreach (var b in datagram)
        {
            if (b is not ((byte)'\r' or (byte)'\n' or 0))
            {
                return false;
            }
        }

        return true;
    }

    internal static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    public async ValueTask DisposeAsync()
    {
        _stopping = true;

        // Closing the socket ends the blocked receive (the runtime shuts the socket down first).
        _socket.Dispose();
        if (_thread is not null)
        {
            await _stopped.Task.ConfigureAwait(false);
        }
    }
}

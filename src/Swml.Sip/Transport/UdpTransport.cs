using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Swml.Sip.Message;

namespace Swml.Sip.Transport;

/// <summary>
/// SIP over UDP (RFC 3261 §18): one socket, one async receive loop, each datagram one message,
/// parsed here. Nothing a peer sends, and nothing a receiver throws, stops the loop.
/// </summary>
public sealed class UdpTransport : IAsyncDisposable
{
    /// <summary>The largest UDP payload; SIP keeps requests over ~1300 bytes off UDP anyway (§18.1.1).</summary>
    private const int MaxDatagram = 65_535;

    private readonly Socket _socket;
    private readonly ITransportReceiver _receiver;
    private readonly SipParserOptions _parserOptions;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _receiving = Task.CompletedTask;

    public UdpTransport(IPEndPoint bind, ITransportReceiver receiver, SipParserOptions? parserOptions = null, ILogger? logger = null)
    {
        _receiver = receiver;
        _parserOptions = parserOptions ?? SipParserOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(bind);
        Local = new TransportEndPoint(TransportProtocol.Udp, (IPEndPoint)_socket.LocalEndPoint!);
    }

    public TransportEndPoint Local { get; }

    public void Start() => _receiving = Task.Run(ReceiveLoopAsync);

    public async ValueTask SendAsync(IPEndPoint to, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _socket.SendToAsync(data, SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[MaxDatagram];
        var any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // An ICMP error for an earlier send (port unreachable) surfaces here on some systems.
                _logger.LogDebug(ex, "UDP receive on {Local} failed; going on", Local);
                continue;
            }

            var remote = new TransportEndPoint(TransportProtocol.Udp, Normalize((IPEndPoint)result.RemoteEndPoint));
            var datagram = buffer.AsSpan(0, result.ReceivedBytes);
            if (IsKeepAlive(datagram))
            {
                continue;
            }

            try
            {
                _receiver.OnReceived(new ReceivedMessage(SipParser.ParseDatagram(datagram, _parserOptions), remote, Local));
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A {Length}-byte datagram from {Remote} could not be handled", result.ReceivedBytes, remote);
            }
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
        _stopping.Cancel();
        _socket.Dispose();
        await _receiving.ConfigureAwait(false);
        _stopping.Dispose();
    }
}

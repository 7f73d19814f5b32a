using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Security.Authentication;
using Swml.Sip.Message;

namespace Swml.Sip.Transport;

/// <summary>
/// SIP over TCP (RFC 3261 §18): a listener, and one connection per remote end, accepted or opened
/// on first send. Each connection reads through a pipe and frames messages by Content-Length as it
/// parses them; a response goes back over the connection its request came on. No thread per connection: every
/// loop is async. A connection with no message either way for the idle timeout is closed (either side opens
/// a new one when it has something to send; a peer's CRLF keep-alives keep it open). With
/// <see cref="TlsSettings"/> it carries SIP over TLS instead (RFC 3261 §26): the same framing on an
/// <see cref="SslStream"/>, the server's certificate checked on the connections we open, and a
/// listener only when we have a certificate of our own.
/// </summary>
internal sealed class TcpTransport : IAsyncDisposable
{
    private readonly Socket? _listener;
    private readonly TlsSettings? _tls;

    /// <summary>How long a TLS handshake may take, either way.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private readonly SipParserOptions _parserOptions;
    private readonly ITransportReceiver _receiver;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<IPEndPoint, Connection> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly ITimer? _idleSweep;
    private Task _accepting = Task.CompletedTask;

    /// <param name="idleTimeout">How long a connection may carry nothing before it is closed; infinite to keep them.</param>
    /// <param name="tls">TLS instead of plain TCP; without a certificate it only opens connections, and <paramref name="bind"/> is only what its Vias say.</param>
    public TcpTransport(IPEndPoint bind, ITransportReceiver receiver, SipParserOptions? parserOptions = null, ILogger? logger = null, TimeProvider? time = null, TimeSpan? idleTimeout = null, TlsSettings? tls = null)
    {
        _tls = tls;
        _parserOptions = parserOptions ?? SipParserOptions.Default;
        _receiver = receiver;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _idleTimeout = idleTimeout ?? Timeout.InfiniteTimeSpan;
        if (_idleTimeout > TimeSpan.Zero)
        {
            // Looked at a few times per timeout: a connection goes at most a quarter late.
            var period = _idleTimeout / 4;
            _idleSweep = _time.CreateTimer(static s => ((TcpTransport)s!).CloseIdle(), this, period, period);
        }

        var protocol = tls is null ? TransportProtocol.Tcp : TransportProtocol.Tls;
        if (tls is { Certificate: null })
        {
            Local = new TransportEndPoint(protocol, bind);
            return;
        }

        _listener = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(bind);
        Local = new TransportEndPoint(protocol, (IPEndPoint)_listener.LocalEndPoint!);
    }

    public TransportEndPoint Local { get; }

    /// <summary>Whether a connection with the end point is open.</summary>
    public bool HasConnection(IPEndPoint remote) => _connections.ContainsKey(UdpTransport.Normalize(remote));

    /// <summary>How many connections are open, accepted or opened.</summary>
    public int ConnectionCount => _connections.Count;

    public void Start()
    {
        if (_listener is null)
        {
            return;
        }

        _listener.Listen(512);
        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Sends over the connection to <paramref name="to"/>, opening one when there is none.</summary>
    /// <param name="serverName">Over TLS, the name the server's certificate must bear; its address when null.</param>
    public async ValueTask SendAsync(IPEndPoint to, ReadOnlyMemory<byte> data, CancellationToken cancellationToken, string? serverName = null)
    {
        to = UdpTransport.Normalize(to);
        if (!_connections.TryGetValue(to, out var connection))
        {
            connection = await ConnectAsync(to, serverName, cancellationToken).ConfigureAwait(false);
        }

        await connection.SendAsync(data, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Connection> ConnectAsync(IPEndPoint to, string? serverName, CancellationToken cancellationToken)
    {
        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(to, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new Connection(this, socket, to, opened: true);
        if (_tls is not null)
        {
            try
            {
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                handshake.CancelAfter(HandshakeTimeout);
                await connection.AuthenticateAsClientAsync(serverName ?? to.Address.ToString(), handshake.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw new IOException($"TLS with {serverName ?? to.ToString()} at {to} failed: {ex.Message}", ex);
            }
        }

        if (!_connections.TryAdd(to, connection))
        {
            // Another send connected first: use its connection.
            await connection.DisposeAsync().ConfigureAwait(false);
            return _connections[to];
        }

        connection.Start();
        return connection;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogWarning(ex, "Accepting a TCP connection on {Local} failed", Local);
                continue;
            }

            socket.NoDelay = true;
            var remote = UdpTransport.Normalize((IPEndPoint)socket.RemoteEndPoint!);
            var connection = new Connection(this, socket, remote, opened: false);
            if (_connections.TryRemove(remote, out var stale))
            {
                await stale.DisposeAsync().ConfigureAwait(false);
            }

            _connections[remote] = connection;
            connection.Start();
        }
    }

    private void CloseIdle()
    {
        foreach (var connection in _connections.Values)
        {
            if (_time.GetElapsedTime(connection.LastActivity) >= _idleTimeout)
            {
                _logger.LogDebug("Closing the TCP connection with {Remote}: idle for {Seconds} s", connection.Remote, _idleTimeout.TotalSeconds);
                _ = connection.DisposeAsync().AsTask();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _idleSweep?.Dispose();
        _stopping.Cancel();
        _listener?.Dispose();
        await _accepting.ConfigureAwait(false);
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connections.Clear();
        _stopping.Dispose();
    }

    /// <summary>One TCP connection: a read loop through a pipe, and sends one at a time.</summary>
    private sealed class Connection : IAsyncDisposable
    {
        private readonly TcpTransport _owner;
        private readonly Socket _socket;
        private readonly Stream _stream;

        // Completes once the stream can carry messages: at once for TCP, after the handshake for TLS.
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _sending = new(1, 1);
        private readonly CancellationTokenSource _closing = new();
        private Task _reading = Task.CompletedTask;
        private int _disposed;
        private long _lastActivity;

        /// <param name="opened">We opened it (over TLS: we check the server's certificate), rather than accepted it.</param>
        public Connection(TcpTransport owner, Socket socket, IPEndPoint remote, bool opened)
        {
            _owner = owner;
            _socket = socket;
            var network = new NetworkStream(socket, ownsSocket: true);
            _stream = owner._tls is { } tls ? new SslStream(network, leaveInnerStreamOpen: false, opened ? tls.ValidateServer : null) : network;
            Remote = new TransportEndPoint(owner.Local.Protocol, remote);
            if (owner._tls is null)
            {
                _ready.SetResult();
            }

            Touch();
        }

        /// <summary>The TLS handshake of a connection we opened: the server's certificate is checked for <paramref name="serverName"/>.</summary>
        public async Task AuthenticateAsClientAsync(string serverName, CancellationToken cancellationToken)
        {
            await ((SslStream)_stream).AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName }, cancellationToken).ConfigureAwait(false);
            _ready.TrySetResult();
        }

        public TransportEndPoint Remote { get; }

        /// <summary>When something was last read or written (a <see cref="TimeProvider"/> timestamp).</summary>
        public long LastActivity => Volatile.Read(ref _lastActivity);

        private void Touch() => Volatile.Write(ref _lastActivity, _owner._time.GetTimestamp());

        public void Start() => _reading = Task.Run(ReadLoopAsync);

        public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Not cancellable once begun: half a message on the stream would break the framing of every later one.
                await _stream.WriteAsync(data, CancellationToken.None).ConfigureAwait(false);
                Touch();
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                Close();
                throw new IOException($"The TCP connection to {Remote.EndPoint} failed: {ex.Message}", ex);
            }
            finally
            {
                _sending.Release();
            }
        }

        private async Task ReadLoopAsync()
        {
            if (_stream is SslStream { IsAuthenticated: false } ssl && _owner._tls?.Certificate is { } certificate)
            {
                // A connection we accepted: our side of the handshake first.
                try
                {
                    using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
                    handshake.CancelAfter(HandshakeTimeout);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, handshake.Token).ConfigureAwait(false);
                    _ready.TrySetResult();
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or ObjectDisposedException)
                {
                    _owner._logger.LogInformation("The TLS handshake with {Remote} failed: {Why}", Remote, ex.Message);
                    FailReady(new IOException($"The TLS handshake with {Remote.EndPoint} failed.", ex));
                    Close();
                    return;
                }
            }

            var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
            try
            {
                while (!_closing.IsCancellationRequested)
                {
                    var result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                    Touch();
                    var buffer = result.Buffer;
                    if (!Frame(ref buffer))
                    {
                        return;
                    }

                    reader.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The peer closed or reset the connection, or we are closing it.
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
                Close();
            }
        }

        /// <summary>Hands every whole message in the buffer to the receiver; false to close the connection.</summary>
        private bool Frame(ref ReadOnlySequence<byte> buffer)
        {
            while (true)
            {
                SipStreamReadStatus status;
                SipParseResult? result;
                try
                {
                    status = SipStreamReader.TryRead(ref buffer, out result, _owner._parserOptions);
                }
                catch (Exception ex)
                {
                    _owner._logger.LogError(ex, "Framing the TCP stream from {Remote} failed; closing it", Remote);
                    return false;
                }

                switch (status)
                {
                    case SipStreamReadStatus.NeedMoreData:
                        return true;
                    case SipStreamReadStatus.FramingError:
                        _owner._logger.LogWarning("The TCP stream from {Remote} cannot be framed ({Error}); closing it", Remote, result?.Error);
                        return false;
                    case SipStreamReadStatus.Ping:
                        // A CRLFCRLF keep-alive gets a CRLF pong (RFC 5626 §3.5.1).
                        _ = SendPongAsync();
                        continue;
                    case SipStreamReadStatus.Pong:
                        continue;
                }

                try
                {
                    _owner._receiver.OnReceived(new ReceivedMessage(result!, Remote, _owner.Local));
                }
                catch (Exception ex)
                {
                    _owner._logger.LogError(ex, "A message from {Remote} could not be handled", Remote);
                }
            }
        }

        private async Task SendPongAsync()
        {
            try
            {
                await SendAsync("\r\n"u8.ToArray(), _closing.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The connection is going away; nothing to answer on.
            }
        }

        /// <summary>Sends waiting on the handshake fail with <paramref name="why"/>; unobserved when none waits.</summary>
        private void FailReady(Exception why)
        {
            if (_ready.TrySetException(why))
            {
                _ = _ready.Task.Exception;
            }
        }

        private void Close()
        {
            if (_owner._connections.TryGetValue(Remote.EndPoint, out var current) && ReferenceEquals(current, this))
            {
                _owner._connections.TryRemove(Remote.EndPoint, out _);
            }

            _closing.Cancel();
            FailReady(new IOException($"The connection to {Remote.EndPoint} is closed."));
            _stream.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            Close();
            await _reading.ConfigureAwait(false);
            _sending.Dispose();
            _closing.Dispose();
        }
    }
}

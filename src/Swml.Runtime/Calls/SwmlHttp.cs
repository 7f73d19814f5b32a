using System.Net.Sockets;

namespace Swml.Runtime.Calls;

/// <summary>
/// The HTTP plumbing the call layer expects: a handler that honours request's connect_timeout,
/// which HttpClient cannot set per request on its own.
/// </summary>
public static class SwmlHttp
{
    /// <summary>Set on a request to bound the time to open a new connection for it.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> ConnectTimeout = new("swml.connect_timeout");

    /// <summary>A SocketsHttpHandler whose connects obey <see cref="ConnectTimeout"/> (pooled connections are reused as usual).</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = ConnectAsync,
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (context.InitialRequestMessage.Options.TryGetValue(ConnectTimeout, out var limit) && limit > TimeSpan.Zero)
        {
            timeout.CancelAfter(limit);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, timeout.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting to {context.DnsEndPoint.Host}:{context.DnsEndPoint.Port} took longer than {limit.TotalSeconds:0.###} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Swml.EndToEnd.Tests.Infrastructure;

/// <summary>An out-of-dialog OPTIONS over UDP, as kamailio's dispatcher probes a node: the status line of the answer.</summary>
internal static class SipOptions
{
    /// <summary>
    /// Sends OPTIONS to 127.0.0.1:<paramref name="port"/> every 200 ms until something answers, and
    /// returns the answer's status code; a timeout when nothing does within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<int> AskAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var target = new IPEndPoint(IPAddress.Loopback, port);
        var buffer = new byte[4096];
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        for (var attempt = 1; Stopwatch.GetTimestamp() < deadline; attempt++)
        {
            var options = $"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK-probe-{attempt}\r\n" +
                $"Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=probe\r\nTo: <sip:127.0.0.1:{port}>\r\nCall-ID: probe-{attempt}-{local}@127.0.0.1\r\n" +
                "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            await socket.SendToAsync(Encoding.ASCII.GetBytes(options), target, cancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                var received = await socket.ReceiveAsync(buffer, wait.Token);
                var text = Encoding.ASCII.GetString(buffer, 0, received);
                if (text.StartsWith("SIP/2.0 ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(8, 3), out var code) && code >= 200)
                {
                    return code;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No answer yet: ask again.
            }
        }

        throw new TimeoutException($"nothing answered OPTIONS on 127.0.0.1:{port} within {timeout.TotalSeconds} s");
    }
}

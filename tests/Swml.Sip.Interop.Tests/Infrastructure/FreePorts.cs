using System.Net;
using System.Net.Sockets;

namespace Swml.Sip.Interop.Tests.Infrastructure;

/// <summary>
/// Ports on 127.0.0.1 free for both UDP and TCP, as SIP peers listen on both. The port is released
/// before the peer binds it, so another process could take it in between; peers bind within
/// milliseconds, and each port is handed out once per test run.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = new();
    private static readonly object Gate = new();

    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                continue;
            }

            lock (Gate)
            {
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("No port free for both UDP and TCP on 127.0.0.1.");
    }
}

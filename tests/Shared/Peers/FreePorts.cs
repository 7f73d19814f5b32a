using System.Net;
using System.Net.Sockets;

namespace Swml.Tests.Peers;

/// <summary>
/// Ports on 127.0.0.1 free for both UDP and TCP, as SIP peers listen on both. The port is released
/// before the peer binds it, so another process could take it in between; peers bind within
/// milliseconds, and each port is handed out once per test run.
/// </summary>
public static class FreePorts
{
    // Our SIP endpoints bind RTP on even ports of 20000-39999 (SipEndpointOptions.RtpPorts), in
    // this process and in the swml runs and test assemblies beside it; a port handed out here from
    // that range could be taken by a call's RTP socket before its peer binds it.
    private const int FirstOutsideRtp = 40_000;

    private static readonly HashSet<int> Given = new();
    private static readonly object Gate = new();

    public static int Next() => Next(count: 1);

    /// <summary>
    /// The first of <paramref name="count"/> consecutive free ports: baresip also opens its SIP/TLS
    /// listener on the port after its SIP one, and fails to start when that one is taken.
    /// </summary>
    public static int Next(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var first = ((IPEndPoint)probe.LocalEndPoint!).Port;
            probe.Close();
            if (first < FirstOutsideRtp || first + count - 1 > IPEndPoint.MaxPort || !Enumerable.Range(first, count).All(IsFree))
            {
                continue;
            }

            lock (Gate)
            {
                if (Enumerable.Range(first, count).All(p => !Given.Contains(p)))
                {
                    Given.UnionWith(Enumerable.Range(first, count));
                    return first;
                }
            }
        }

        throw new InvalidOperationException($"No {count} consecutive ports free for both UDP and TCP on 127.0.0.1.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

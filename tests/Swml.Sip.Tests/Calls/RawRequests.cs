using System.Net;
using System.Net.Sockets;
using System.Text;
using Swml.Sip.Calls;
using Swml.Sip.Message;

namespace Swml.Sip.Tests.Calls;

/// <summary>Requests written by hand and sent from a UDP socket of their own, as a peer we do not control would.</summary>
internal static class RawRequests
{
    /// <summary>Sends an out-of-dialog request to <paramref name="to"/> and returns its first final response.</summary>
    public static async Task<SipResponse> SendAsync(SipEndpoint to, string method, string? contentType, string body, IEnumerable<string> headers, CancellationToken cancellationToken)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
        var text = $"{method} {to.Uri} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{Guid.NewGuid():N}\r\n" +
            "From: <sip:alice@127.0.0.1>;tag=a1\r\n" +
            $"To: <{to.Uri}>\r\n" +
            $"Call-ID: {Guid.NewGuid():N}\r\n" +
            $"CSeq: 1 {method}\r\n" +
            $"Contact: <sip:alice@127.0.0.1:{port}>\r\n" +
            "Max-Forwards: 70\r\n" +
            string.Concat(headers.Select(h => h + "\r\n")) +
            (contentType is null ? string.Empty : $"Content-Type: {contentType}\r\n") +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), to.EndPoint, cancellationToken);
        while (true)
        {
            var datagram = await socket.ReceiveAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            var response = SipParser.ParseDatagram(datagram.Buffer).Response ?? throw new InvalidOperationException("not a response");
            if (response.StatusCode >= 200)
            {
                return response;
            }
        }
    }
}

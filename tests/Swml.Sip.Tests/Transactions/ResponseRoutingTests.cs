using System.Net;
using System.Net.Sockets;
using System.Text;
using Swml.Sip.Calls;
using Swml.Sip.Message;
using Swml.Sip.Transactions;
using Swml.Sip.Transport;
using Xunit;

namespace Swml.Sip.Tests.Transactions;

/// <summary>Where responses go and what their Via says (RFC 3261 §18.2.1-§18.2.2, RFC 3581).</summary>
public sealed class ResponseRoutingTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1", "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1")]
    [InlineData("SIP/2.0/UDP 10.0.0.7:5070;branch=z9hG4bK1", "SIP/2.0/UDP 10.0.0.7:5070;branch=z9hG4bK1;received=127.0.0.1")]
    [InlineData("SIP/2.0/UDP 10.0.0.7:5070;branch=z9hG4bK1;rport", "SIP/2.0/UDP 10.0.0.7:5070;branch=z9hG4bK1;rport=40000;received=127.0.0.1")]
    [InlineData("SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bK1", "SIP/2.0/UDP 127.0.0.1:5070;rport=40000;branch=z9hG4bK1;received=127.0.0.1")]
    [InlineData("SIP/2.0/UDP client.example.com;branch=z9hG4bK1", "SIP/2.0/UDP client.example.com;branch=z9hG4bK1;received=127.0.0.1")]
    public void TheTopViaSaysWhereTheRequestCameFrom(string via, string stamped)
    {
        var request = Request(via + ", SIP/2.0/UDP 10.9.9.9;branch=z9hG4bKproxy");
        var from = new TransportEndPoint(TransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 40000));

        var result = ResponseRouting.Stamp(request, from);

        Assert.Equal(ViaHeader.Parse(stamped).ToString(), result.TopVia.ToString());
        Assert.Equal(2, result.Headers.GetValues(HeaderNames.Via).Count); // the proxy's Via is kept
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1", "Udp", 5070, null)]
    [InlineData("SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1", "Udp", 5060, null)]
    [InlineData("SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bK1", "Udp", 40000, null)]
    [InlineData("SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1", "Tcp", 40000, 5070)]
    public void ResponsesGoToTheSentByPortUnlessRportOrTcpSaysOtherwise(string via, string protocol, int port, int? fallbackPort)
    {
        var from = new TransportEndPoint(Enum.Parse<TransportProtocol>(protocol), new IPEndPoint(IPAddress.Loopback, 40000));

        var (target, fallback) = ResponseRouting.Targets(ViaHeader.Parse(via), from);

        Assert.Equal(port, target.EndPoint.Port);
        Assert.Equal(fallbackPort, fallback?.EndPoint.Port);
    }

    [Fact]
    public async Task OverUdpWithoutRportTheResponseGoesToTheSentByPortNotTheSourcePort()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var listener = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var listening = ((IPEndPoint)listener.Client.LocalEndPoint!).Port;

        await sender.SendAsync(Options(bob, $"SIP/2.0/UDP 127.0.0.1:{listening};branch=z9hG4bK{Guid.NewGuid():N}"), bob.EndPoint, Ct);
        var response = await listener.ReceiveAsync(Ct).AsTask().WaitAsync(Wait, Ct);

        Assert.StartsWith("SIP/2.0 200", Encoding.UTF8.GetString(response.Buffer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithRportTheResponseGoesToTheSourcePortAndSaysIt()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)sender.Client.LocalEndPoint!).Port;

        // A client behind NAT writes its private address; the response tells it the public one.
        await sender.SendAsync(Options(bob, $"SIP/2.0/UDP 192.168.1.20:5060;rport;branch=z9hG4bK{Guid.NewGuid():N}"), bob.EndPoint, Ct);
        var datagram = await sender.ReceiveAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        var response = SipParser.ParseDatagram(datagram.Buffer).Response!;

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(port, response.TopVia.RPort);
        Assert.Equal("127.0.0.1", response.TopVia.Received);
    }

    [Fact]
    public async Task OverTcpAResponseWhoseConnectionClosedGoesToTheSentByPort()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var listening = ((IPEndPoint)listener.LocalEndpoint).Port;
            var callId = Guid.NewGuid().ToString("N");
            using (var caller = new TcpClient())
            {
                await caller.ConnectAsync(bob.EndPoint, Ct);
                var sdp = Swml.Sip.Tests.Sdp.SdpSamples.Sipp;
                var invite = $"INVITE {bob.Uri};transport=tcp SIP/2.0\r\n" +
                    $"Via: SIP/2.0/TCP 127.0.0.1:{listening};branch=z9hG4bK{Guid.NewGuid():N}\r\n" +
                    "From: <sip:alice@127.0.0.1>;tag=a1\r\n" +
                    $"To: <{bob.Uri}>\r\n" +
                    $"Call-ID: {callId}\r\n" +
                    "CSeq: 1 INVITE\r\n" +
                    $"Contact: <sip:alice@127.0.0.1:{listening};transport=tcp>\r\n" +
                    "Max-Forwards: 70\r\n" +
                    "Content-Type: application/sdp\r\n" +
                    $"Content-Length: {Encoding.UTF8.GetByteCount(sdp)}\r\n\r\n" + sdp;
                await caller.GetStream().WriteAsync(Encoding.UTF8.GetBytes(invite), Ct);
                var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);
                caller.Client.Shutdown(SocketShutdown.Both);
                await Task.Delay(200, Ct); // the endpoint sees the connection close
                _ = incoming.RejectAsync(486, "Busy Here", Ct);
            }

            using var back = await listener.AcceptTcpClientAsync(Ct).AsTask().WaitAsync(Wait, Ct);
            var buffer = new byte[4096];
            var read = await back.GetStream().ReadAsync(buffer, Ct).AsTask().WaitAsync(Wait, Ct);
            Assert.StartsWith("SIP/2.0 486", Encoding.UTF8.GetString(buffer, 0, read), StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static SipRequest Request(string via) =>
        SipParser.ParseDatagram(
            "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n" +
            $"Via: {via}\r\n" +
            "From: <sip:alice@127.0.0.1>;tag=a1\r\n" +
            "To: <sip:bob@127.0.0.1>\r\n" +
            "Call-ID: c1\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Max-Forwards: 70\r\n" +
            "Content-Length: 0\r\n\r\n").Request!;

    private static byte[] Options(SipEndpoint to, string via) => Encoding.UTF8.GetBytes(
        $"OPTIONS {to.Uri} SIP/2.0\r\n" +
        $"Via: {via}\r\n" +
        "From: <sip:alice@127.0.0.1>;tag=a1\r\n" +
        $"To: <{to.Uri}>\r\n" +
        $"Call-ID: {Guid.NewGuid():N}\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Max-Forwards: 70\r\n" +
        "Content-Length: 0\r\n\r\n");
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Swml.Sip.Message;
using Swml.Sip.Transport;

namespace Swml.Sip.Tests.Transport;

public sealed class TransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Message(string body = "") =>
        "OPTIONS sip:a@127.0.0.1 SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1\r\n" +
        "From: <sip:b@127.0.0.1>;tag=1\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n" +
        $"Content-Type: text/plain\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    private static string Body(ReceivedMessage received) =>
        Encoding.UTF8.GetString(Assert.IsType<SipRequest>(received.Result.Message).Body.Span);

    [Fact]
    public async Task UdpDatagramsArriveWithTheirSender()
    {
        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), inbox);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        await client.SendToAsync(Encoding.UTF8.GetBytes(Message("hi")), layer.EndPoint, Ct);
        var received = await inbox.NextAsync();

        Assert.Equal("hi", Body(received));
        Assert.Equal(TransportProtocol.Udp, received.Remote.Protocol);
        Assert.Equal(client.LocalEndPoint, received.Remote.EndPoint);
    }

    [Fact]
    public async Task TheUdpSocketAsksForAReceiveBufferThatOutlastsAGcPause()
    {
        // Linux grants up to net.core.rmem_max and reports twice what it keeps for the payload.
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the kernel's limit is read from /proc on Linux");
        var limit = int.Parse(File.ReadAllText("/proc/sys/net/core/rmem_max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await using var udp = new UdpTransport(new IPEndPoint(IPAddress.Loopback, 0), new Inbox());

        Assert.Equal(2 * Math.Min(limit, UdpTransport.ReceiveBufferBytes), udp.ReceiveBufferSize);
    }

    [Fact]
    public async Task TcpMessagesSplitAcrossWritesAndBackToBackComeOutWhole()
    {
        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), inbox);
        using var client = new TcpClient();
        await client.ConnectAsync(layer.EndPoint, Ct);
        var stream = client.GetStream();
        var bytes = Encoding.UTF8.GetBytes(Message("first") + Message("second") + "\r\n\r\n" + Message());

        // One byte at a time, so every boundary is crossed.
        foreach (var b in bytes)
        {
            await stream.WriteAsync(new[] { b }, Ct);
        }

        Assert.Equal("first", Body(await inbox.NextAsync()));
        Assert.Equal("second", Body(await inbox.NextAsync()));
        Assert.Equal(string.Empty, Body(await inbox.NextAsync()));
    }

    [Fact]
    public async Task AReplyGoesBackOverTheConnectionTheRequestCameOn()
    {
        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), inbox);
        using var client = new TcpClient();
        await client.ConnectAsync(layer.EndPoint, Ct);
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("ping")), Ct);
        var request = await inbox.NextAsync();

        await layer.SendAsync(request.Remote, Encoding.UTF8.GetBytes(Message("pong")), Ct);

        var buffer = new byte[Message("pong").Length];
        await client.GetStream().ReadExactlyAsync(buffer, Ct);
        Assert.Equal(Message("pong"), Encoding.UTF8.GetString(buffer));
        Assert.Equal(1, layer.TcpConnectionCount);
    }

    [Fact]
    public async Task AnIdleTcpConnectionIsClosedAndKeepAlivesKeepOneOpen()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), inbox, time: time, tcpIdleTimeout: TimeSpan.FromMinutes(10));
        using var idle = new TcpClient();
        using var kept = new TcpClient();
        await idle.ConnectAsync(layer.EndPoint, Ct);
        await kept.ConnectAsync(layer.EndPoint, Ct);
        await idle.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("hello")), Ct);
        await inbox.NextAsync();
        Assert.True(SpinWait.SpinUntil(() => layer.TcpConnectionCount == 2, TimeSpan.FromSeconds(5)));

        // 8 minutes in, one peer sends a CRLF keep-alive (RFC 5626 §3.5.1); both are still open.
        time.Advance(TimeSpan.FromMinutes(8));
        await kept.GetStream().WriteAsync("\r\n\r\n"u8.ToArray(), Ct);
        var pong = new byte[2];
        await kept.GetStream().ReadExactlyAsync(pong, Ct);
        Assert.Equal(2, layer.TcpConnectionCount);

        // 11 minutes in: the silent one is closed (the peer reads the end of the stream), the other not.
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(0, await idle.GetStream().ReadAsync(new byte[16], Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.True(SpinWait.SpinUntil(() => layer.TcpConnectionCount == 1, TimeSpan.FromSeconds(5)));

        // And the kept one once it too has been silent for the timeout (looked at every quarter of it).
        time.Advance(TimeSpan.FromMinutes(12.5));
        Assert.Equal(0, await kept.GetStream().ReadAsync(new byte[16], Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task SendingOverTcpOpensAConnectionAndReusesIt()
    {
        var serverInbox = new Inbox();
        await using var server = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), serverInbox);
        await using var client = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), new Inbox());
        var to = new TransportEndPoint(TransportProtocol.Tcp, server.EndPoint);

        await client.SendAsync(to, Encoding.UTF8.GetBytes(Message("one")), Ct);
        await client.SendAsync(to, Encoding.UTF8.GetBytes(Message("two")), Ct);

        var first = await serverInbox.NextAsync();
        var second = await serverInbox.NextAsync();
        Assert.Equal(first.Remote, second.Remote);
        Assert.Equal(1, client.TcpConnectionCount);
    }

    [Fact]
    public async Task GarbageOnTcpClosesThatConnectionOnly()
    {
        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), inbox);
        using var bad = new TcpClient();
        await bad.ConnectAsync(layer.EndPoint, Ct);
        await bad.GetStream().WriteAsync(Encoding.UTF8.GetBytes("NOT SIP AT ALL\r\n\r\n"), Ct);

        var read = await bad.GetStream().ReadAsync(new byte[16], Ct);
        Assert.Equal(0, read); // closed by us

        using var good = new TcpClient();
        await good.ConnectAsync(layer.EndPoint, Ct);
        await good.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("ok")), Ct);
        Assert.Equal("ok", Body(await inbox.NextAsync()));
    }

    [Fact]
    public async Task ACrlfKeepAliveOnTcpIsAnsweredAndMessagesStillFlow()
    {
        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), inbox);
        using var client = new TcpClient();
        await client.ConnectAsync(layer.EndPoint, Ct);
        var stream = client.GetStream();

        await stream.WriteAsync("\r\n\r\n"u8.ToArray(), Ct);
        var pong = new byte[2];
        await stream.ReadExactlyAsync(pong, Ct);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Message("after")), Ct);

        Assert.Equal("\r\n", Encoding.ASCII.GetString(pong));
        Assert.Equal("after", Body(await inbox.NextAsync()));
    }

    [Fact]
    public async Task AMalformedRequestArrivesAsARejectionThatCanBeAnswered()
    {
        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), inbox);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await client.SendToAsync(Encoding.UTF8.GetBytes(Message("x").Replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE")), layer.EndPoint, Ct);
        var received = await inbox.NextAsync();

        Assert.False(received.Result.IsSuccess);
        Assert.Equal(400, received.Result.CreateErrorResponse()!.StatusCode);
    }

    [Fact]
    public async Task AReceiverThatThrowsDoesNotStopTheReceiveLoop()
    {
        var inbox = new Inbox { ThrowOnFirst = true };
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), inbox);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await client.SendToAsync(Encoding.UTF8.GetBytes(Message("boom")), layer.EndPoint, Ct);
        await client.SendToAsync(Encoding.UTF8.GetBytes(Message("fine")), layer.EndPoint, Ct);

        Assert.Equal("fine", Body(await inbox.NextAsync()));
    }

    [Fact]
    public async Task Ipv6LoopbackWorksForUdpAndTcp()
    {
        if (!Socket.OSSupportsIPv6 || !CanBind(IPAddress.IPv6Loopback))
        {
            Assert.Skip("IPv6 loopback (::1) is not available on this machine.");
        }

        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.IPv6Loopback, 0), inbox);
        await using var client = TransportLayer.Start(new IPEndPoint(IPAddress.IPv6Loopback, 0), new Inbox());

        await client.SendAsync(new TransportEndPoint(TransportProtocol.Udp, layer.EndPoint), Encoding.UTF8.GetBytes(Message("udp6")), Ct);
        await client.SendAsync(new TransportEndPoint(TransportProtocol.Tcp, layer.EndPoint), Encoding.UTF8.GetBytes(Message("tcp6")), Ct);

        var received = new[] { await inbox.NextAsync(), await inbox.NextAsync() }.OrderBy(r => r.Remote.Protocol).ToArray();
        Assert.Equal("udp6", Body(received[0]));
        Assert.Equal("tcp6", Body(received[1]));
        Assert.All(received, r => Assert.Equal(AddressFamily.InterNetworkV6, r.Remote.EndPoint.AddressFamily));
    }

    private static bool CanBind(IPAddress address)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed class Inbox : ITransportReceiver
    {
        private readonly BlockingCollection<ReceivedMessage> _items = new();
        private int _calls;

        public bool ThrowOnFirst { get; init; }

        public void OnReceived(ReceivedMessage received)
        {
            if (ThrowOnFirst && Interlocked.Increment(ref _calls) == 1)
            {
                throw new InvalidOperationException("a receiver bug");
            }

            _items.Add(received);
        }

        public async Task<ReceivedMessage> NextAsync()
        {
            var next = await Task.Run(() => _items.TryTake(out var item, TimeSpan.FromSeconds(10)) ? item : (ReceivedMessage?)null);
            return next ?? throw new TimeoutException("Nothing arrived within 10 s.");
        }
    }
}

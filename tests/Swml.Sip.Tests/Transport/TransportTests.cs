using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Swml.Sip.Transport;

namespace Swml.Sip.Tests.Transport;

public sealed class TransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Message(string body = "") =>
        $"OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    [Fact]
    public async Task UdpDatagramsArriveWithTheirSender()
    {
        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), new LengthFramer(), inbox);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        await client.SendToAsync(Encoding.UTF8.GetBytes(Message("hi")), layer.EndPoint, Ct);
        var received = await inbox.NextAsync();

        Assert.Equal(Message("hi"), Encoding.UTF8.GetString(received.Data.Span));
        Assert.Equal(TransportProtocol.Udp, received.Remote.Protocol);
        Assert.Equal(client.LocalEndPoint, received.Remote.EndPoint);
    }

    [Fact]
    public async Task TcpMessagesSplitAcrossWritesAndBackToBackComeOutWhole()
    {
        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), new LengthFramer(), inbox);
        using var client = new TcpClient();
        await client.ConnectAsync(layer.EndPoint, Ct);
        var stream = client.GetStream();
        var bytes = Encoding.UTF8.GetBytes(Message("first") + Message("second") + "\r\n\r\n" + Message());

        // One byte at a time, so every boundary is crossed.
        foreach (var b in bytes)
        {
            await stream.WriteAsync(new[] { b }, Ct);
        }

        Assert.Equal(Message("first"), Encoding.UTF8.GetString((await inbox.NextAsync()).Data.Span));
        Assert.Equal(Message("second"), Encoding.UTF8.GetString((await inbox.NextAsync()).Data.Span));
        Assert.Equal(Message(), Encoding.UTF8.GetString((await inbox.NextAsync()).Data.Span));
    }

    [Fact]
    public async Task AReplyGoesBackOverTheConnectionTheRequestCameOn()
    {
        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), new LengthFramer(), inbox);
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
    public async Task SendingOverTcpOpensAConnectionAndReusesIt()
    {
        var serverInbox = new Inbox();
        await using var server = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), new LengthFramer(), serverInbox);
        await using var client = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), new LengthFramer(), new Inbox());
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
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), new LengthFramer(), inbox);
        using var bad = new TcpClient();
        await bad.ConnectAsync(layer.EndPoint, Ct);
        await bad.GetStream().WriteAsync(Encoding.UTF8.GetBytes("NOT SIP AT ALL\r\n\r\n"), Ct);

        var read = await bad.GetStream().ReadAsync(new byte[16], Ct);
        Assert.Equal(0, read); // closed by us

        using var good = new TcpClient();
        await good.ConnectAsync(layer.EndPoint, Ct);
        await good.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("ok")), Ct);
        Assert.Equal(Message("ok"), Encoding.UTF8.GetString((await inbox.NextAsync()).Data.Span));
    }

    [Fact]
    public async Task AReceiverThatThrowsDoesNotStopTheReceiveLoop()
    {
        var inbox = new Inbox { ThrowOnFirst = true };
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.Loopback, 0), new LengthFramer(), inbox);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await client.SendToAsync(Encoding.UTF8.GetBytes(Message("boom")), layer.EndPoint, Ct);
        await client.SendToAsync(Encoding.UTF8.GetBytes(Message("fine")), layer.EndPoint, Ct);

        Assert.Equal(Message("fine"), Encoding.UTF8.GetString((await inbox.NextAsync()).Data.Span));
    }

    [Fact]
    public async Task Ipv6LoopbackWorksForUdpAndTcp()
    {
        if (!Socket.OSSupportsIPv6 || !CanBind(IPAddress.IPv6Loopback))
        {
            Assert.Skip("IPv6 loopback (::1) is not available on this machine.");
        }

        var inbox = new Inbox();
        await using var layer = TransportLayer.Start(new IPEndPoint(IPAddress.IPv6Loopback, 0), new LengthFramer(), inbox);
        await using var client = TransportLayer.Start(new IPEndPoint(IPAddress.IPv6Loopback, 0), new LengthFramer(), new Inbox());

        await client.SendAsync(new TransportEndPoint(TransportProtocol.Udp, layer.EndPoint), Encoding.UTF8.GetBytes(Message("udp6")), Ct);
        await client.SendAsync(new TransportEndPoint(TransportProtocol.Tcp, layer.EndPoint), Encoding.UTF8.GetBytes(Message("tcp6")), Ct);

        var received = new[] { await inbox.NextAsync(), await inbox.NextAsync() }.OrderBy(r => r.Remote.Protocol).ToArray();
        Assert.Equal(Message("udp6"), Encoding.UTF8.GetString(received[0].Data.Span));
        Assert.Equal(Message("tcp6"), Encoding.UTF8.GetString(received[1].Data.Span));
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
        private readonly BlockingCollection<ReceivedBytes> _items = new();
        private int _calls;

        public bool ThrowOnFirst { get; init; }

        public void OnReceived(ReceivedBytes received)
        {
            if (ThrowOnFirst && Interlocked.Increment(ref _calls) == 1)
            {
                throw new InvalidOperationException("a receiver bug");
            }

            _items.Add(received);
        }

        public async Task<ReceivedBytes> NextAsync()
        {
            var next = await Task.Run(() => _items.TryTake(out var item, TimeSpan.FromSeconds(10)) ? item : (ReceivedBytes?)null);
            return next ?? throw new TimeoutException("Nothing arrived within 10 s.");
        }
    }

    /// <summary>Just enough framing for transport tests (the message layer has the real one).</summary>
    private sealed class LengthFramer : IStreamFramer
    {
        private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

        public FramingStatus TryReadMessage(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
        {
            message = default;
            var reader = new SequenceReader<byte>(buffer);
            while (reader.IsNext("\r\n"u8, advancePast: true))
            {
            }

            buffer = buffer.Slice(reader.Position);
            reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadTo(out ReadOnlySequence<byte> head, HeaderEnd, advancePastDelimiter: true))
            {
                return buffer.Length > 8192 ? FramingStatus.Invalid : FramingStatus.NeedMoreData;
            }

            var text = Encoding.ASCII.GetString(head.ToArray());
            if (!text.Contains(" SIP/2.0", StringComparison.Ordinal) && !text.StartsWith("SIP/2.0", StringComparison.Ordinal))
            {
                return FramingStatus.Invalid;
            }

            var line = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = line is null ? 0 : int.Parse(line.Substring(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (reader.Remaining < length)
            {
                return FramingStatus.NeedMoreData;
            }

            var end = buffer.GetPosition(head.Length + HeaderEnd.Length + length);
            message = buffer.Slice(0, end);
            buffer = buffer.Slice(end);
            return FramingStatus.Message;
        }
    }
}

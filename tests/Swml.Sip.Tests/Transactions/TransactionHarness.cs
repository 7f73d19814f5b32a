using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Swml.Sip.Message;
using Swml.Sip.Transactions;
using Swml.Sip.Transport;

namespace Swml.Sip.Tests.Transactions;

/// <summary>A transaction layer on fake time, with a sender that records and a core that records.</summary>
internal sealed class TransactionHarness : ITransportSender, ISipCore
{
    public static readonly TransportEndPoint PeerUdp = new(TransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 5070));
    public static readonly TransportEndPoint PeerTcp = new(TransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 5070));
    private static readonly TransportEndPoint LocalUdp = new(TransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 5060));
    private static readonly TransportEndPoint LocalTcp = new(TransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 5060));

    public TransactionHarness()
    {
        Layer = new TransactionLayer(this, SipTimers.Default, Time);
        Layer.Attach(this);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public TransactionLayer Layer { get; }

    public ConcurrentQueue<(TransportEndPoint To, SipMessage Message, TimeSpan At)> Sent { get; } = new();

    public BlockingCollection<ServerTransaction> Requests { get; } = new();

    public BlockingCollection<SipRequest> Acks { get; } = new();

    public BlockingCollection<SipResponse> Strays { get; } = new();

    private DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ValueTask SendAsync(TransportEndPoint to, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested(); // as the real transports do
        Sent.Enqueue((to, SipParser.ParseDatagram(data.Span).Message!, Time.GetUtcNow() - Start));
        return ValueTask.CompletedTask;
    }

    public TransportEndPoint LocalFor(TransportProtocol protocol) => protocol == TransportProtocol.Udp ? LocalUdp : LocalTcp;

    /// <summary>When set, what the core does with a request instead of queueing it (to make it fail, say).</summary>
    public Func<ServerTransaction, Task>? HandleRequest { get; set; }

    public Task OnRequestAsync(ServerTransaction transaction)
    {
        if (HandleRequest is { } handle)
        {
            return handle(transaction);
        }

        Requests.Add(transaction);
        return Task.CompletedTask;
    }

    public Task OnAckAsync(SipRequest ack, TransportEndPoint from)
    {
        Acks.Add(ack);
        return Task.CompletedTask;
    }

    public Task OnStrayResponseAsync(SipResponse response, TransportEndPoint from)
    {
        Strays.Add(response);
        return Task.CompletedTask;
    }

    /// <summary>Feeds a message as if the transport had read it.</summary>
    public void Receive(string text, TransportEndPoint? from = null) =>
        Layer.OnReceived(new ReceivedMessage(SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text)), from ?? PeerUdp, LocalUdp));

    public void Receive(SipMessage message, TransportEndPoint? from = null) =>
        Layer.OnReceived(new ReceivedMessage(SipParser.ParseDatagram(message.ToBytes()), from ?? PeerUdp, LocalUdp));

    /// <summary>Moves fake time on in small steps, so each timer fires at its own moment.</summary>
    public void Advance(TimeSpan span)
    {
        var step = TimeSpan.FromMilliseconds(50);
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += step)
        {
            Time.Advance(step);
        }
    }

    public (TransportEndPoint To, SipMessage Message, TimeSpan At)[] SentOf(string startLinePrefix) =>
        Sent.Where(s => s.Message.StartLine.StartsWith(startLinePrefix, StringComparison.Ordinal)).ToArray();

    public static SipRequest Request(string method, string branch = "z9hG4bKtest1", uint cseq = 1, string transport = "UDP") =>
        SipParser.ParseDatagram(Encoding.UTF8.GetBytes(
            $"{method} sip:bob@127.0.0.1:5060 SIP/2.0\r\n" +
            $"Via: SIP/2.0/{transport} 127.0.0.1:5070;branch={branch}\r\n" +
            "From: <sip:alice@127.0.0.1:5070>;tag=a1\r\nTo: <sip:bob@127.0.0.1:5060>\r\n" +
            $"Call-ID: call-1\r\nCSeq: {cseq} {method}\r\nMax-Forwards: 70\r\nContact: <sip:alice@127.0.0.1:5070>\r\nContent-Length: 0\r\n\r\n")).Request!;

    /// <summary>Our outgoing request, with our Via from the layer.</summary>
    public SipRequest Outgoing(string method, TransportProtocol protocol = TransportProtocol.Udp) =>
        new SipRequestBuilder(method, SipUri.Parse("sip:bob@127.0.0.1:5070"))
            .Via(Layer.CreateVia(protocol))
            .From(NameAddress.Parse("<sip:alice@127.0.0.1:5060>;tag=our1"))
            .To(NameAddress.Parse("<sip:bob@127.0.0.1:5070>"))
            .CallId("out-1")
            .CSeq(1)
            .MaxForwards(70)
            .Build();
}

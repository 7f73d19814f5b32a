using System.Collections.Concurrent;
using Swml.Sip.Calls;
using Swml.Sip.Message;
using Swml.Sip.Transactions;

namespace Swml.Sip.Tests.Transactions;

/// <summary>SipEndpointOptions.Trace sees every message each side sends and receives, as it crossed the wire.</summary>
public sealed class TraceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachSideSeesWhatItSentAndReceivedInOrder()
    {
        var aliceSaw = new ConcurrentQueue<SipTraceEntry>();
        var bobSaw = new ConcurrentQueue<SipTraceEntry>();
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { Trace = aliceSaw.Enqueue });
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", Trace = bobSaw.Enqueue });

        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await call.HangupAsync(Ct);
        await answered.Ended.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(
            new[] { "Sent INVITE", "Received 100", "Received 200", "Sent ACK", "Sent BYE", "Received 200" },
            Collapse(aliceSaw.Select(Describe)));
        Assert.Equal(
            new[] { "Received INVITE", "Sent 100", "Sent 200", "Received ACK", "Received BYE", "Sent 200" },
            Collapse(bobSaw.Select(Describe)));
        Assert.All(aliceSaw, e => Assert.Equal(bob.EndPoint, e.Remote.EndPoint));
        Assert.All(aliceSaw, e => Assert.Equal(call.CallId, e.Message.CallId));
    }

    [Fact]
    public async Task ATracerThatThrowsDoesNotStopTheStack()
    {
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { Trace = _ => throw new InvalidOperationException("broken tracer") });
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", Trace = _ => throw new InvalidOperationException("broken tracer") });

        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        await call.HangupAsync(Ct);
        Assert.True(call.IsEnded);
    }

    /// <summary>Retransmissions, if any, are the same line again: once is enough here.</summary>
    private static string[] Collapse(IEnumerable<string> lines) =>
        lines.Aggregate(new List<string>(), (kept, line) =>
        {
            if (kept.Count == 0 || kept[^1] != line)
            {
                kept.Add(line);
            }

            return kept;
        }).ToArray();

    private static string Describe(SipTraceEntry entry) =>
        $"{entry.Direction} {(entry.Message is SipRequest request ? request.Method : ((SipResponse)entry.Message).StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
}

using Swml.Sip.Message;
using Swml.Sip.Transactions;
using static Swml.Sip.Tests.Transactions.TransactionHarness;

namespace Swml.Sip.Tests.Transactions;

/// <summary>Client transactions on fake time (RFC 3261 §17.1): retransmission and timeout timers, ACK of failures.</summary>
public sealed class ClientTransactionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SipResponse ResponseTo(SipRequest request, int code, string? toTag = "b1") =>
        SipResponse.CreateFor(request, code, toTag: code == 100 ? null : toTag);

    [Fact]
    public async Task ANonInviteOverUdpIsResentOnTimerEAndGivesUpOnTimerF()
    {
        var harness = new TransactionHarness();
        var result = harness.Layer.SendRequestAsync(harness.Outgoing("OPTIONS"), PeerUdp, null, Ct);

        harness.Advance(TimeSpan.FromSeconds(33));
        var outcome = await result;

        // E: T1 doubling to T2 (0, .5, 1.5, 3.5, then every 4 s); F: 64*T1 = 32 s.
        Assert.Equal(
            new[] { 0.0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5 },
            harness.SentOf("OPTIONS").Select(s => s.At.TotalSeconds).ToArray());
        Assert.Equal(TransactionFailure.Timeout, outcome.Failure);
        Assert.Equal(408, outcome.StatusCode);
        Assert.Equal(0, harness.Layer.ClientCount);
    }

    [Fact]
    public async Task ARequestCancelledBeforeItLeavesIsNeverSentLater()
    {
        var harness = new TransactionHarness();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Layer.SendRequestAsync(harness.Outgoing("OPTIONS"), PeerUdp, null, cancelled.Token));
        harness.Advance(TimeSpan.FromSeconds(33));

        Assert.Empty(harness.SentOf("OPTIONS"));
        Assert.Equal(0, harness.Layer.ClientCount);
    }

    [Fact]
    public void AfterAProvisionalResponseANonInviteIsResentEveryT2()
    {
        var harness = new TransactionHarness();
        var request = harness.Outgoing("REFER");
        _ = harness.Layer.SendRequestAsync(request, PeerUdp, null, Ct);

        harness.Receive(ResponseTo(request, 100));
        harness.Advance(TimeSpan.FromSeconds(9));

        // §17.1.2.2: entering Proceeding does not reset timer E; when the armed E fires (0.5 s) it
        // resends and is reset to T2, so every later resend is T2 apart.
        Assert.Equal(new[] { 0.0, 0.5, 4.5, 8.5 }, harness.SentOf("REFER").Select(s => s.At.TotalSeconds).ToArray());
    }

    [Fact]
    public async Task AFinalResponseEndsItOnceAndItsRetransmissionIsAbsorbed()
    {
        var harness = new TransactionHarness();
        var request = harness.Outgoing("REFER");
        var provisional = new List<int>();
        var result = harness.Layer.SendRequestAsync(request, PeerUdp, r => provisional.Add(r.StatusCode), Ct);

        harness.Receive(ResponseTo(request, 100));
        harness.Receive(ResponseTo(request, 202));
        harness.Receive(ResponseTo(request, 202));
        var outcome = await result;

        Assert.Equal(202, outcome.StatusCode);
        Assert.Equal(new[] { 100 }, provisional);
        Assert.Empty(harness.Strays);
        Assert.Equal(1, harness.Layer.ClientCount); // Completed: timer K (T4) absorbs retransmissions
        harness.Advance(TimeSpan.FromSeconds(5.1));
        Assert.Equal(0, harness.Layer.ClientCount);
        Assert.Single(harness.SentOf("REFER"));
    }

    [Fact]
    public async Task TheFinalResponseIsSeenOnTheReadingThreadBeforeTheResultIsPublished()
    {
        // Whoever awaits the result may resume after the next message was handled; the observer
        // sees the response in wire order, once, even when it is resent.
        var harness = new TransactionHarness();
        var request = harness.Outgoing("REFER");
        var seen = new List<(int Code, bool Published, int Thread)>();
        Task<ClientTransactionResult>? result = null;
        result = harness.Layer.SendRequestInlineAsync(request, PeerUdp, null, Ct, final: r => seen.Add((r.StatusCode, result!.IsCompleted, Environment.CurrentManagedThreadId)));

        harness.Receive(ResponseTo(request, 100));
        harness.Receive(ResponseTo(request, 202));
        harness.Receive(ResponseTo(request, 202));

        Assert.Equal(new[] { (202, false, Environment.CurrentManagedThreadId) }, seen);
        Assert.Equal(202, (await result).StatusCode);
    }

    [Fact]
    public async Task OverTcpNothingIsResentAndTheTimeoutStillApplies()
    {
        var harness = new TransactionHarness();
        var result = harness.Layer.SendRequestAsync(harness.Outgoing("OPTIONS", Swml.Sip.Transport.TransportProtocol.Tcp), PeerTcp, null, Ct);

        harness.Advance(TimeSpan.FromSeconds(33));

        Assert.Single(harness.SentOf("OPTIONS"));
        Assert.Equal(TransactionFailure.Timeout, (await result).Failure);
    }

    [Fact]
    public async Task AnInviteIsResentOnTimerAUntilAProvisionalAndGivesUpOnTimerB()
    {
        var harness = new TransactionHarness();
        var result = harness.Layer.SendRequestAsync(harness.Outgoing("INVITE"), PeerUdp, null, Ct);

        harness.Advance(TimeSpan.FromSeconds(33));

        // A: T1 doubling with no cap; B: 64*T1.
        Assert.Equal(new[] { 0.0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 }, harness.SentOf("INVITE").Select(s => s.At.TotalSeconds).ToArray());
        Assert.Equal(TransactionFailure.Timeout, (await result).Failure);
    }

    [Fact]
    public void ARingingInviteIsNotResentNorTimedOutByTheTransaction()
    {
        var harness = new TransactionHarness();
        var request = harness.Outgoing("INVITE");
        var result = harness.Layer.SendRequestAsync(request, PeerUdp, null, Ct);

        harness.Receive(ResponseTo(request, 180));
        harness.Advance(TimeSpan.FromSeconds(40));

        Assert.Single(harness.SentOf("INVITE"));
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task ARingingInviteWhoseCancelGetsNo487EndsAfter64T1()
    {
        var harness = new TransactionHarness();
        var request = harness.Outgoing("INVITE");
        var result = harness.Layer.SendRequestAsync(request, PeerUdp, null, Ct);
        harness.Receive(ResponseTo(request, 180));
        harness.Advance(TimeSpan.FromSeconds(10));

        harness.Layer.OnCancelSent(request);
        harness.Advance(TimeSpan.FromSeconds(31));
        Assert.False(result.IsCompleted);
        harness.Advance(TimeSpan.FromSeconds(2));

        var outcome = await result.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(TransactionFailure.Timeout, outcome.Failure);
        Assert.Equal(0, harness.Layer.ClientCount);
    }

    [Fact]
    public async Task AFailedInviteIsAcknowledgedInTheTransactionAndAgainWhenTheFailureIsResent()
    {
        var harness = new TransactionHarness();
        var request = harness.Outgoing("INVITE");
        var result = harness.Layer.SendRequestAsync(request, PeerUdp, null, Ct);

        harness.Receive(ResponseTo(request, 486));
        var outcome = await result;
        harness.Receive(ResponseTo(request, 486));

        Assert.Equal(486, outcome.StatusCode);
        var acks = harness.SentOf("ACK").Select(s => (SipRequest)s.Message).ToArray();
        Assert.Equal(2, acks.Length);
        var ack = acks[0];
        Assert.Equal(request.TopVia.Branch, ack.TopVia.Branch);
        Assert.Equal(new CSeqHeader(request.CSeq.Number, "ACK"), ack.CSeq);
        Assert.Equal("b1", ack.To.Parameters["tag"]);
        Assert.Equal(request.RequestUri.ToString(), ack.RequestUri.ToString());
    }

    [Fact]
    public async Task ASuccessfulInviteGoesToTheUserWhoSendsTheAckAndLaterCopiesAreStray()
    {
        var harness = new TransactionHarness();
        var request = harness.Outgoing("INVITE");
        var result = harness.Layer.SendRequestAsync(request, PeerUdp, null, Ct);

        harness.Receive(ResponseTo(request, 200));
        var outcome = await result;
        harness.Receive(ResponseTo(request, 200));

        Assert.Equal(200, outcome.StatusCode);
        Assert.Empty(harness.SentOf("ACK"));
        Assert.True(harness.Strays.TryTake(out var stray, TimeSpan.FromSeconds(5)));
        Assert.Equal(200, stray!.StatusCode);
    }
}

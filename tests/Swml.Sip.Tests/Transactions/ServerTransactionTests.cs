using Swml.Sip.Message;
using Swml.Sip.Transactions;
using static Swml.Sip.Tests.Transactions.TransactionHarness;

namespace Swml.Sip.Tests.Transactions;

/// <summary>Server transactions on fake time (RFC 3261 §17.2, RFC 6026): retransmissions absorbed, last response resent.</summary>
public sealed class ServerTransactionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServerTransaction Take(TransactionHarness harness) =>
        harness.Requests.TryTake(out var transaction, TimeSpan.FromSeconds(5)) ? transaction : throw new TimeoutException("The core got no request.");

    [Fact]
    public void AnInviteGets100TryingAtOnceAndARetransmissionGetsItAgainWithoutReachingTheCore()
    {
        var harness = new TransactionHarness();
        harness.Receive(Request("INVITE"));
        _ = Take(harness);

        harness.Receive(Request("INVITE"));

        Assert.Equal(2, harness.SentOf("SIP/2.0 100").Length);
        Assert.False(harness.Requests.TryTake(out _, TimeSpan.FromMilliseconds(200)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ARequestWhoseHandlerFailsGets500AndIsFreed(bool failsAfterAWait)
    {
        var harness = new TransactionHarness
        {
            HandleRequest = failsAfterAWait
                ? async _ => { await Task.Yield(); throw new InvalidOperationException("the application failed"); }
                : _ => throw new InvalidOperationException("the application failed"),
        };

        harness.Receive(Request("OPTIONS"));

        Assert.True(SpinWait.SpinUntil(() => harness.SentOf("SIP/2.0 500").Length == 1, TimeSpan.FromSeconds(5)));
        harness.Advance(TimeSpan.FromSeconds(33)); // timer J
        Assert.Equal(0, harness.Layer.ServerCount);
    }

    [Fact]
    public async Task TheLastProvisionalIsResentForARetransmittedInvite()
    {
        var harness = new TransactionHarness();
        harness.Receive(Request("INVITE"));
        var transaction = Take(harness);

        await transaction.RespondAsync(SipResponse.CreateFor(transaction.Request, 180, toTag: "b1"), Ct);
        harness.Receive(Request("INVITE"));

        Assert.Equal(2, harness.SentOf("SIP/2.0 180").Length);
    }

    [Fact]
    public async Task AFailureIsResentOnTimerGUntilTheAckWhichStopsIt()
    {
        var harness = new TransactionHarness();
        var invite = Request("INVITE");
        harness.Receive(invite);
        var transaction = Take(harness);

        await transaction.RespondAsync(SipResponse.CreateFor(transaction.Request, 486, toTag: "b1"), Ct);
        harness.Advance(TimeSpan.FromSeconds(8));
        harness.Receive(Request("ACK"));
        harness.Advance(TimeSpan.FromSeconds(10));

        // G: T1 doubling to T2 (0, .5, 1.5, 3.5, 7.5), then the ACK ends it.
        Assert.Equal(new[] { 0.0, 0.5, 1.5, 3.5, 7.5 }, harness.SentOf("SIP/2.0 486").Select(s => s.At.TotalSeconds).ToArray());
        Assert.Empty(harness.Acks);
        Assert.Equal(0, harness.Layer.ServerCount);
    }

    [Fact]
    public async Task WithoutAnAckTimerHEndsTheFailedInvite()
    {
        var harness = new TransactionHarness();
        harness.Receive(Request("INVITE"));
        var transaction = Take(harness);

        await transaction.RespondAsync(SipResponse.CreateFor(transaction.Request, 603, toTag: "b1"), Ct);
        harness.Advance(TimeSpan.FromSeconds(33));
        var sends = harness.SentOf("SIP/2.0 603").Length;
        harness.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, harness.Layer.ServerCount);
        Assert.Equal(sends, harness.SentOf("SIP/2.0 603").Length);
    }

    [Fact]
    public async Task AfterA2xxARetransmittedInviteGetsThe2xxAgainAndTheAckGoesToTheCore()
    {
        var harness = new TransactionHarness();
        harness.Receive(Request("INVITE"));
        var transaction = Take(harness);

        await transaction.RespondAsync(SipResponse.CreateFor(transaction.Request, 200, toTag: "b1"), Ct);
        harness.Receive(Request("INVITE"));
        harness.Receive(Request("ACK", branch: "z9hG4bKack2"));

        Assert.Equal(2, harness.SentOf("SIP/2.0 200").Length);
        Assert.Empty(harness.Requests); // the retransmission never reached the core
        Assert.True(harness.Acks.TryTake(out _, TimeSpan.FromSeconds(5)));
        harness.Advance(TimeSpan.FromSeconds(33));
        Assert.Equal(0, harness.Layer.ServerCount);
    }

    [Fact]
    public async Task ANonInviteRetransmissionGetsTheFinalResponseAgainUntilTimerJ()
    {
        var harness = new TransactionHarness();
        harness.Receive(Request("NOTIFY"));
        var transaction = Take(harness);

        harness.Receive(Request("NOTIFY")); // before any response: absorbed, nothing sent
        await transaction.RespondAsync(SipResponse.CreateFor(transaction.Request, 200), Ct);
        harness.Receive(Request("NOTIFY"));
        harness.Advance(TimeSpan.FromSeconds(33));
        harness.Receive(Request("NOTIFY"));

        Assert.Equal(2, harness.SentOf("SIP/2.0 200").Length);
        // After J the transaction is gone, so the last copy is a new request for the core.
        Assert.True(harness.Requests.TryTake(out _, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void AMalformedRequestThatCanBeAnsweredGetsA400()
    {
        var harness = new TransactionHarness();

        harness.Receive(Request("NOTIFY").ToString().Replace("CSeq: 1 NOTIFY", "CSeq: 1 BYE"));

        var answer = Assert.Single(harness.SentOf("SIP/2.0 400"));
        Assert.Equal(PeerUdp, answer.To);
        Assert.False(harness.Requests.TryTake(out _, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void ACancelIsItsOwnTransactionAndFindsItsInvite()
    {
        var harness = new TransactionHarness();
        harness.Receive(Request("INVITE"));
        var invite = Take(harness);
        harness.Receive(Request("CANCEL"));
        var cancel = Take(harness);

        Assert.Equal("CANCEL", cancel.Request.Method);
        Assert.Same(invite, harness.Layer.FindInviteTransaction(cancel.Request));
    }
}

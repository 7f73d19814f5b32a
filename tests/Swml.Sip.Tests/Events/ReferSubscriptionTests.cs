using Microsoft.Extensions.Time.Testing;
using Swml.Sip.Events;
using Swml.Sip.Transactions;

namespace Swml.Sip.Tests.Events;

/// <summary>The REFER sender's view of a transfer (RFC 3515 §2.4), on fake time: every ordering a peer can produce.</summary>
public sealed class ReferSubscriptionTests
{
    private static readonly SubscriptionState Active = SubscriptionState.Parse("active;expires=60");
    private static readonly SubscriptionState Terminated = SubscriptionState.Parse("terminated;reason=noresource");

    private readonly FakeTimeProvider _time = new();
    private readonly List<ReferProgress> _progress = new();

    /// <summary>The result, which must already be there: nothing here should wait on real time.</summary>
    private static Task<ReferResult> Done(ReferSubscription subscription)
    {
        Assert.True(subscription.Result.IsCompleted, "The subscription is still waiting.");
        return subscription.Result;
    }

    private ReferSubscription Create() =>
        new(new ReferOptions { ReferTo = "sip:carol@example.com", FirstNotifyTimeout = TimeSpan.FromSeconds(32), FinalNotifyTimeout = TimeSpan.FromSeconds(90) },
            new SipTimerQueue(_time), TimeSpan.FromSeconds(1), new Recorder(_progress));

    [Fact]
    public async Task AcceptedThenTryingThenOkIsASuccessWithEveryCode()
    {
        var subscription = Create();

        subscription.OnReferResponse(202, null);
        subscription.OnNotify(100, Active);
        subscription.OnNotify(200, Terminated);

        var result = (await Done(subscription));
        Assert.Equal(ReferOutcome.Success, result.Outcome);
        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(new[] { 100, 200 }, result.NotifyCodes);
        Assert.Equal(
            new[] { new ReferProgress(ReferProgressKind.Accepted, 202), new(ReferProgressKind.Notified, 100), new(ReferProgressKind.Notified, 200) },
            _progress);
    }

    [Fact]
    public async Task AFinalNotifyThatOvertakesThe202WaitsForIt()
    {
        var subscription = Create();

        subscription.OnNotify(100, Active);
        subscription.OnNotify(200, Terminated);
        Assert.False(subscription.Result.IsCompleted);
        subscription.OnReferResponse(202, null);

        var result = (await Done(subscription));
        Assert.Equal(ReferOutcome.Success, result.Outcome);
        Assert.Equal(202, result.ReferStatusCode);
    }

    [Fact]
    public async Task A202ThatNeverComesAfterTheFinalNotifyIsWaitedForBriefly()
    {
        var subscription = Create();

        subscription.OnNotify(200, Terminated);
        _time.Advance(TimeSpan.FromSeconds(2));

        var result = (await Done(subscription));
        Assert.Equal(ReferOutcome.Success, result.Outcome);
        Assert.Null(result.ReferStatusCode);
    }

    [Theory]
    [InlineData(486, ReferOutcome.Busy)]
    [InlineData(600, ReferOutcome.Busy)]
    [InlineData(480, ReferOutcome.NoAnswer)]
    [InlineData(487, ReferOutcome.NoAnswer)]
    [InlineData(408, ReferOutcome.NoAnswer)]
    [InlineData(503, ReferOutcome.Error)]
    [InlineData(302, ReferOutcome.Error)]
    public async Task TheFinalSipfragDecidesTheOutcome(int code, ReferOutcome expected)
    {
        var subscription = Create();

        subscription.OnReferResponse(202, null);
        subscription.OnNotify(code, Terminated);

        Assert.Equal(expected, (await Done(subscription)).Outcome);
        Assert.Equal(code, (await Done(subscription)).FinalNotifyCode);
    }

    [Fact]
    public async Task ARejectedReferIsAnErrorAtOnce()
    {
        var subscription = Create();

        subscription.OnReferResponse(603, "Declined");

        Assert.Equal(ReferOutcome.Error, (await Done(subscription)).Outcome);
        Assert.Equal(603, (await Done(subscription)).ReferStatusCode);
        Assert.Empty(_progress);
    }

    [Fact]
    public async Task NoNotifyWithinTheFirstWaitIsAnError()
    {
        var subscription = Create();

        subscription.OnReferResponse(202, null);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.False(subscription.Result.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ReferOutcome.Error, (await Done(subscription)).Outcome);
        Assert.Contains("no NOTIFY", (await Done(subscription)).Detail);
    }

    [Fact]
    public async Task OnlyTryingAndThenSilenceEndsWithTheFinalWait()
    {
        var subscription = Create();

        subscription.OnReferResponse(202, null);
        subscription.OnNotify(100, Active);
        _time.Advance(TimeSpan.FromSeconds(89));
        Assert.False(subscription.Result.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ReferOutcome.Error, (await Done(subscription)).Outcome);
        Assert.Contains("no final NOTIFY", (await Done(subscription)).Detail);
    }

    [Fact]
    public async Task ASubscriptionTerminatedWithoutAFinalCodeIsAnError()
    {
        var subscription = Create();

        subscription.OnReferResponse(202, null);
        subscription.OnNotify(100, SubscriptionState.Parse("terminated;reason=timeout"));

        Assert.Equal(ReferOutcome.Error, (await Done(subscription)).Outcome);
        Assert.Contains("timeout", (await Done(subscription)).Detail);
    }

    [Fact]
    public async Task TheCallEndingBeforeAResultIsACancelAfterTheSettleTime()
    {
        var subscription = Create();

        subscription.OnReferResponse(202, null);
        subscription.OnCallEnded();
        Assert.False(subscription.Result.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ReferOutcome.Cancel, (await Done(subscription)).Outcome);
        Assert.True((await Done(subscription)).CallEndedBeforeResult);
    }

    [Fact]
    public async Task AFinalNotifyCrossingTheByeStillDecides()
    {
        var subscription = Create();

        subscription.OnReferResponse(202, null);
        subscription.OnCallEnded();
        subscription.OnNotify(200, Terminated);

        Assert.Equal(ReferOutcome.Success, (await Done(subscription)).Outcome);
        Assert.False((await Done(subscription)).CallEndedBeforeResult);
    }

    [Fact]
    public void NotifyIdsMatchEveryAttemptOfAChallengedRefer()
    {
        var subscription = Create();
        subscription.AddAttempt(5);
        subscription.AddAttempt(6);

        Assert.True(subscription.HasId("6"));
        Assert.True(subscription.HasId("5"));
        Assert.False(subscription.HasId("7"));
        Assert.False(subscription.HasId("x"));
    }

    [Fact]
    public async Task NotifiesAfterTheEndChangeNothing()
    {
        var subscription = Create();

        subscription.OnReferResponse(202, null);
        subscription.OnNotify(486, Terminated);
        subscription.OnNotify(200, Terminated);

        Assert.Equal(ReferOutcome.Busy, (await Done(subscription)).Outcome);
        Assert.Equal(new[] { 486 }, (await Done(subscription)).NotifyCodes);
    }

    private sealed class Recorder(List<ReferProgress> seen) : IProgress<ReferProgress>
    {
        public void Report(ReferProgress value) => seen.Add(value);
    }
}

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
    public async Task AcceptedThenTryingThenOkEndsWithTheFinalSipfragAndEveryCode()
    {
        var subscription = Create();

        subscription.OnReferResponse(202);
        subscription.OnNotify(100, Active);
        subscription.OnNotify(200, Terminated);

        var result = await Done(subscription);
        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(new[] { 100, 200 }, result.NotifyCodes);
        Assert.Equal(200, result.FinalNotifyCode);
        Assert.False(result.CallEndedBeforeResult);
        Assert.Null(result.SubscriptionEnd);
        Assert.Equal(
            new[] { new ReferProgress(ReferProgressKind.Accepted, 202), new(ReferProgressKind.Notified, 100), new(ReferProgressKind.Notified, 200) },
            _progress);
    }

    [Fact]
    public async Task ProgressIsReportedWithTheSubscriptionUnlockedAndInOrder()
    {
        // A handler that touches the subscription from another thread, as an application's might
        // (through the call): under the subscription's lock it would wait there until it gave up.
        ReferSubscription? subscription = null;
        var unlocked = new List<bool>();
        var reported = new List<ReferProgress>();
        var progress = new Recorder(reported, _ =>
            unlocked.Add(Task.Run(() => subscription!.HasId("1")).Wait(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken)));
        subscription = new ReferSubscription(
            new ReferOptions { ReferTo = "sip:carol@example.com" }, new SipTimerQueue(_time), TimeSpan.FromSeconds(1), progress);
        subscription.AddAttempt(1);

        subscription.OnReferResponse(202);
        subscription.OnNotify(100, Active);
        subscription.OnNotify(200, Terminated);

        await Done(subscription);
        Assert.Equal(new[] { true, true, true }, unlocked);
        Assert.Equal(new[] { ReferProgressKind.Accepted, ReferProgressKind.Notified, ReferProgressKind.Notified }, reported.Select(p => p.Kind));
    }

    [Theory]
    [InlineData("final NOTIFY")]
    [InlineData("final NOTIFY before the 202")]
    [InlineData("no first NOTIFY")]
    [InlineData("abandoned")]
    public void AnInlineResultIsPublishedWithTheSubscriptionUnlocked(string ending)
    {
        // With UnsafePreferInlineScheduling the application continues inside Result's completion,
        // on the thread that decided it: under the subscription's lock, another thread touching
        // the subscription (through the call) would wait until it gave up.
        var subscription = new ReferSubscription(
            new ReferOptions { ReferTo = "sip:carol@example.com", FirstNotifyTimeout = TimeSpan.FromSeconds(32) },
            new SipTimerQueue(_time), TimeSpan.FromSeconds(1), progress: null, inline: true);
        subscription.AddAttempt(1);
        bool? unlocked = null;
        subscription.Result.ContinueWith(
            _ => unlocked = Task.Run(() => subscription.HasId("1")).Wait(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        switch (ending)
        {
            case "final NOTIFY":
                subscription.OnReferResponse(202);
                subscription.OnNotify(200, Terminated);
                break;
            case "final NOTIFY before the 202":
                subscription.OnNotify(200, Terminated);
                subscription.OnReferResponse(202);
                break;
            case "no first NOTIFY":
                subscription.OnReferResponse(202);
                _time.Advance(TimeSpan.FromSeconds(33));
                break;
            default:
                subscription.OnReferResponse(202);
                subscription.Abandon();
                break;
        }

        Assert.True(subscription.Result.IsCompleted);
        Assert.True(unlocked, "the result was published with the subscription locked");
    }

    [Fact]
    public async Task A202ReadBeforeANotifyIsReportedBeforeItEvenWhenTheSenderResumesLate()
    {
        // The thread that read the 202 handles the NOTIFY behind it before ReferAsync resumes; the
        // 202 was taken as it was read, so the progress keeps wire order and carries the code.
        var subscription = Create();
        var refer = Swml.Sip.Tests.Transactions.TransactionHarness.Request("REFER");

        subscription.OnReferFinalRead(Swml.Sip.Message.SipResponse.CreateFor(refer, 202, "Accepted"));
        subscription.OnNotify(100, Active);
        subscription.OnReferResponse(202);
        subscription.OnNotify(200, Terminated);

        var result = await Done(subscription);
        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(
            new[] { new ReferProgress(ReferProgressKind.Accepted, 202), new(ReferProgressKind.Notified, 100), new(ReferProgressKind.Notified, 200) },
            _progress);
    }

    [Fact]
    public async Task AChallengeReadOnTheWayChangesNothing()
    {
        var subscription = Create();
        var refer = Swml.Sip.Tests.Transactions.TransactionHarness.Request("REFER");

        subscription.OnReferFinalRead(Swml.Sip.Message.SipResponse.CreateFor(refer, 407, "Proxy Authentication Required"));
        subscription.OnReferFinalRead(Swml.Sip.Message.SipResponse.CreateFor(refer, 202, "Accepted"));
        subscription.OnReferResponse(202);
        subscription.OnNotify(200, Terminated);

        var result = await Done(subscription);
        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(new[] { new ReferProgress(ReferProgressKind.Accepted, 202), new(ReferProgressKind.Notified, 200) }, _progress);
    }

    [Fact]
    public async Task AFinalNotifyThatOvertakesThe202WaitsForIt()
    {
        var subscription = Create();

        subscription.OnNotify(100, Active);
        subscription.OnNotify(200, Terminated);
        Assert.False(subscription.Result.IsCompleted);
        subscription.OnReferResponse(202);

        var result = await Done(subscription);
        Assert.Equal(200, result.FinalNotifyCode);
        Assert.Equal(202, result.ReferStatusCode);
    }

    [Fact]
    public async Task A202ThatNeverComesAfterTheFinalNotifyIsWaitedForBriefly()
    {
        var subscription = Create();

        subscription.OnNotify(200, Terminated);
        _time.Advance(TimeSpan.FromSeconds(2));

        var result = await Done(subscription);
        Assert.Equal(200, result.FinalNotifyCode);
        Assert.Null(result.ReferStatusCode);
        Assert.True(result.Accepted); // the NOTIFY showed the REFER arrived
    }

    [Theory]
    [InlineData(486)]
    [InlineData(600)]
    [InlineData(480)]
    [InlineData(487)]
    [InlineData(408)]
    [InlineData(503)]
    [InlineData(302)]
    public async Task AnyFinalSipfragEndsTheSubscriptionWithThatCode(int code)
    {
        var subscription = Create();

        subscription.OnReferResponse(202);
        subscription.OnNotify(code, Terminated);

        var result = await Done(subscription);
        Assert.Equal(code, result.FinalNotifyCode);
        Assert.Equal(new[] { code }, result.NotifyCodes);
        Assert.Null(result.SubscriptionEnd); // a final sipfrag is a result, whatever the Subscription-State says
    }

    [Fact]
    public async Task ARejectedReferEndsAtOnceWithItsStatus()
    {
        var subscription = Create();

        subscription.OnReferResponse(603);

        var result = await Done(subscription);
        Assert.Equal(603, result.ReferStatusCode);
        Assert.False(result.Accepted);
        Assert.Empty(result.NotifyCodes);
        Assert.Null(result.SubscriptionEnd);
        Assert.Empty(_progress);
    }

    [Theory]
    [InlineData(true, SubscriptionEndKind.ReferTimedOut)]
    [InlineData(false, SubscriptionEndKind.ReferNotSent)]
    public async Task AReferWithoutAResponseEndsSayingWhy(bool sent, SubscriptionEndKind expected)
    {
        var subscription = Create();

        subscription.OnReferResponse(null, sent);

        var result = await Done(subscription);
        Assert.Null(result.ReferStatusCode);
        Assert.Equal(new SubscriptionEnd(expected), result.SubscriptionEnd);
        Assert.Empty(_progress);
    }

    [Fact]
    public async Task NoNotifyWithinTheFirstWaitEndsTheSubscription()
    {
        var subscription = Create();

        subscription.OnReferResponse(202);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.False(subscription.Result.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var result = await Done(subscription);
        Assert.Equal(202, result.ReferStatusCode);
        Assert.Empty(result.NotifyCodes);
        Assert.Equal(new SubscriptionEnd(SubscriptionEndKind.NoFirstNotify), result.SubscriptionEnd);
    }

    [Fact]
    public async Task OnlyTryingAndThenSilenceEndsWithTheFinalWait()
    {
        var subscription = Create();

        subscription.OnReferResponse(202);
        subscription.OnNotify(100, Active);
        _time.Advance(TimeSpan.FromSeconds(89));
        Assert.False(subscription.Result.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var result = await Done(subscription);
        Assert.Equal(new[] { 100 }, result.NotifyCodes);
        Assert.Null(result.FinalNotifyCode);
        Assert.Equal(new SubscriptionEnd(SubscriptionEndKind.NoFinalNotify), result.SubscriptionEnd);
    }

    [Theory]
    [InlineData("terminated;reason=timeout", "timeout")]
    [InlineData("terminated;reason=noresource", "noresource")]
    [InlineData("terminated", null)]
    public async Task ASubscriptionTerminatedWithoutAFinalCodeEndsWithItsReason(string subscriptionState, string? reason)
    {
        var subscription = Create();

        subscription.OnReferResponse(202);
        subscription.OnNotify(100, SubscriptionState.Parse(subscriptionState));

        var result = await Done(subscription);
        Assert.Null(result.FinalNotifyCode);
        Assert.Equal(new SubscriptionEnd(SubscriptionEndKind.Terminated, reason), result.SubscriptionEnd);
    }

    [Fact]
    public async Task TheCallEndingBeforeAResultEndsItAfterTheSettleTime()
    {
        var subscription = Create();

        subscription.OnReferResponse(202);
        subscription.OnCallEnded();
        Assert.False(subscription.Result.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var result = await Done(subscription);
        Assert.True(result.CallEndedBeforeResult);
        Assert.Null(result.FinalNotifyCode);
        Assert.Null(result.SubscriptionEnd);
    }

    [Fact]
    public async Task AFinalNotifyCrossingTheByeStillDecides()
    {
        var subscription = Create();

        subscription.OnReferResponse(202);
        subscription.OnCallEnded();
        subscription.OnNotify(200, Terminated);

        var result = await Done(subscription);
        Assert.Equal(200, result.FinalNotifyCode);
        Assert.False(result.CallEndedBeforeResult);
    }

    [Fact]
    public async Task AnAbandonedWaitEndsAtOnceAsIfTheCallHadEnded()
    {
        var subscription = Create();

        subscription.OnReferResponse(202);
        subscription.OnNotify(100, Active);
        subscription.Abandon();

        var result = await Done(subscription);
        Assert.True(result.CallEndedBeforeResult);
        Assert.Equal(new SubscriptionEnd(SubscriptionEndKind.Abandoned), result.SubscriptionEnd);
        Assert.Equal(new[] { 100 }, result.NotifyCodes);
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

        subscription.OnReferResponse(202);
        subscription.OnNotify(486, Terminated);
        subscription.OnNotify(200, Terminated);

        var result = await Done(subscription);
        Assert.Equal(486, result.FinalNotifyCode);
        Assert.Equal(new[] { 486 }, result.NotifyCodes);
    }

    private sealed class Recorder(List<ReferProgress> seen, Action<ReferProgress>? also = null) : IProgress<ReferProgress>
    {
        public void Report(ReferProgress value)
        {
            seen.Add(value);
            also?.Invoke(value);
        }
    }
}

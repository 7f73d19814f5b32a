using Microsoft.Extensions.Time.Testing;
using Swml.Sip.Calls;
using Swml.Sip.Events;
using Swml.Sip.Message;
using Swml.Sip.Transport;

namespace Swml.Sip.Tests.Calls;

/// <summary>Two of our endpoints calling each other on loopback: INVITE, answer, ACK, BYE either way.</summary>
public sealed class LoopbackCallTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(TransportProtocol.Udp)]
    [InlineData(TransportProtocol.Tcp)]
    public async Task ACallIsAnsweredAndTheCallerHangsUp(TransportProtocol protocol)
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });

        var dialing = alice.DialAsync(bob.Uri.ToString(), new DialOptions { Transport = protocol }, Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await incoming.RingAsync(Ct);
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(call.CallId, answered.CallId);
        Assert.NotNull(call.Audio);
        Assert.Equal("PCMU", call.Audio!.Codec.Name, ignoreCase: true);

        await call.HangupAsync(Ct);
        Assert.Equal(CallEndReason.RemoteHangup, await answered.Ended.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(CallEndReason.LocalHangup, await call.Ended.WaitAsync(TimeSpan.FromSeconds(1), Ct));
    }

    [Theory]
    [InlineData(TransportProtocol.Udp)]
    [InlineData(TransportProtocol.Tcp)]
    public async Task ACallWorksOverIpv6(TransportProtocol protocol)
    {
        var loopback = new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, 0);
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { EndPoint = loopback });
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { EndPoint = loopback, User = "bob" });

        var dialing = alice.DialAsync(bob.Uri.ToString(), new DialOptions { Transport = protocol }, Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.StartsWith("sip:bob@[::1]:", bob.Uri.ToString(), StringComparison.Ordinal);
        await call.HangupAsync(Ct);
        Assert.Equal(CallEndReason.RemoteHangup, await answered.Ended.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task TheEndedTokenIsCancelledWhenTheCallEndsWhetherTakenBeforeOrAfter()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });

        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var calleeCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var callee = answered.EndedToken.Register(calleeCancelled.SetResult);
        using var caller = call.EndedToken.Register(callerCancelled.SetResult);
        Assert.False(answered.EndedToken.IsCancellationRequested);

        await call.HangupAsync(Ct);

        await Task.WhenAll(calleeCancelled.Task, callerCancelled.Task).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await answered.Ended.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(answered.EndedToken.IsCancellationRequested, "a token taken after the end is cancelled already");
    }

    [Fact]
    public async Task OurOwnHangupHasCancelledTheEndedTokenWhenItReturns()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var token = call.EndedToken;
        var registrationThread = -1;
        using var registration = token.Register(() => registrationThread = Environment.CurrentManagedThreadId);

        for (var i = 0; i < 20 && !token.IsCancellationRequested; i++)
        {
            // Slow the pool down so a cancel queued behind the hangup would still be waiting.
            ThreadPool.UnsafeQueueUserWorkItem(_ => Thread.Sleep(20), null);
        }

        await call.HangupAsync(Ct);

        // Cancelled on the thread that returned from the hangup, not left to a later work item.
        Assert.True(token.IsCancellationRequested);
        Assert.NotEqual(-1, registrationThread);
    }

    [Theory]
    [InlineData(TransportProtocol.Udp)]
    [InlineData(TransportProtocol.Tcp)]
    public async Task AnIncomingCallHandlerTakesEachCallOnTheThreadPoolInsteadOfAcceptAsync(TransportProtocol protocol)
    {
        var handled = new TaskCompletionSource<(IncomingCall Call, bool OnPool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions
        {
            User = "bob",
            IncomingCallHandler = incoming => handled.TrySetResult((incoming, Thread.CurrentThread.IsThreadPoolThread)),
        });

        var dialing = alice.DialAsync(bob.Uri.ToString(), new DialOptions { Transport = protocol }, Ct);
        var (incoming, onPool) = await handled.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.True(onPool);
        Assert.Throws<InvalidOperationException>(() => bob.AcceptAsync(Ct));
        await call.HangupAsync(Ct);
    }

    [Fact]
    public async Task AnIncomingCallHandlerThatThrowsLeavesTheEndpointServing()
    {
        var calls = 0;
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions
        {
            User = "bob",
            IncomingCallHandler = incoming =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new InvalidOperationException("the application failed");
                }

                _ = incoming.RejectAsync(486, "Busy Here");
            },
        });

        // The first call is left unanswered by the failed handler: cancel it once it rings.
        using (var first = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            first.CancelAfter(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<Exception>(() => alice.DialAsync(bob.Uri.ToString(), cancellationToken: first.Token));
        }

        var second = await Assert.ThrowsAsync<SipCallFailedException>(() => alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(486, second.StatusCode);
    }

    [Fact]
    public async Task AReferThatCannotBeSentEndsItsSubscriptionAndSaysSo()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // The peer moved to a target with no address (RFC 2606 reserves .invalid).
        answered.Dialog.UpdateRemoteTarget(SipUri.Parse("sip:alice@nowhere.invalid"));
        var result = await answered.ReferAsync(new ReferOptions { ReferTo = "sip:carol@127.0.0.1" }, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(SubscriptionEndKind.ReferNotSent, result.SubscriptionEnd?.Kind);
        Assert.Null(result.ReferStatusCode);
        await call.HangupAsync(Ct);
    }

    [Fact]
    public async Task AReferToUsGets405WhoseAllowDoesNotOfferRefer()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var sent = await call.SendInDialogAsync("REFER", [("Refer-To", "<sip:carol@127.0.0.1:5999>")], null, Ct);

        Assert.Equal(405, sent.Result.StatusCode);
        var allow = sent.Result.Response!.Headers.GetFirst("Allow") ?? string.Empty;
        Assert.Contains("INVITE", allow, StringComparison.Ordinal);
        Assert.DoesNotContain("REFER", allow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCalleeHangsUpAndALaterByeGets481()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });

        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        await answered.HangupAsync(Ct);

        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var late = await call.SendInDialogAsync("BYE", Array.Empty<(string, string)>(), null, Ct);
        Assert.Equal(481, late.Result.StatusCode);
    }

    [Fact]
    public async Task AfterTheHangupNotifiesGet200UntilTheGracePeriodEndsAndOtherRequests481()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions
        {
            User = "bob",
            FinalNotifySettle = TimeSpan.FromMilliseconds(200),
            NotifyGraceAfterHangup = TimeSpan.FromSeconds(2),
        });

        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await answered.HangupAsync(Ct);
        await call.Ended.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        async Task<int> Send(string method, string? eventPackage)
        {
            var headers = eventPackage is null
                ? Array.Empty<(string, string)>()
                : new[] { ("Event", eventPackage), ("Subscription-State", "terminated;reason=noresource") };
            var sent = await call.SendInDialogAsync(method, headers, null, Ct);
            return sent.Result.StatusCode;
        }

        // Within the settle time the call itself answers; after it, what is left of it does.
        Assert.Equal(200, await Send("NOTIFY", "refer;id=7"));
        await Task.Delay(TimeSpan.FromMilliseconds(600), Ct);
        Assert.Equal(1, bob.CallCount);
        Assert.Equal(200, await Send("NOTIFY", "refer;id=7"));
        Assert.Equal(489, await Send("NOTIFY", "presence"));
        Assert.Equal(481, await Send("INFO", null));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (bob.CallCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(0, bob.CallCount);
        Assert.Equal(481, await Send("NOTIFY", "refer;id=7"));
    }

    [Fact]
    public async Task ARejectedCallFailsWithItsStatus()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });

        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await incoming.RejectAsync(486, "Busy Here", Ct);

        var failure = await Assert.ThrowsAsync<SipCallFailedException>(() => dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(486, failure.StatusCode);
        Assert.Equal(0, bob.RingingCount); // a rejected call is let go
    }

    [Fact]
    public async Task AnUnansweredCallIsCancelledAndTheCalleeSeesTheCancel()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });

        var dialing = alice.DialAsync(bob.Uri.ToString(), new DialOptions { AnswerTimeout = TimeSpan.FromSeconds(1) }, Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await incoming.RingAsync(Ct);

        var failure = await Assert.ThrowsAsync<SipCallFailedException>(() => dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(408, failure.StatusCode);
        await incoming.Cancelled.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.True(SpinWait.SpinUntil(() => bob.RingingCount == 0, TimeSpan.FromSeconds(5)), "a cancelled call is let go");
    }

    [Fact]
    public async Task TheAnswerTimeoutRunsOnTheEndpointsClock()
    {
        // 30 s: short of timer B (32 s), so only the answer timeout can end the INVITE.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { Time = time });
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });

        var dialing = alice.DialAsync(bob.Uri.ToString(), new DialOptions { AnswerTimeout = TimeSpan.FromSeconds(30) }, Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await incoming.RingAsync(Ct);
        await Task.Delay(200, Ct);
        Assert.False(dialing.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(30));

        var failure = await Assert.ThrowsAsync<SipCallFailedException>(() => dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(408, failure.StatusCode);
        await incoming.Cancelled.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task ApplicationCodeAfterEachPublicCallRunsOnTheThreadPoolNeverOnTheSipThread()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });

        // Each task is watched while still pending, so that its continuation runs where it completes.
        var rejected = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var afterRejected = ThreadAfter(rejected);
        var first = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await first.RejectAsync(486, "Busy Here", Ct);
        AssertThreadPool(await afterRejected.WaitAsync(TimeSpan.FromSeconds(10), Ct), "after DialAsync failed");

        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var afterDial = ThreadAfter(dialing);
        var second = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await second.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        AssertThreadPool(await afterDial.WaitAsync(TimeSpan.FromSeconds(10), Ct), "after DialAsync");
        var call = await dialing;

        var referring = call.ReferAsync(new ReferOptions { ReferTo = "sip:carol@127.0.0.1:5999" }, cancellationToken: Ct);
        AssertThreadPool(await ThreadAfter(referring).WaitAsync(TimeSpan.FromSeconds(10), Ct), "after ReferAsync");

        var hangingUp = call.HangupAsync(Ct);
        AssertThreadPool(await ThreadAfter(hangingUp).WaitAsync(TimeSpan.FromSeconds(10), Ct), "after HangupAsync");
    }

    private static async Task<Thread> ThreadAfter(Task task)
    {
        Assert.False(task.IsCompleted, "the task must still be pending for the check to mean anything");
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (SipCallFailedException)
        {
        }

        return Thread.CurrentThread;
    }

    private static void AssertThreadPool(Thread thread, string where) =>
        Assert.True(thread.IsThreadPoolThread && !(thread.Name?.StartsWith("SIP", StringComparison.Ordinal) ?? false), $"{where}: ran on '{thread.Name}'");
}

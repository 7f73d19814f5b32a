using Microsoft.Extensions.Time.Testing;
using Swml.Sip.Calls;
using Swml.Sip.Message;
using Xunit;

namespace Swml.Sip.Tests.Calls;

/// <summary>
/// RFC 4028 session timers on fake time: the interval and refresher agreed, refreshes that restart
/// the clock, and a call whose peer stopped refreshing (vanished without a BYE) ended and freed.
/// </summary>
public sealed class SessionTimerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheUacsIntervalAndRefresherAreAgreedInThe200()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);

        var (call, ok) = await peer.ConnectAsync(Wait, Ct, ["Supported: timer", "Session-Expires: 120;refresher=uac"]);

        Assert.Equal("120;refresher=uac", ok.Headers.GetFirst("Session-Expires"));
        Assert.Equal("timer", ok.Headers.GetFirst("Require"));
        Assert.Equal(TimeSpan.FromSeconds(120), call.SessionInterval);
        Assert.False(call.RefreshesSession);
    }

    [Fact]
    public async Task APeerThatStopsRefreshingIsHungUpWhenTheSessionExpires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", Time = time });
        using var peer = new RawPeer(bob);
        var (call, _) = await peer.ConnectAsync(Wait, Ct, ["Supported: timer", "Session-Expires: 120;refresher=uac"]);

        // 120 s less a third (40 s), at most 32 s: the BYE is due at 88 s.
        await AdvanceAsync(time, TimeSpan.FromSeconds(85));
        Assert.Null(await peer.NextRequestAsync(TimeSpan.FromMilliseconds(300), Ct));
        await AdvanceAsync(time, TimeSpan.FromSeconds(5));
        var bye = await peer.NextRequestAsync(Wait, Ct);
        Assert.Equal("BYE", bye?.Method);
        await peer.RespondAsync(bye!, 200, "OK", Ct);

        Assert.Equal(CallEndReason.SessionExpired, await call.Ended.WaitAsync(Wait, Ct));
    }

    [Fact]
    public async Task ARefreshRestartsTheClock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", Time = time });
        using var peer = new RawPeer(bob);
        var (call, _) = await peer.ConnectAsync(Wait, Ct, ["Supported: timer", "Session-Expires: 120;refresher=uac"]);

        await AdvanceAsync(time, TimeSpan.FromSeconds(60));
        await peer.SendAsync("UPDATE", null, Ct, extraHeaders: ["Supported: timer", "Session-Expires: 120;refresher=uac"]);
        var refreshed = await peer.NextFinalAsync(Wait, Ct);
        Assert.Equal(200, refreshed!.StatusCode);
        Assert.Equal("120;refresher=uac", refreshed.Headers.GetFirst("Session-Expires"));

        await AdvanceAsync(time, TimeSpan.FromSeconds(80)); // 140 s in: past the first expiry, not the new one
        Assert.Null(await peer.NextRequestAsync(TimeSpan.FromMilliseconds(300), Ct));
        Assert.False(call.IsEnded);
        await AdvanceAsync(time, TimeSpan.FromSeconds(10));
        Assert.Equal("BYE", (await peer.NextRequestAsync(Wait, Ct))?.Method);
    }

    [Fact]
    public async Task AnIntervalUnderOurMinSeGets422WithOurs()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);

        await peer.InviteAsync(RawPeer.Offer(), Ct, ["Supported: timer", "Session-Expires: 60"]);
        var refused = await peer.NextFinalAsync(Wait, Ct);

        Assert.Equal(422, refused!.StatusCode);
        Assert.Equal("90", refused.Headers.GetFirst("Min-SE"));
    }

    [Theory]
    [InlineData("Allow: INVITE, ACK, CANCEL, BYE, UPDATE", "UPDATE")]
    [InlineData("Allow: INVITE, ACK, CANCEL, BYE", "INVITE")]
    public async Task WithAUacThatKnowsNoTimersWeRefreshAndKeepTheCall(string allow, string refreshMethod)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", Time = time, SessionExpires = TimeSpan.FromSeconds(300) });
        using var peer = new RawPeer(bob);
        var (call, ok) = await peer.ConnectAsync(Wait, Ct, [allow]);

        Assert.Equal("300;refresher=uas", ok.Headers.GetFirst("Session-Expires"));
        Assert.Null(ok.Headers.GetFirst("Require"));
        Assert.True(call.RefreshesSession);

        await AdvanceAsync(time, TimeSpan.FromSeconds(151));
        var refresh = await peer.NextRequestAsync(Wait, Ct);
        Assert.Equal(refreshMethod, refresh?.Method);
        Assert.Equal("300;refresher=uac", refresh!.Headers.GetFirst("Session-Expires"));
        await peer.RespondAsync(refresh, 200, "OK", Ct, ("Session-Expires", "300;refresher=uac"));
        if (refreshMethod == "INVITE")
        {
            Assert.Equal("ACK", (await peer.NextRequestAsync(Wait, Ct))?.Method);
        }

        // Refreshed: the next one comes half an interval later, and the call goes on. (A few seconds
        // of margin: the stack restarts its timer as it reads our answer, while this goes on.)
        await AdvanceAsync(time, TimeSpan.FromSeconds(155));
        Assert.Equal(refreshMethod, (await peer.NextRequestAsync(Wait, Ct))?.Method);
        Assert.False(call.IsEnded);
    }

    [Fact]
    public async Task TheCallerAsksForAnIntervalAndRefreshesWhenTheAnswererNamesIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { User = "alice", Time = time, SessionExpires = TimeSpan.FromSeconds(200) });
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", Time = time });
        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        Assert.Equal("200", incoming.Invite.Headers.GetFirst("Session-Expires"));
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(Wait, Ct);
        var call = await dialing.WaitAsync(Wait, Ct);

        Assert.True(call.RefreshesSession); // bob named the UAC, which supports timers
        Assert.False(answered.RefreshesSession);
        Assert.Equal(TimeSpan.FromSeconds(200), call.SessionInterval);

        // alice refreshes every 100 s, so bob's call never expires.
        for (var i = 0; i < 6; i++)
        {
            await AdvanceAsync(time, TimeSpan.FromSeconds(50));
        }

        Assert.False(answered.IsEnded);
        Assert.False(call.IsEnded);
    }

    [Fact]
    public async Task A422MakesTheCallerAskAgainWithTheAnswerersMinSe()
    {
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { User = "alice", SessionExpires = TimeSpan.FromSeconds(300) });
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", MinSessionExpires = TimeSpan.FromSeconds(600) });

        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        await incoming.AnswerAsync(Ct).WaitAsync(Wait, Ct);
        var call = await dialing.WaitAsync(Wait, Ct);

        Assert.Equal("600", incoming.Invite.Headers.GetFirst("Session-Expires"));
        Assert.Equal(TimeSpan.FromSeconds(600), call.SessionInterval);
    }

    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan by)
    {
        // In steps, letting the stack's timer queue and the sends it starts run between them.
        for (var step = TimeSpan.Zero; step < by; step += TimeSpan.FromSeconds(1))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5, Ct);
        }

        await Task.Delay(100, Ct);
    }
}

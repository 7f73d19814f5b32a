using Swml.Sip.Calls;
using Swml.Sip.Message;
using Swml.Sip.Tests.Sdp;

namespace Swml.Sip.Tests.Calls;

/// <summary>Require and Supported (RFC 3261 §8.2.2.3, §20.37): an extension we lack is refused with 420, never ignored.</summary>
public sealed class OptionTagTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<SipResponse> SendAsync(SipEndpoint to, string method, params string[] headers) =>
        method == SipMethods.Invite
            ? RawRequests.SendAsync(to, method, "application/sdp", SdpSamples.Sipp, headers, Ct)
            : RawRequests.SendAsync(to, method, null, string.Empty, headers, Ct);

    [Theory]
    [InlineData("100rel")]
    [InlineData("precondition")]
    [InlineData("replaces, 100rel")]
    public async Task AnInviteRequiringAnExtensionWeLackGets420ListingItAndNeverRings(string required)
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });

        var response = await SendAsync(bob, SipMethods.Invite, "Require: " + required);

        Assert.Equal(420, response.StatusCode);
        Assert.Equal(required, response.Headers.GetFirst(HeaderNames.Unsupported));
        Assert.NotNull(response.To.Tag);
        Assert.Equal(0, bob.RingingCount);
    }

    [Fact]
    public async Task AnOptionsRequiringAnExtensionWeLackGets420()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        Assert.Equal(420, (await SendAsync(bob, "OPTIONS", "Require: foo")).StatusCode);
        Assert.Equal(200, (await SendAsync(bob, "OPTIONS", "Supported: foo")).StatusCode);
    }

    [Fact]
    public async Task AReferWeTakeRequiringAnExtensionWeLackGets420ButNoReferSubIsFine()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", AcceptRefers = true });

        var refused = await SendAsync(bob, SipMethods.Refer, "Require: norefersub, replaces", "Refer-To: <sip:carol@127.0.0.1>");
        Assert.Equal(420, refused.StatusCode);
        Assert.Equal("replaces", refused.Headers.GetFirst(HeaderNames.Unsupported));

        // norefersub is ours: past the option tags, a REFER outside any dialog gets 481.
        Assert.Equal(481, (await SendAsync(bob, SipMethods.Refer, "Require: norefersub", "Refer-To: <sip:carol@127.0.0.1>")).StatusCode);
    }

    [Fact]
    public async Task AReferWeDoNotTakeIsAnsweredAsBeforeNot420WhateverItRequires()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });

        // Outside any dialog: 481, as a REFER without Require gets (the method is judged first, §8.2.1).
        Assert.Equal(481, (await SendAsync(bob, SipMethods.Refer, "Require: norefersub", "Refer-To: <sip:carol@127.0.0.1>")).StatusCode);
    }

    [Fact]
    public async Task TakingRefersWeAdvertiseNoReferSubInOptionsInvitesAndTheir200()
    {
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { AcceptRefers = true });
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", AcceptRefers = true });
        var invites = new List<SipRequest>();
        bob.ObserveRequest = r => { lock (invites) { invites.Add(r); } };

        var options = await SendAsync(bob, "OPTIONS");
        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var call = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal("norefersub, timer", options.Headers.GetFirst(HeaderNames.Supported));
        Assert.Equal("norefersub, timer", incoming.Invite.Headers.GetFirst(HeaderNames.Supported));
        await call.HangupAsync(Ct);
    }

    [Fact]
    public async Task WithoutExtensionsWeSendNoSupportedHeader()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", SessionExpires = TimeSpan.Zero });
        var options = await SendAsync(bob, "OPTIONS");
        Assert.Null(options.Headers.GetFirst(HeaderNames.Supported));
        Assert.Equal(string.Empty, bob.Supported);
    }

    [Fact]
    public async Task SessionTimersAreSupportedByDefaultSoAnOptionsRequiringThemIsAnswered()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var options = await SendAsync(bob, "OPTIONS", "Require: timer");
        Assert.Equal(200, options.StatusCode);
        Assert.Equal("timer", options.Headers.GetFirst(HeaderNames.Supported));
    }

    [Fact]
    public async Task ADrainingEndpointAnswersOptionsAndNewInvitesWith503AndItsCallsGoOn()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", OverloadRetryAfterSeconds = 9 });
        await using var alice = SipEndpoint.Start();
        var (caller, callee) = await LoopbackCallTests.ConnectAsync(alice, bob);
        Assert.Equal(200, (await SendAsync(bob, "OPTIONS")).StatusCode);

        bob.StartDraining();

        var probe = await SendAsync(bob, "OPTIONS");
        Assert.Equal(503, probe.StatusCode);
        Assert.Equal("9", probe.Headers.GetFirst("Retry-After"));
        var invite = await SendAsync(bob, SipMethods.Invite);
        Assert.Equal(503, invite.StatusCode);
        Assert.Equal(0, bob.RingingCount);

        // The call that was up when draining began is not touched: it ends by its own BYE.
        Assert.False(callee.IsEnded);
        await caller.HangupAsync(Ct);
        Assert.Equal(CallEndReason.RemoteHangup, await callee.Ended.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }
}

using Microsoft.Extensions.Time.Testing;
using Swml.Sip.Calls;
using Swml.Sip.Message;
using Swml.Sip.Sdp;
using Xunit;

namespace Swml.Sip.Tests.Calls;

/// <summary>
/// The peer changes the session of an established call: re-INVITE (RFC 3261 §14) and UPDATE (RFC 3311)
/// offers answered as RFC 3264 §8 says, the re-INVITE's 2xx resent until its ACK.
/// </summary>
public sealed class SessionChangeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AHoldOfferGetsRecvonlyAndTheCallsUserHearsOfIt()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var (call, firstAnswer) = await ConnectAsync(peer);
        var changes = new TaskCompletionSource<NegotiatedAudio>(TaskCreationOptions.RunContinuationsAsynchronously);
        call.AudioChanged += (_, audio) => changes.TrySetResult(audio);

        var cseq = await peer.SendAsync("INVITE", RawPeer.Offer(direction: "sendonly", version: "2"), Ct);
        var ok = await peer.NextFinalAsync(Wait, Ct);
        await peer.AckAsync(cseq, null, Ct);

        Assert.Equal(200, ok!.StatusCode);
        var answer = Sdp(ok);
        Assert.Equal(MediaDirection.RecvOnly, answer.Media[0].Direction);
        Assert.Equal(Version(firstAnswer) + 1, Version(answer)); // the description changed (RFC 3264 §8)
        var held = await changes.Task.WaitAsync(Wait, Ct);
        Assert.True(held.IsOnHold);
        Assert.True(call.Audio!.IsOnHold);
        Assert.False(call.IsEnded);
    }

    [Fact]
    public async Task ANewAddressPortAndCodecAreTakenUp()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var (call, _) = await ConnectAsync(peer);

        var cseq = await peer.SendAsync("INVITE", RawPeer.Offer(port: 7002, address: "127.0.0.2", formats: "8", version: "2"), Ct);
        var ok = await peer.NextFinalAsync(Wait, Ct);
        await peer.AckAsync(cseq, null, Ct);

        Assert.Equal(200, ok!.StatusCode);
        Assert.Equal("PCMA", call.Audio!.Codec.Name);
        Assert.Equal("127.0.0.2", call.Audio.RemoteAddress);
        Assert.Equal(7002, call.Audio.RemotePort);
    }

    [Fact]
    public async Task AnOfferWithoutACodecWeTakeGets488AndTheCallKeepsItsAudio()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var (call, _) = await ConnectAsync(peer);
        var before = call.Audio;

        var cseq = await peer.SendAsync("INVITE", RawPeer.Offer(formats: "9", version: "2"), Ct);
        var refused = await peer.NextFinalAsync(Wait, Ct);

        Assert.Equal(488, refused!.StatusCode);
        Assert.NotNull(refused.Headers.GetFirst("Warning"));
        Assert.Equal(before, call.Audio);
        Assert.False(call.IsEnded);

        // The session goes on: the next offer is answered, numbered after the first answer.
        await peer.AckAsync(cseq, null, Ct);
        await peer.SendAsync("INVITE", RawPeer.Offer(direction: "sendonly", version: "3"), Ct);
        Assert.Equal(200, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);
    }

    [Fact]
    public async Task AnUnparsableOfferGets488()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var (call, _) = await ConnectAsync(peer);

        await peer.SendAsync("INVITE", "this is not SDP", Ct);

        Assert.Equal(488, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);
        Assert.False(call.IsEnded);
    }

    [Fact]
    public async Task TheSameOfferAgainKeepsTheVersionAndChangesNothing()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var (call, firstAnswer) = await ConnectAsync(peer);
        var changed = 0;
        call.AudioChanged += (_, _) => Interlocked.Increment(ref changed);

        var cseq = await peer.SendAsync("INVITE", RawPeer.Offer(), Ct); // a session refresh
        var ok = await peer.NextFinalAsync(Wait, Ct);
        await peer.AckAsync(cseq, null, Ct);

        Assert.Equal(Version(firstAnswer), Version(Sdp(ok!)));
        await Task.Delay(200, Ct);
        Assert.Equal(0, changed);
    }

    [Fact]
    public async Task The2xxToAReinviteIsResentUntilItsAckAndARetransmittedReinviteGetsItAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", Time = time });
        using var peer = new RawPeer(bob);
        var (call, _) = await ConnectAsync(peer);

        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N");
        var offer = RawPeer.Offer(direction: "sendonly", version: "2");
        var cseq = await peer.SendAsync("INVITE", offer, Ct, branch);
        Assert.Equal(200, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);

        // Our ACK is "lost": the 200 comes again after T1.
        await Task.Delay(200, Ct);
        time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(200, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);

        // The re-INVITE itself is resent: the 200 again, and the call sees it once.
        await peer.ResendAsync("INVITE", cseq, offer, branch, Ct);
        Assert.Equal(200, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);

        await peer.AckAsync(cseq, null, Ct);
        await Task.Delay(200, Ct);
        time.Advance(TimeSpan.FromSeconds(8));
        Assert.Null(await peer.NextFinalAsync(TimeSpan.FromMilliseconds(500), Ct));
        Assert.False(call.IsEnded);
    }

    [Fact]
    public async Task NoAckForAReinvites2xxEndsTheCallWithABye()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", Time = time });
        using var peer = new RawPeer(bob);
        var (call, _) = await ConnectAsync(peer);

        await peer.SendAsync("INVITE", RawPeer.Offer(direction: "sendonly", version: "2"), Ct);
        Assert.Equal(200, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);
        await Task.Delay(200, Ct);
        for (var i = 0; i < 70 && !call.IsEnded; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20, Ct);
        }

        var bye = await peer.NextRequestAsync(Wait, Ct);
        Assert.Equal("BYE", bye?.Method);
    }

    [Fact]
    public async Task AnOfferlessReinviteGetsOurOfferAndTheAnswerComesInTheAck()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var (call, _) = await ConnectAsync(peer);
        var changes = new TaskCompletionSource<NegotiatedAudio>(TaskCreationOptions.RunContinuationsAsynchronously);
        call.AudioChanged += (_, audio) => changes.TrySetResult(audio);

        var cseq = await peer.SendAsync("INVITE", null, Ct);
        var ok = await peer.NextFinalAsync(Wait, Ct);
        Assert.Equal(200, ok!.StatusCode);
        Assert.Equal(MediaDirection.SendRecv, Sdp(ok).Media[0].Direction); // our offer

        await peer.AckAsync(cseq, RawPeer.Offer(port: 7004, formats: "0", version: "2"), Ct);

        var audio = await changes.Task.WaitAsync(Wait, Ct);
        Assert.Equal(7004, audio.RemotePort);
        Assert.Equal(7004, call.Audio!.RemotePort);
    }

    [Fact]
    public async Task AnUpdateOfferIsAnsweredInIts200()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var (call, _) = await ConnectAsync(peer);

        await peer.SendAsync("UPDATE", RawPeer.Offer(port: 7006, direction: "inactive", version: "2"), Ct);
        var ok = await peer.NextFinalAsync(Wait, Ct);

        Assert.Equal(200, ok!.StatusCode);
        Assert.Equal(MediaDirection.Inactive, Sdp(ok).Media[0].Direction);
        Assert.Equal(7006, call.Audio!.RemotePort);
        Assert.True(call.Audio.IsOnHold);

        // An UPDATE without a body is a plain refresh.
        await peer.SendAsync("UPDATE", null, Ct);
        var refresh = await peer.NextFinalAsync(Wait, Ct);
        Assert.Equal(200, refresh!.StatusCode);
        Assert.Equal(0, refresh.Body.Length);
    }

    [Fact]
    public async Task AnUpdateWhileOurOfferAwaitsItsAnswerGets491()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        await ConnectAsync(peer);

        var cseq = await peer.SendAsync("INVITE", null, Ct);
        Assert.Equal(200, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);
        await peer.SendAsync("UPDATE", RawPeer.Offer(version: "2"), Ct);
        Assert.Equal(491, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);

        // A second re-INVITE before the first's ACK: 500 with Retry-After (§14.2).
        await peer.SendAsync("INVITE", RawPeer.Offer(version: "2"), Ct);
        var busy = await peer.NextFinalAsync(Wait, Ct);
        Assert.Equal(500, busy!.StatusCode);
        Assert.NotNull(busy.Headers.GetFirst("Retry-After"));
        await peer.AckAsync(cseq, RawPeer.Offer(version: "2"), Ct);
    }

    private static async Task<(SipCall Call, SessionDescription Answer)> ConnectAsync(RawPeer peer)
    {
        var (call, ok) = await peer.ConnectAsync(Wait, Ct);
        return (call, Sdp(ok));
    }

    private static SessionDescription Sdp(SipResponse response) =>
        SessionDescription.TryParse(response.Body.Span, out var sdp, out var error) ? sdp : throw new InvalidOperationException(error);

    private static ulong Version(SessionDescription sdp) => ulong.Parse(sdp.Origin.SessionVersion, System.Globalization.CultureInfo.InvariantCulture);
}

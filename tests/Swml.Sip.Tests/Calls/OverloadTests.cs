using Swml.Sip.Calls;
using Swml.Sip.Message;
using Swml.Sip.Tests.Sdp;

namespace Swml.Sip.Tests.Calls;

/// <summary>Incoming calls the application has not taken are bounded: beyond the bound, 503 with Retry-After.</summary>
public sealed class OverloadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BeyondTheWaitingCallsAnInviteGets503WithRetryAfterAndTakingOneMakesRoom()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", MaxWaitingCalls = 2, OverloadRetryAfterSeconds = 7 });

        var first = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var second = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        Assert.True(SpinWait.SpinUntil(() => bob.RingingCount == 2, TimeSpan.FromSeconds(10)));

        var refused = await RawRequests.SendAsync(bob, SipMethods.Invite, "application/sdp", SdpSamples.Sipp, [], Ct);
        Assert.Equal(503, refused.StatusCode);
        Assert.Equal("7", refused.Headers.GetFirst("Retry-After"));
        Assert.Equal(2, bob.RingingCount);

        // The application takes one: there is room for the next.
        var taken = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var third = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var next = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var last = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);

        foreach (var incoming in new[] { taken, next, last })
        {
            await incoming.RejectAsync(486, "Busy Here", Ct);
        }

        foreach (var dialing in new[] { first, second, third })
        {
            Assert.Equal(486, (await Assert.ThrowsAsync<SipCallFailedException>(() => dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct))).StatusCode);
        }
    }
}

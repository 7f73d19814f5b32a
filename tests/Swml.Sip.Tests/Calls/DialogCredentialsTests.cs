using Swml.Sip.Calls;
using Swml.Sip.Events;
using Xunit;

namespace Swml.Sip.Tests.Calls;

/// <summary>
/// Credentials belong to the dialog: those given to an authenticated REFER answer a challenge to a
/// later BYE too (a proxy on the route set challenges every request it sees).
/// </summary>
public sealed class DialogCredentialsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private const string Challenge = "Digest realm=\"pbx\", nonce=\"4f1c2a\", algorithm=MD5, qop=\"auth\"";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AByeChallengedAfterAnAuthenticatedReferIsAnsweredWithTheRefersCredentials()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var call = (await peer.ConnectAsync(Wait, Ct)).Call;

        var referring = call.ReferAsync(new ReferOptions { ReferTo = "sip:carol@127.0.0.1:5999", Username = "ivr", Password = "s3cret" }, cancellationToken: Ct);
        var refer = await peer.NextRequestAsync(Wait, Ct);
        await peer.RespondAsync(refer!, 401, "Unauthorized", Ct, ("WWW-Authenticate", Challenge));
        var authenticated = await peer.NextRequestAsync(Wait, Ct);
        Assert.Contains("username=\"ivr\"", authenticated!.Headers.GetFirst("Authorization"), StringComparison.Ordinal);
        await peer.RespondAsync(authenticated, 202, "Accepted", Ct);
        await peer.SendAsync("NOTIFY", null, Ct, extraHeaders: ["Event: refer", "Subscription-State: terminated;reason=noresource", "Content-Type: message/sipfrag;version=2.0"], body: "SIP/2.0 200 OK\r\n");
        Assert.Equal(200, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);
        Assert.Equal(200, (await referring.WaitAsync(Wait, Ct)).FinalNotifyCode);

        var hangingUp = call.HangupAsync(Ct);
        var bye = await peer.NextRequestAsync(Wait, Ct);
        Assert.Equal("BYE", bye!.Method);
        await peer.RespondAsync(bye, 407, "Proxy Authentication Required", Ct, ("Proxy-Authenticate", Challenge));
        var byeAgain = await peer.NextRequestAsync(Wait, Ct);
        Assert.Equal("BYE", byeAgain?.Method);
        Assert.Contains("username=\"ivr\"", byeAgain!.Headers.GetFirst("Proxy-Authorization"), StringComparison.Ordinal);
        await peer.RespondAsync(byeAgain, 200, "OK", Ct);
        await hangingUp.WaitAsync(Wait, Ct);

        Assert.Equal(CallEndReason.LocalHangup, await call.Ended.WaitAsync(Wait, Ct));
    }

    [Fact]
    public async Task AByeChallengedWithoutCredentialsEndsTheCallAsUnconfirmed()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var call = (await peer.ConnectAsync(Wait, Ct)).Call;

        var hangingUp = call.HangupAsync(Ct);
        var bye = await peer.NextRequestAsync(Wait, Ct);
        await peer.RespondAsync(bye!, 401, "Unauthorized", Ct, ("WWW-Authenticate", Challenge));
        await hangingUp.WaitAsync(Wait, Ct);

        Assert.Equal(CallEndReason.HangupUnconfirmed, await call.Ended.WaitAsync(Wait, Ct));
    }
}

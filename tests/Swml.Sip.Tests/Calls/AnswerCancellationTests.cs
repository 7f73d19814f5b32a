using Swml.Sip.Calls;
using Xunit;

namespace Swml.Sip.Tests.Calls;

/// <summary>
/// A token cancelled around the 200 of an answer: never a call live on the wire that no one in our
/// process holds, and never a 200 stopped half-way once answering began.
/// </summary>
public sealed class AnswerCancellationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAnswerCancelledWhileItsOkWaitsForTheAckHangsTheCallUpOnceTheAckComes()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var cseq = await peer.InviteAsync(RawPeer.Offer(), Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        using var giveUp = new CancellationTokenSource();

        var answering = incoming.AnswerAsync(giveUp.Token);
        Assert.Equal(200, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answering.WaitAsync(Wait, Ct));

        await peer.AckAsync(cseq, null, Ct);
        var bye = await peer.NextRequestAsync(Wait, Ct);
        Assert.Equal("BYE", bye?.Method);
        await peer.RespondAsync(bye!, 200, "OK", Ct);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnAnswerTriedWhenTheCallerCancelledGetsThe487OutAndFails(bool inline)
    {
        // Inline, the application's code after Cancelled runs inside the CANCEL's handling: the
        // answer it tries there must find the 487 already decided, not take the answer and send nothing.
        var tried = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bob = SipEndpoint.Start(new SipEndpointOptions
        {
            User = "bob",
            UnsafePreferInlineScheduling = inline,
            IncomingCallHandler = incoming => _ = AnswerOnceCancelledAsync(incoming),
        });
        using var peer = new RawPeer(bob);
        const string Branch = "z9hG4bK-cancelled-then-answered";

        var cseq = await peer.SendAsync("INVITE", RawPeer.Offer(), Ct, branch: Branch);
        while (bob.RingingCount == 0)
        {
            await Task.Delay(10, Ct);
        }

        await peer.SendAsync("CANCEL", null, Ct, branch: Branch, cseq: cseq);

        Assert.IsAssignableFrom<OperationCanceledException>(await tried.Task.WaitAsync(Wait, Ct));
        var finals = new List<string>();
        while (!finals.Contains("487 INVITE") && await peer.NextFinalAsync(Wait, Ct) is { } final)
        {
            finals.Add($"{final.StatusCode} {final.CSeq.Method}");
        }

        Assert.Contains("200 CANCEL", finals);
        Assert.Contains("487 INVITE", finals);
        Assert.Equal(0, bob.RingingCount);

        async Task AnswerOnceCancelledAsync(IncomingCall incoming)
        {
            await incoming.Cancelled;
            try
            {
                await incoming.AnswerAsync(CancellationToken.None);
                tried.TrySetResult(null);
            }
            catch (Exception ex)
            {
                tried.TrySetResult(ex);
            }
        }
    }

    [Fact]
    public async Task ATokenCancelledBeforeAnsweringSendsNothingAndTheCallCanStillBeAnswered()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        using var peer = new RawPeer(bob);
        var cseq = await peer.InviteAsync(RawPeer.Offer(), Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => incoming.AnswerAsync(new CancellationToken(canceled: true)));
        Assert.Null(await peer.NextFinalAsync(TimeSpan.FromMilliseconds(300), Ct));

        var answering = incoming.AnswerAsync(Ct);
        Assert.Equal(200, (await peer.NextFinalAsync(Wait, Ct))!.StatusCode);
        await peer.AckAsync(cseq, null, Ct);
        var call = await answering.WaitAsync(Wait, Ct);
        Assert.False(call.IsEnded);
    }
}

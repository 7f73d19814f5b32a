using Swml.Sip.Calls;
using Swml.Sip.Events;
using Swml.Sip.Interop.Tests.Infrastructure;
using Swml.Tests.Peers;

namespace Swml.Sip.Interop.Tests;

/// <summary>
/// Our stack as the transferee, against SIPp: one SIPp calls us and REFERs us
/// (Scenarios/referrer_success.xml), and we follow the REFER by calling a second SIPp, the target
/// (Scenarios/target_answers.xml). The referrer's scenario checks each NOTIFY we send; both SIPp
/// exit codes and our own view of the transfer are asserted.
/// </summary>
public sealed class TransfereeWithSippTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task WeFollowSippsReferToASippTargetAndNotifyTryingRingingAndOk(string transport)
    {
        await using var endpoint = SipEndpoint.Start(new SipEndpointOptions { AcceptRefers = true });
        using var targetFolder = new TempFolder("transferee-target");
        using var referrerFolder = new TempFolder("transferee-referrer");
        var targetPort = FreePorts.Next();
        await using var target = Sipp.Start(targetFolder, Sipp.Scenario("target_answers.xml"), targetPort, remote: null);
        await Task.Delay(300, Ct);
        var referTo = $"sip:carol@127.0.0.1:{targetPort}";
        await using var referrer = Sipp.Start(referrerFolder, Sipp.Scenario("referrer_success.xml"), FreePorts.Next(), $"127.0.0.1:{endpoint.EndPoint.Port}", transport, extra: ["-s", "swml", "-key", "refer_to", referTo]);

        SipCall call;
        IncomingRefer refer;
        ReferFollowResult followed;
        try
        {
            var incoming = await endpoint.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct);
            call = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
            refer = await call.Refers.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct);
            followed = await refer.FollowAsync(cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the transfer did not complete:\nreferrer:\n{referrer.Tail()}\n{Sipp.Messages(referrerFolder)}\ntarget:\n{target.Tail()}\n{Sipp.Messages(targetFolder)}");
            throw;
        }

        Assert.Equal(referTo, refer.ReferTo.ToString());
        Assert.NotNull(refer.ReferredBy);

        Assert.Equal(200, followed.StatusCode);
        Assert.NotNull(followed.Call);
        Assert.Equal(ReferNotifyStatus.Delivered, followed.FinalNotify.Status);
        var referrerExit = await referrer.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.True(referrerExit == 0, $"The referrer SIPp exited {referrerExit}:\n{referrer.Tail()}\n{Sipp.Messages(referrerFolder)}");
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var targetExit = await target.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.True(targetExit == 0, $"The target SIPp exited {targetExit}:\n{target.Tail()}\n{Sipp.Messages(targetFolder)}");
        Assert.Contains("Referred-By: <sip:alice@127.0.0.1:", Sipp.Messages(targetFolder));
        Assert.Equal(CallEndReason.RemoteHangup, await followed.Call!.Ended.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }
}

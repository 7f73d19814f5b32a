using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Swml.Sip.Calls;
using Swml.Sip.Events;
using Swml.Sip.Interop.Tests.Infrastructure;
using Swml.Sip.Sdp;
using Swml.Sip.Transport;
using Swml.Tests.Peers;

namespace Swml.Sip.Interop.Tests;

/// <summary>
/// Our REFER against SIPp: SIPp answers our call as the transferee (Scenarios/transferee_*.xml) or
/// calls us (caller_*.xml), then plays one way a transfer can go. Both sides are asserted: the facts
/// of our result (status, sipfrag codes, how it ended), and SIPp's exit code (0 only when every message it expected came as expected).
/// </summary>
public sealed class ReferWithSippTests
{
    private const string Target = "sip:carol@127.0.0.1:5999";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Transports => new("u1", "t1");

    [Theory, MemberData(nameof(Transports))]
    public async Task AnAcceptedReferFollowedByNotify200EndsWithSipfrag200(string transport)
    {
        var (result, sipp) = await ReferToSippAsync("transferee_success.xml", transport, new ReferOptions { ReferTo = Target });

        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(new[] { 100, 200 }, result.NotifyCodes);
        Assert.Equal(200, result.FinalNotifyCode);
        Assert.False(result.CallEndedBeforeResult);
        Assert.Null(result.SubscriptionEnd);
        Assert.Equal(0, sipp.ExitCode);
        Assert.Contains($"Refer-To: <{Target}>", sipp.Messages);
    }

    [Fact]
    public async Task ANotify486EndsWithSipfrag486()
    {
        var (result, sipp) = await ReferToSippAsync("transferee_busy.xml", "u1", new ReferOptions { ReferTo = Target });

        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(486, result.FinalNotifyCode);
        Assert.Equal(0, sipp.ExitCode);
    }

    [Theory]
    [InlineData("transferee_reject_405.xml", 405)]
    [InlineData("transferee_reject_603.xml", 603)]
    public async Task ARejectedReferEndsWithItsStatus(string scenario, int status)
    {
        var (result, sipp) = await ReferToSippAsync(scenario, "u1", new ReferOptions { ReferTo = Target });

        Assert.Equal(status, result.ReferStatusCode);
        Assert.Empty(result.NotifyCodes);
        Assert.Null(result.SubscriptionEnd);
        Assert.Equal(0, sipp.ExitCode);
    }

    [Fact]
    public async Task AnAcceptedReferWithNoNotifyEndsTheWait()
    {
        var options = new ReferOptions { ReferTo = Target, FirstNotifyTimeout = TimeSpan.FromSeconds(2) };
        var (result, sipp) = await ReferToSippAsync("transferee_no_notify.xml", "u1", options);

        Assert.Equal(202, result.ReferStatusCode);
        Assert.Empty(result.NotifyCodes);
        Assert.Equal(new SubscriptionEnd(SubscriptionEndKind.NoFirstNotify), result.SubscriptionEnd);
        Assert.Equal(0, sipp.ExitCode);
    }

    [Fact]
    public async Task ANotifyBeforeThe202IsAnsweredAndCounted()
    {
        var (result, sipp) = await ReferToSippAsync("transferee_notify_before_202.xml", "u1", new ReferOptions { ReferTo = Target });

        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(new[] { 100, 200 }, result.NotifyCodes);
        Assert.Equal(200, result.FinalNotifyCode);
        Assert.Equal(0, sipp.ExitCode);
    }

    [Fact]
    public async Task AByeRightAfterThe202EndsTheTransferWithTheCall()
    {
        var (result, sipp) = await ReferToSippAsync("transferee_bye_after_202.xml", "u1", new ReferOptions { ReferTo = Target }, hangUp: false);

        Assert.Equal(202, result.ReferStatusCode);
        Assert.True(result.CallEndedBeforeResult);
        Assert.Null(result.FinalNotifyCode);
        Assert.Equal(0, sipp.ExitCode);
    }

    [Fact]
    public async Task A407IsAnsweredWithProxyAuthorizationAndTheCSeqMovesOn()
    {
        var options = new ReferOptions { ReferTo = Target, Username = "alice", Password = "secret" };
        var logs = new RecordingLoggerFactory();
        var (result, sipp) = await ReferToSippAsync("transferee_challenge_407.xml", "u1", options, logs: logs);

        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(200, result.FinalNotifyCode);
        Assert.Equal(0, sipp.ExitCode); // SIPp checked the Proxy-Authorization (username, response, the opaque with a comma)
        var refers = CSeqs(sipp.Messages, "REFER");
        var bye = CSeqs(sipp.Messages, "BYE").Single();
        Assert.Equal(2, refers.Length);
        Assert.Equal(refers[0] + 1, refers[1]);
        Assert.True(bye > refers[1], $"the BYE's CSeq {bye} must be above the REFER's {refers[1]}");
        Assert.DoesNotContain("secret", sipp.Messages);
        Assert.Contains("REFER on", logs.All); // the REFER and its outcome are logged...
        Assert.DoesNotContain("secret", logs.All); // ...but never the password
    }

    [Fact]
    public async Task A401WithSha256IsAnsweredWithASha256Response()
    {
        var options = new ReferOptions { ReferTo = Target, Username = "alice", Password = "secret" };
        var (result, sipp) = await ReferToSippAsync("transferee_challenge_401_sha256.xml", "u1", options);

        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(200, result.FinalNotifyCode);
        Assert.Equal(0, sipp.ExitCode); // SIPp checked algorithm=SHA-256, a 64-hex response and nc=00000001
    }

    [Fact]
    public async Task A407WithoutCredentialsIsTheFinalStatusNotAHang()
    {
        using var folder = new TempFolder("refer-407-nocreds");
        var (result, _) = await ReferToSippAsync("transferee_challenge_407.xml", "u1", new ReferOptions { ReferTo = Target }, expectSippSuccess: false);

        Assert.Equal(407, result.ReferStatusCode);
        Assert.Empty(result.NotifyCodes);
    }

    [Theory]
    [InlineData("caller_success.xml", "u1", 202, 200)]
    [InlineData("caller_success.xml", "t1", 202, 200)]
    [InlineData("caller_busy.xml", "u1", 202, 486)]
    [InlineData("caller_reject_603.xml", "u1", 603, null)]
    public async Task WeAnswerSippsCallAndReferTheCaller(string scenario, string transport, int referStatus, int? finalSipfrag)
    {
        await using var endpoint = SipEndpoint.Start();
        using var folder = new TempFolder("refer-caller");
        await using var sipp = Sipp.Start(folder, Sipp.Scenario(scenario), FreePorts.Next(), $"127.0.0.1:{endpoint.EndPoint.Port}", transport, extra: new[] { "-s", "swml" });

        var incoming = await endpoint.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var call = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var result = await call.ReferAsync(new ReferOptions { ReferTo = Target }, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await call.HangupAsync(Ct);
        var exit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(referStatus, result.ReferStatusCode);
        Assert.Equal(finalSipfrag, result.FinalNotifyCode);
        Assert.True(exit == 0, $"SIPp exited {exit}:\n{sipp.Tail()}\n{Sipp.Messages(folder)}");
    }

    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task ACallerThatHoldsByReinviteBeforeTheReferIsAnsweredRecvonlyAndTransferred(string transport)
    {
        await using var endpoint = SipEndpoint.Start();
        using var folder = new TempFolder("refer-hold");
        await using var sipp = Sipp.Start(folder, Sipp.Scenario("caller_hold_then_refer.xml"), FreePorts.Next(), $"127.0.0.1:{endpoint.EndPoint.Port}", transport, extra: new[] { "-s", "swml" });

        var incoming = await endpoint.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var held = new TaskCompletionSource<NegotiatedAudio>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        call.AudioChanged += (_, audio) => held.TrySetResult(audio);
        if (call.Audio?.IsOnHold != true)
        {
            Assert.True((await held.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct)).IsOnHold);
        }

        // SIPp's scenario is strict: its ACK of the hold must come before our REFER.
        for (var waited = 0; call.AwaitsReinviteAck && waited < 100; waited++)
        {
            await Task.Delay(50, Ct);
        }

        ReferResult result;
        try
        {
            result = await call.ReferAsync(new ReferOptions { ReferTo = Target }, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"no end to the REFER:\n{sipp.Tail()}\n{Sipp.Messages(folder)}");
            throw;
        }

        await call.HangupAsync(Ct);
        var exit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(200, result.FinalNotifyCode);
        Assert.True(exit == 0, $"SIPp exited {exit}:\n{sipp.Tail()}\n{Sipp.Messages(folder)}");
    }

    /// <summary>Starts SIPp as the transferee, calls it, REFERs it, hangs up, and returns our result and SIPp's.</summary>
    private static async Task<(ReferResult Result, (int ExitCode, string Messages) Sipp)> ReferToSippAsync(string scenario, string transport, ReferOptions options, bool hangUp = true, bool expectSippSuccess = true, ILoggerFactory? logs = null)
    {
        using var folder = new TempFolder("refer");
        var port = FreePorts.Next();
        await using var sipp = Sipp.Start(folder, Sipp.Scenario(scenario), port, remote: null, transport);
        await Task.Delay(300, Ct);
        await using var endpoint = SipEndpoint.Start(new SipEndpointOptions { LoggerFactory = logs });

        var protocol = transport == "t1" ? TransportProtocol.Tcp : TransportProtocol.Udp;
        var call = await endpoint.DialAsync($"sip:bob@127.0.0.1:{port}", new DialOptions { Transport = protocol }, Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var progress = new List<ReferProgress>();
        var result = await call.ReferAsync(options, new SynchronousProgress(progress), Ct).WaitAsync(TimeSpan.FromSeconds(40), Ct);
        if (hangUp && !call.IsEnded)
        {
            await call.HangupAsync(Ct);
        }

        int exit;
        try
        {
            exit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct);
        }
        catch (TimeoutException) when (!expectSippSuccess)
        {
            exit = -1;
        }

        var messages = Sipp.Messages(folder);
        if (expectSippSuccess && exit != 0)
        {
            Assert.Fail($"SIPp ({scenario}) exited {exit}; our result: {result}\n{sipp.Tail()}\n{messages}");
        }

        return (result, (exit, messages));
    }

    private static int[] CSeqs(string messages, string method) =>
        Regex.Matches(messages, $@"^CSeq:\s*(\d+)\s+{method}\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Distinct()
            .ToArray();

    private sealed class SynchronousProgress(List<ReferProgress> seen) : IProgress<ReferProgress>
    {
        public void Report(ReferProgress value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}

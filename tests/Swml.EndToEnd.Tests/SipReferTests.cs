using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Swml.EndToEnd.Tests.Infrastructure;
using Swml.Tests.Http;

namespace Swml.EndToEnd.Tests;

/// <summary>
/// SIPp calls <c>swml run</c>, whose flow answers and REFERs it; SIPp plays the transferee one way
/// or another (Scenarios/caller_*.xml). Asserted: SIPp's exit code (0 only when every message it
/// expected came as expected, credentials included), the five refer variables of the report as
/// design.md defines them, the callbacks' states, and the flow going on after sip_refer.
/// </summary>
public sealed class SipReferTests
{
    [Theory(Timeout = 40_000)]
    [InlineData("caller_success.xml", "success", "200", "u1")]
    [InlineData("caller_success.xml", "success", "200", "t1")]
    [InlineData("caller_busy.xml", "busy", "486", "u1")]
    [InlineData("caller_challenge_407.xml", "success", "200", "u1")]
    [InlineData("caller_challenge_401.xml", "success", "200", "u1")]
    [InlineData("caller_no_notify.xml", "error", null, "u1")]
    public async Task TheReferOutcomeIsInTheVariablesAndTheFlowGoesOn(string scenario, string result, string? finalSipfrag, string transport)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var http = await TestHttpServer.StartAsync(TestFlows.Ok);

        // --refer-timeout 2: the wait for a NOTIFY that never comes ends with the timer, in 2 s.
        var run = await SippCall.RunAsync(
            TestFlows.AnswerReferAndGoOn(http.BaseUrl + "/status"),
            scenario,
            new[] { "--env", "SIP_PASSWORD=" + TestFlows.Password, "--refer-timeout", "2" },
            ct,
            transport);

        Assert.True(run.SippExit == 0, run.Describe());
        Assert.True(run.SwmlExit == 0, run.Describe());
        var call = run.Call;
        Assert.Equal(result, call.SipReferResult);
        AssertReferVariables(call, result, referCode: "202", finalSipfrag);

        // The flow went on: the set and the play after sip_refer ran, and saw the result.
        Assert.Equal(TestFlows.AnswerReferAndGoOnTrace, call.Trace);
        Assert.Equal("Completed", call.EndReason);
        Assert.Equal(result, call.Var("seen_after_refer"));
        Assert.Null(call.ScriptError);
        Assert.Equal(new[] { "inProgress", result }, TestFlows.States(http));
    }

    [Theory(Timeout = 40_000)]
    [InlineData("caller_challenge_407.xml")]
    [InlineData("caller_challenge_401.xml")]
    public async Task AChallengedReferIsSentAgainWithTheNextCSeqAndTheByeComesAfter(string scenario)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var http = await TestHttpServer.StartAsync(TestFlows.Ok);

        var run = await SippCall.RunAsync(TestFlows.AnswerReferAndGoOn(http.BaseUrl + "/status"), scenario, new[] { "--env", "SIP_PASSWORD=" + TestFlows.Password }, ct);

        Assert.True(run.SippExit == 0, run.Describe());
        var refers = CSeqs(run.SippMessages, "REFER");
        Assert.Equal(2, refers.Length);
        Assert.Equal(refers[0] + 1, refers[1]);
        Assert.True(CSeqs(run.SippMessages, "BYE").Single() > refers[1], run.Describe());
    }

    [Fact(Timeout = 40_000)]
    public async Task AWrongPasswordIsRefusedAndTheReferEndsInErrorWithoutLooping()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var http = await TestHttpServer.StartAsync(TestFlows.Ok);

        // caller_challenge_401.xml verifies the digest: another password gets 403 and fails SIPp's call.
        var run = await SippCall.RunAsync(TestFlows.AnswerReferAndGoOn(http.BaseUrl + "/status"), "caller_challenge_401.xml", new[] { "--env", "SIP_PASSWORD=not-the-password" }, ct);

        Assert.NotEqual(0, run.SippExit);
        Assert.Equal("error", run.Call.SipReferResult);
        AssertReferVariables(run.Call, "error", referCode: "403", finalSipfrag: null);
        Assert.Equal(2, CSeqs(run.SippMessages, "REFER").Length);
        Assert.Equal(TestFlows.AnswerReferAndGoOnTrace, run.Call.Trace);
        Assert.Equal(new[] { "error" }, TestFlows.States(http)); // never accepted: no inProgress
    }

    [Fact(Timeout = 40_000)]
    public async Task AByeRightAfterThe202CancelsTheTransferAndEndsTheFlow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var http = await TestHttpServer.StartAsync(TestFlows.Ok);

        var run = await SippCall.RunAsync(TestFlows.AnswerReferAndGoOn(http.BaseUrl + "/status"), "caller_bye_after_202.xml", new[] { "--env", "SIP_PASSWORD=" + TestFlows.Password }, ct);

        Assert.True(run.SippExit == 0, run.Describe());
        Assert.True(run.SwmlExit == 0, run.Describe());
        var call = run.Call;
        Assert.Equal("cancel", call.SipReferResult);
        AssertReferVariables(call, "cancel", referCode: "202", finalSipfrag: null);

        // The call is over, so the flow is too: sip_refer is its last step (SWML stops with the call).
        Assert.Equal(TestFlows.AnswerReferAndGoOnTrace[..2], call.Trace);
        Assert.Equal("HungUp", call.EndReason);
        Assert.Equal(new[] { "inProgress", "cancel" }, TestFlows.States(http));
    }

    /// <summary>
    /// design.md: sip_refer_to, sip_refer_result (= return_value), sip_refer_response_code and
    /// sip_refer_to_response_code; codes are strings, absent when no such response arrived.
    /// </summary>
    internal static void AssertReferVariables(ReportedCall call, string result, string? referCode, string? finalSipfrag)
    {
        var because = $"vars: {call.Vars.ToJsonString()}";
        Assert.True(call.Var("sip_refer_to") == TestFlows.Target, because);
        Assert.True(call.Var("sip_refer_result") == result, because);
        Assert.True(call.Var("return_value") == result, because);
        AssertCode(call, "sip_refer_response_code", referCode);
        AssertCode(call, "sip_refer_to_response_code", finalSipfrag);
    }

    private static void AssertCode(ReportedCall call, string name, string? expected)
    {
        if (expected is null)
        {
            Assert.False(call.Vars.ContainsKey(name), $"{name} must be absent: {call.Vars.ToJsonString()}");
            return;
        }

        Assert.True(call.Vars[name] is { } value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == expected, $"{name} must be the string \"{expected}\": {call.Vars.ToJsonString()}");
    }

    private static int[] CSeqs(string messages, string method) =>
        Regex.Matches(messages, $@"^CSeq:\s*(\d+)\s+{method}\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .ToArray();
}

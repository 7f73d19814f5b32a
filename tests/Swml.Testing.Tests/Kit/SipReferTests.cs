using System.Text.Json.Nodes;
using Swml.Runtime.Flow;
using Swml.Sip.Events;

namespace Swml.Testing.Tests.Kit;

/// <summary>Every scripted REFER behaviour, through an interpreted flow, checked against design.md.</summary>
public sealed class SipReferTests
{
    private const string StatusUrl = "https://hooks.example.com/refer";
    private const string Password = "s3cret-Pw";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Flow(bool credentials = false, bool statusUrl = true) => $$"""
        version: 1.0.0
        sections:
          main:
            - answer: {}
            - sip_refer:
                to_uri: sip:carol@example.com{{(statusUrl ? "\n        status_url: " + StatusUrl : "")}}{{(credentials ? "\n        username: alice\n        password: " + Password : "")}}
            - play:
                url: "say: transfer ${sip_refer_result}"
        """;

    [Fact]
    public async Task AcceptedThenNotify100And200IsSuccess()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Accepts().ThenNotifies(100, 200)).RunAsync(Ct);

        Assert.Equal(FlowEndReason.Completed, run.EndReason);
        Assert.Equal(new[] { "answer", "sip_refer", "play" }, run.Methods);
        Assert.Equal("success", run.Variables["sip_refer_result"]);
        Assert.Equal("success", run.Variables["return_value"]);
        Assert.Equal("sip:carol@example.com", run.Variables["sip_refer_to"]);
        Assert.Equal("202", run.Variables["sip_refer_response_code"]);
        Assert.Equal("200", run.Variables["sip_refer_to_response_code"]);
        Assert.Equal(new[] { "inProgress", "success" }, run.Callbacks.Select(c => c.State));
        Assert.Equal(new[] { "say: transfer success" }, run.Played); // the flow goes on after sip_refer
        Assert.Null(run.ScriptError);
    }

    [Fact]
    public async Task CallbackBodiesAreExactlyTheDesignedShape()
    {
        var run = await SwmlTest.For(Flow())
            .WithCall(c => c.Refer.Accepts().ThenWaits(TimeSpan.FromSeconds(2)).ThenNotifies(100, 200))
            .RunAsync(Ct);

        var start = (TestClock.DefaultStart - DateTimeOffset.UnixEpoch).TotalSeconds;
        var expectedInProgress = new JsonObject
        {
            ["event_type"] = "calling.call.refer",
            ["event_channel"] = "swml:test-run-id",
            ["timestamp"] = start,
            ["project_id"] = FakeCall.DefaultProjectId,
            ["space_id"] = FakeCall.DefaultSpaceId,
            ["params"] = new JsonObject
            {
                ["call_id"] = FakeCall.DefaultCallId,
                ["node_id"] = FakeCall.DefaultNodeId,
                ["sip_refer_to"] = "sip:carol@example.com",
                ["state"] = "inProgress",
                ["sip_refer_response_code"] = "202",
                ["segment_id"] = FakeCall.DefaultSegmentId,
            },
        };
        var expectedFinal = new JsonObject
        {
            ["event_type"] = "calling.call.refer",
            ["event_channel"] = "swml:test-run-id",
            ["timestamp"] = start + 2,
            ["project_id"] = FakeCall.DefaultProjectId,
            ["space_id"] = FakeCall.DefaultSpaceId,
            ["params"] = new JsonObject
            {
                ["call_id"] = FakeCall.DefaultCallId,
                ["node_id"] = FakeCall.DefaultNodeId,
                ["sip_refer_to"] = "sip:carol@example.com",
                ["state"] = "success",
                ["sip_refer_response_code"] = "202",
                ["sip_notify_response_code"] = "200",
                ["segment_id"] = FakeCall.DefaultSegmentId,
            },
        };

        Assert.Equal(2, run.Callbacks.Count);
        Assert.All(run.Callbacks, c => Assert.Equal(StatusUrl, c.Url));
        Assert.All(run.Callbacks, c => Assert.Equal(FakeCall.DefaultCallId, c.CallId));
        Assert.True(JsonNode.DeepEquals(expectedInProgress, run.Callbacks[0].Body), run.Callbacks[0].Body.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expectedFinal, run.Callbacks[1].Body), run.Callbacks[1].Body.ToJsonString());
    }

    [Theory]
    [InlineData(486)]
    [InlineData(600)]
    public async Task FinalNotify486Or600IsBusy(int code)
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Accepts().ThenNotifies(100, code)).RunAsync(Ct);

        Assert.Equal("busy", run.Variables["sip_refer_result"]);
        Assert.Equal("202", run.Variables["sip_refer_response_code"]);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Variables["sip_refer_to_response_code"]);
        Assert.Equal(new[] { "inProgress", "busy" }, run.Callbacks.Select(c => c.State));
        Assert.Equal(new[] { "say: transfer busy" }, run.Played);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(480)]
    [InlineData(487)]
    public async Task FinalNotify408Or480Or487IsNoAnswer(int code)
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Accepts().ThenNotifies(100, 180, code)).RunAsync(Ct);

        Assert.Equal("noAnswer", run.Variables["sip_refer_result"]);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Variables["sip_refer_to_response_code"]);
        Assert.Equal(new[] { "inProgress", "noAnswer" }, run.Callbacks.Select(c => c.State));
        Assert.Equal("noAnswer", run.Callbacks[1].Params["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(503)]
    [InlineData(603)]
    [InlineData(404)]
    [InlineData(302)]
    public async Task OtherFinalNotifyIsError(int code)
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Accepts().ThenNotifies(code)).RunAsync(Ct);

        Assert.Equal("error", run.Variables["sip_refer_result"]);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Variables["sip_refer_to_response_code"]);
        Assert.Equal(new[] { "inProgress", "error" }, run.Callbacks.Select(c => c.State));
    }

    [Theory]
    [InlineData(405)]
    [InlineData(603)]
    [InlineData(486)]
    [InlineData(481)]
    public async Task RejectedReferIsErrorWithoutInProgress(int code)
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Rejects(code)).RunAsync(Ct);

        var text = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("error", run.Variables["sip_refer_result"]);
        Assert.Equal("error", run.Variables["return_value"]);
        Assert.Equal(text, run.Variables["sip_refer_response_code"]);
        Assert.False(run.Variables.IsSet("sip_refer_to_response_code"));
        var callback = Assert.Single(run.Callbacks);
        Assert.Equal("error", callback.State);
        Assert.Equal(text, callback.Params["sip_refer_response_code"]!.GetValue<string>());
        Assert.False(callback.Params.ContainsKey("sip_notify_response_code"));
        Assert.Equal(new[] { "say: transfer error" }, run.Played);
    }

    [Fact]
    public async Task ChallengeMetWithCredentialsThenAcceptedIsSuccess()
    {
        var run = await SwmlTest.For(Flow(credentials: true))
            .WithCall(c => c.Refer.Challenges(407, "alice", Password).ThenAccepts().ThenNotifies(100, 200))
            .RunAsync(Ct);

        Assert.Equal("success", run.Variables["sip_refer_result"]);
        Assert.Equal("202", run.Variables["sip_refer_response_code"]);
        Assert.Equal("200", run.Variables["sip_refer_to_response_code"]);
        Assert.Equal(new[] { "inProgress", "success" }, run.Callbacks.Select(c => c.State));
        var refer = Assert.Single(run.Refers);
        Assert.Equal("sip:carol@example.com", refer.ToUri);
        Assert.Equal("alice", refer.Username);
        Assert.True(refer.PasswordOffered);
        Assert.Equal(new[] { 407 }, refer.Challenges);
        Assert.Equal(1, refer.ChallengesMet);
    }

    [Fact]
    public async Task ChallengeWithoutCredentialsIsErrorNotAHang()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Challenges(407).ThenAccepts().ThenNotifies(200)).RunAsync(Ct);

        Assert.Equal("error", run.Variables["sip_refer_result"]);
        Assert.Equal("407", run.Variables["sip_refer_response_code"]);
        Assert.False(run.Variables.IsSet("sip_refer_to_response_code"));
        Assert.Equal(new[] { "error" }, run.Callbacks.Select(c => c.State));
        var refer = Assert.Single(run.Refers);
        Assert.Null(refer.Username);
        Assert.False(refer.PasswordOffered);
        Assert.Equal(0, refer.ChallengesMet);
        Assert.Equal(TimeSpan.Zero, run.Clock.Elapsed); // answered at once, no timer ran out
    }

    [Fact]
    public async Task ChallengeWithWrongCredentialsIsError()
    {
        var run = await SwmlTest.For(Flow(credentials: true))
            .WithCall(c => c.Refer.Challenges(401, "alice", "another-password").ThenAccepts().ThenNotifies(200))
            .RunAsync(Ct);

        Assert.Equal("error", run.Variables["sip_refer_result"]);
        Assert.Equal("401", run.Variables["sip_refer_response_code"]);
    }

    [Fact]
    public async Task SecondChallengeIsNotAnsweredAgainUnlessStale()
    {
        var looping = await SwmlTest.For(Flow(credentials: true))
            .WithCall(c => c.Refer.Challenges().Challenges().ThenAccepts().ThenNotifies(200))
            .RunAsync(Ct);
        var stale = await SwmlTest.For(Flow(credentials: true))
            .WithCall(c => c.Refer.Challenges().Challenges(stale: true).ThenAccepts().ThenNotifies(200))
            .RunAsync(Ct);

        Assert.Equal("error", looping.Variables["sip_refer_result"]);
        Assert.Equal("407", looping.Variables["sip_refer_response_code"]);
        Assert.Equal("success", stale.Variables["sip_refer_result"]);
        Assert.Equal(2, stale.Refers[0].ChallengesMet);
    }

    [Fact]
    public async Task ReferNobodyAnswersTimesOutAsError()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.NeverAnswers()).RunAsync(Ct);

        Assert.Equal("error", run.Variables["sip_refer_result"]);
        Assert.False(run.Variables.IsSet("sip_refer_response_code"));
        Assert.False(run.Variables.IsSet("sip_refer_to_response_code"));
        var callback = Assert.Single(run.Callbacks);
        Assert.Equal("error", callback.State);
        Assert.False(callback.Params.ContainsKey("sip_refer_response_code"));
        Assert.Equal(run.Call.ReferTimeout, run.Clock.Elapsed); // Timer F, on the virtual clock
        Assert.Equal(new SubscriptionEnd(SubscriptionEndKind.ReferTimedOut), run.Refers[0].Result!.SubscriptionEnd);
        Assert.Equal(new[] { "say: transfer error" }, run.Played);
    }

    [Fact]
    public async Task AcceptedWithoutAnyNotifyIsErrorAfterTheSubscriptionWait()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.AcceptsAndNeverNotifies()).RunAsync(Ct);

        Assert.Equal("error", run.Variables["sip_refer_result"]);
        Assert.Equal("202", run.Variables["sip_refer_response_code"]);
        Assert.False(run.Variables.IsSet("sip_refer_to_response_code"));
        Assert.Equal(new[] { "inProgress", "error" }, run.Callbacks.Select(c => c.State));
        Assert.Equal(run.Call.NotifyTimeout, run.Clock.Elapsed);
        Assert.Equal(new SubscriptionEnd(SubscriptionEndKind.NoFirstNotify), run.Refers[0].Result!.SubscriptionEnd);
    }

    [Fact]
    public async Task OnlyProvisionalNotifiesIsError()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Accepts().ThenNotifies(100, 180)).RunAsync(Ct);

        Assert.Equal("error", run.Variables["sip_refer_result"]);
        Assert.False(run.Variables.IsSet("sip_refer_to_response_code"));
        Assert.Equal(new[] { "inProgress", "error" }, run.Callbacks.Select(c => c.State));
        Assert.Equal(new[] { 100, 180 }, run.Refers[0].Result!.NotifyCodes);
        Assert.Equal(new SubscriptionEnd(SubscriptionEndKind.NoFinalNotify), run.Refers[0].Result!.SubscriptionEnd);
    }

    [Fact]
    public async Task HangUpAfterAcceptIsCancelAndEndsTheFlow()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.HangsUpAfterAccept()).RunAsync(Ct);

        Assert.Equal("cancel", run.Variables["sip_refer_result"]);
        Assert.Equal("cancel", run.Variables["return_value"]);
        Assert.Equal("202", run.Variables["sip_refer_response_code"]);
        Assert.False(run.Variables.IsSet("sip_refer_to_response_code"));
        Assert.Equal(new[] { "inProgress", "cancel" }, run.Callbacks.Select(c => c.State));
        Assert.Equal(FlowEndReason.HungUp, run.EndReason);
        Assert.True(run.Call.FarEndHungUp);
        Assert.Empty(run.Played); // the call is gone: nothing after sip_refer runs
    }

    [Fact]
    public async Task HangUpBeforeAnyResponseIsCancelWithoutInProgress()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.HangsUpDuring("sip_refer")).RunAsync(Ct);

        Assert.Equal("cancel", run.Variables["sip_refer_result"]);
        Assert.False(run.Variables.IsSet("sip_refer_response_code"));
        Assert.Equal(new[] { "cancel" }, run.Callbacks.Select(c => c.State));
        Assert.Equal(FlowEndReason.HungUp, run.EndReason);
    }

    [Fact]
    public async Task SuccessThenByeFromTheTransfereeKeepsSuccessAndEndsTheFlow()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Accepts().ThenNotifies(100, 200).ThenHangsUp()).RunAsync(Ct);

        Assert.Equal("success", run.Variables["sip_refer_result"]);
        Assert.Equal(new[] { "inProgress", "success" }, run.Callbacks.Select(c => c.State));
        Assert.Equal(FlowEndReason.HungUp, run.EndReason);
        Assert.Empty(run.Played);
    }

    [Fact]
    public async Task NotifyBeforeTheAcceptIsAnImplicitAcceptWithOneInProgress()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Notifies(100).ThenAccepts().ThenNotifies(200)).RunAsync(Ct);

        Assert.Equal("success", run.Variables["sip_refer_result"]);
        Assert.Equal("202", run.Variables["sip_refer_response_code"]);
        Assert.Equal(new[] { "inProgress", "success" }, run.Callbacks.Select(c => c.State));
        Assert.Equal("100", run.Callbacks[0].Params["sip_notify_response_code"]!.GetValue<string>());
        Assert.False(run.Callbacks[0].Params.ContainsKey("sip_refer_response_code"));
    }

    [Fact]
    public async Task NotifiesAfterTheFinalOneChangeNothing()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Accepts().ThenNotifies(100, 486, 200)).RunAsync(Ct);

        Assert.Equal("busy", run.Variables["sip_refer_result"]);
        Assert.Equal(new[] { 100, 486 }, run.Refers[0].Result!.NotifyCodes);
    }

    [Fact]
    public async Task WithoutStatusUrlThereAreNoCallbacks()
    {
        var run = await SwmlTest.For(Flow(statusUrl: false)).WithCall(c => c.Refer.Accepts().ThenNotifies(200)).RunAsync(Ct);

        Assert.Equal("success", run.Variables["sip_refer_result"]);
        Assert.Empty(run.Callbacks);
    }

    [Fact]
    public async Task AnUnscriptedReferSucceeds()
    {
        var run = await SwmlTest.For(Flow()).RunAsync(Ct);

        Assert.Equal("success", run.Variables["sip_refer_result"]);
        Assert.Equal(new[] { 100, 200 }, run.Refers[0].Result!.NotifyCodes);
    }

    [Fact]
    public async Task ASecondReferDoesNotKeepTheFirstOnesCodes()
    {
        const string swml = """
            sections:
              main:
                - sip_refer: {to_uri: "sip:first@example.com"}
                - set: {first: "${sip_refer_result}/${sip_refer_to_response_code}"}
                - sip_refer: {to_uri: "sip:second@example.com"}
            """;
        var run = await SwmlTest.For(swml)
            .WithCall(c =>
            {
                c.ReferNumber(1).Accepts().ThenNotifies(200);
                c.ReferNumber(2).Rejects(405);
            })
            .RunAsync(Ct);

        Assert.Equal("success/200", run.Variables["first"]);
        Assert.Equal("error", run.Variables["sip_refer_result"]);
        Assert.Equal("405", run.Variables["sip_refer_response_code"]);
        Assert.False(run.Variables.IsSet("sip_refer_to_response_code"));
        Assert.Equal(new[] { "sip:first@example.com", "sip:second@example.com" }, run.Refers.Select(r => r.ToUri));
    }

    [Fact]
    public async Task TheFlowCanBranchOnTheResult()
    {
        const string swml = """
            sections:
              main:
                - sip_refer: {to_uri: "sip:carol@example.com"}
                - switch:
                    variable: sip_refer_result
                    case:
                      busy:
                        - play: {url: "say: busy"}
                      success:
                        - hangup: {}
                    default:
                      - play: {url: "say: something else"}
            """;
        var busy = await SwmlTest.For(swml).WithCall(c => c.Refer.Accepts().ThenNotifies(486)).RunAsync(Ct);
        var success = await SwmlTest.For(swml).WithCall(c => c.Refer.Accepts().ThenNotifies(200)).RunAsync(Ct);

        Assert.Equal(new[] { "say: busy" }, busy.Played);
        Assert.Equal(FlowEndReason.HungUp, success.EndReason);
        Assert.Equal("hangup", success.Call.HangupReason);
    }

    [Fact]
    public async Task ThePasswordIsNeverInCallbacksTracesOrRecords()
    {
        var run = await SwmlTest.For(Flow(credentials: true))
            .WithCall(c => c.Refer.Challenges(407).ThenAccepts().ThenNotifies(100, 200))
            .RunAsync(Ct);

        Assert.Equal("success", run.Variables["sip_refer_result"]);
        var seen = string.Join(
            "\n",
            run.Callbacks.Select(c => c.ToString())
                .Concat(run.Trace.Select(t => t.ToString()))
                .Concat(run.Refers.Select(r => r.ToString()))
                .Append(run.Variables.Vars.ToJsonString())
                .Append(run.ToString()));
        Assert.DoesNotContain(Password, seen, StringComparison.Ordinal);
        Assert.Contains("alice", seen, StringComparison.Ordinal);
    }
}

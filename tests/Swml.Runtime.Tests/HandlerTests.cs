using System.Text.Json.Nodes;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

/// <summary>What the engine does with the handler's answers: variables a step sets, failures.</summary>
public sealed class HandlerTests
{
    private const string ReferArguments = """{"to_uri":"sip:support@example.com","status_url":"https://example.com/refer-status"}""";

    private static RecordingHandler ReferAnswers(string result, int toResponseCode) => new RecordingHandler().On(
        "sip_refer",
        StepOutcome.Set(
            ("sip_refer_to", JsonValue.Create("sip:support@example.com")),
            ("sip_refer_result", JsonValue.Create(result)),
            ("return_value", JsonValue.Create(result)),
            ("sip_refer_response_code", JsonValue.Create(202)),
            ("sip_refer_to_response_code", JsonValue.Create(toResponseCode))));

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task TheVariablesASipReferSetsPickTheSwitchCase(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "refer_and_report", ReferAnswers("success", 200));

        Assert.Equal(FlowEndReason.HungUp, run.Result.Reason);
        Assert.Equal(
            new[] { "main[0] answer", "main[1] play", "main[2] sip_refer", "main[3] switch", "main[3/case.success/0] hangup" },
            run.Trace);
        Assert.Equal(
            new[]
            {
                """main[0] answer {"max_duration":14400}""",
                """main[1] play {"urls":["say: Transferring you now."],"auto_answer":true,"volume":0,"say_voice":"Polly.Salli","say_language":"en-US","say_gender":"female"}""",
                $"main[2] sip_refer {ReferArguments}",
                """main[3/case.success/0] hangup {"reason":"hangup"}""",
            },
            run.Handler.Lines);
        Assert.Equal("\"success\"", run.Var("sip_refer_result"));
        Assert.Equal("202", run.Var("sip_refer_response_code"));
    }

    [Fact]
    public async Task TwoRunsOfOneGeneratedFlowKeepTheirOwnVariablesAndReadThemTyped()
    {
        // One instance, two calls: the states read each run's context, and each result reads typed.
        var flow = new Flows.ReferAndReport();
        var runs = await Task.WhenAll(
            flow.RunAsync(ReferAnswers("busy", 486), cancellationToken: TestContext.Current.CancellationToken),
            flow.RunAsync(ReferAnswers("success", 200), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("busy", new Flows.ReferAndReport.Variables(runs[0].Variables).SipReferResult);
        Assert.Equal("200", new Flows.ReferAndReport.Variables(runs[1].Variables).SipReferToResponseCode);
        Assert.Same(flow.Definition, new Flows.ReferAndReport().Definition);

        // An object value comes back as a copy: changing it changes no run.
        var value = new Flows.ReferAndReport.Variables(runs[1].Variables).ReturnValue!;
        Assert.Equal("success", (string?)value);
        Assert.NotSame(value, runs[1].Variables.Vars["return_value"]);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ABusyReferPlaysAndHangsUp(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "refer_and_report", ReferAnswers("busy", 486));

        Assert.Equal(
            new[] { "main[0] answer", "main[1] play", "main[2] sip_refer", "main[3] switch", "main[3/case.busy/0] play", "main[4] hangup" },
            run.Trace);
        Assert.Equal(new[] { "say: Transferring you now.", "say: Support is busy." }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AnyOtherReferResultTakesTheDefault(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "refer_and_report", ReferAnswers("failed", 603));

        Assert.Equal(
            new[] { "main[0] answer", "main[1] play", "main[2] sip_refer", "main[3] switch", "main[3/default/0] play", "main[4] hangup" },
            run.Trace);
        Assert.Equal(new[] { "say: Transferring you now.", "say: The transfer failed with 603." }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AStepThatFailsSetsScriptErrorAndTheFlowGoesOn(string kind)
    {
        var handler = new RecordingHandler().Throw("play", new InvalidOperationException("the media server is gone"));
        var run = await TestFlows.RunAsync(kind, "step_order", handler);

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(new[] { "main[0] answer", "main[1] play", "main[2] play" }, run.Trace);
        Assert.Equal("relay_script_method_execute_failed: play: the media server is gone", run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ScriptedOutcomesAreUsedInOrderAndTheLastRepeats(string kind)
    {
        var handler = new RecordingHandler().On(
            "play",
            StepOutcome.Set(("played", JsonValue.Create(1))),
            StepOutcome.Set(("played", JsonValue.Create(2))));
        var run = await TestFlows.RunAsync(kind, "goto_max", handler);

        Assert.Equal(5, run.Handler.Played.Length);
        Assert.Equal("2", run.Var("played"));
    }
}

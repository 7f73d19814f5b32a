using Swml.Runtime.Flow;
using Swml.Runtime.Steps;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

public sealed class EndTests
{
    [Theory, ClassData(typeof(FlowKinds))]
    public async Task HangupEndsTheFlowAndTheHandlerHangsUpWithTheReason(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "hangup");

        Assert.Equal(FlowEndReason.HungUp, run.Result.Reason);
        Assert.Equal(new[] { "main[0] answer", "main[1] hangup" }, run.Trace);
        Assert.Equal(new[] { """main[0] answer {"max_duration":14400}""", """main[1] hangup {"reason":"busy"}""" }, run.Handler.Lines);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AHangupThatFailsEndsTheFlowWithoutEscapingTheRun(string kind)
    {
        var handler = new RecordingHandler().Throw("hangup", new InvalidOperationException("the transport is gone"));
        var run = await TestFlows.RunAsync(kind, "hangup", handler);

        Assert.Equal(FlowEndReason.HungUp, run.Result.Reason);
        Assert.Equal("relay_script_method_execute_failed: hangup: the transport is gone", run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AHangupAfterTooManyJumpsThatFailsDoesNotEscapeTheRunEither(string kind)
    {
        var handler = new RecordingHandler().Throw("hangup", new InvalidOperationException("the transport is gone"));
        var run = await TestFlows.RunAsync(kind, "too_many_jumps", handler);

        Assert.Equal(FlowEndReason.LimitExceeded, run.Result.Reason);
        Assert.Contains("hangup: the transport is gone", run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ScriptErrorNeverCarriesAUrlsPassword(string kind)
    {
        // The fetch fails with a message that quotes the URL, password and all, as some do.
        var options = new FlowRunOptions { Envs = TestJson.Object("""{"pw": "s3cret"}""") };
        var run = await TestFlows.RunAsync(kind, "execute_url_with_password", options: options);

        Assert.Equal("https://alice:s3cret@docs.example.com/next", Assert.Single(run.Handler.Fetches).Url);
        Assert.DoesNotContain("s3cret", run.Result.ScriptError, StringComparison.Ordinal);
        Assert.Contains("docs.example.com/next", run.Result.ScriptError, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", run.Var("seen"), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AStepDuringWhichTheCallEndsEndsTheFlow(string kind)
    {
        var handler = new RecordingHandler().On("play", new StepOutcome { CallEnded = true });
        var run = await TestFlows.RunAsync(kind, "step_order", handler);

        Assert.Equal(FlowEndReason.HungUp, run.Result.Reason);
        Assert.Equal(new[] { "main[0] answer", "main[1] play" }, run.Trace);

        // The call is already over, so the engine does not hang up again.
        Assert.DoesNotContain(run.Handler.Invocations, i => i.Method == "hangup");
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AReturnAtTopLevelEndsTheScriptWithItsValue(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "return_top_level");

        Assert.Equal(FlowEndReason.Returned, run.Result.Reason);
        Assert.Equal(new[] { "main[0] play", "main[1] cond", "main[1/[0].then/0] return" }, run.Trace);
        Assert.Equal("42", TestJson.Text(run.Result.ReturnValue));
        Assert.Equal(new[] { "say: before" }, run.Handler.Played);
        Assert.DoesNotContain(run.Handler.Invocations, i => i.Method == "hangup");
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task RunningOffTheEndOfMainCompletesWithoutAValue(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "cond_no_match");

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Null(run.Result.ReturnValue);
    }
}

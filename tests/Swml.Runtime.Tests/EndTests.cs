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

using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

public sealed class StepOrderTests
{
    [Theory, ClassData(typeof(FlowKinds))]
    public async Task StepsRunInOrderStartingAtMain(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "step_order");

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(new[] { "main[0] answer", "main[1] play", "main[2] play" }, run.Trace);
        Assert.Equal(new[] { "say: one", "say: two" }, run.Handler.Played);
        Assert.Null(run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task EachStepReachesTheHandlerWithItsIdAndArguments(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "step_order");

        Assert.Equal(
            new[]
            {
                """main[0] answer {"max_duration":14400}""",
                """main[1] play {"urls":["say: one"],"auto_answer":true,"volume":0,"say_voice":"Polly.Salli","say_language":"en-US","say_gender":"female"}""",
                """main[2] play {"urls":["say: two"],"auto_answer":true,"volume":0,"say_voice":"Polly.Salli","say_language":"en-US","say_gender":"female"}""",
            },
            run.Handler.Lines);
    }
}

using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;
using static Swml.Runtime.Tests.Infrastructure.Traces;

namespace Swml.Runtime.Tests;

public sealed class LimitTests
{
    [Theory, ClassData(typeof(FlowKinds))]
    public async Task The33rdGotoEndsTheCall(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "goto_default_max");

        // 32 gotos jump; the 33rd (n = 33) is one too many.
        Assert.Equal(FlowEndReason.LimitExceeded, run.Result.Reason);
        Assert.Equal(Concat(new[] { "main[0] set" }, Repeat(33, "main[1] label", "main[2] set", "main[3] goto")), run.Trace);
        Assert.Equal("33", run.Var("n"));
        Assert.Equal("relay_script_too_many_transfers", run.Result.ScriptError);
        AssertHungUpByTheEngine(run);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task GotosAndTransfersShareTheBudgetAndThe33rdEndsTheCall(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "too_many_jumps");

        // Jump 1 is main's transfer; then, for n = 1..32, odd n jumps with the goto and even n with the
        // transfer, so jump k is taken at n = k - 1 and jump 33 is the transfer at n = 32.
        var expected = new List<string> { "main[0] set", "main[1] transfer" };
        for (var n = 1; n <= 32; n++)
        {
            expected.AddRange(new[] { "loop[0] label", "loop[1] set", "loop[2] goto" });
            if (n % 2 == 0)
            {
                expected.Add("loop[3] transfer");
            }
        }

        Assert.Equal(FlowEndReason.LimitExceeded, run.Result.Reason);
        Assert.Equal(expected, run.Trace);
        Assert.Equal("32", run.Var("n"));
        Assert.Equal("relay_script_too_many_transfers", run.Result.ScriptError);
        AssertHungUpByTheEngine(run);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ExecutesMayNest32Deep(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_depth", options: new FlowRunOptions { Envs = TestJson.Object("""{"limit": 32}""") });

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(
            Concat(
                new[] { "main[0] set", "main[1] execute" },
                Repeat(31, "deeper[0] set", "deeper[1] cond", "deeper[1/[0].then/0] execute"),
                new[] { "deeper[0] set", "deeper[1] cond", "deeper[2] return" },
                Repeat(31, "deeper[2] return")),
            run.Trace);
        Assert.Equal("32", run.Var("depth"));
        Assert.Equal("32", run.Var("return_value"));
        Assert.Null(run.Result.ScriptError);
        Assert.Empty(run.Handler.Invocations);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task The33rdNestedExecuteEndsTheCall(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_depth", options: new FlowRunOptions { Envs = TestJson.Object("""{"limit": 33}""") });

        Assert.Equal(FlowEndReason.LimitExceeded, run.Result.Reason);
        Assert.Equal(
            Concat(
                new[] { "main[0] set", "main[1] execute" },
                Repeat(32, "deeper[0] set", "deeper[1] cond", "deeper[1/[0].then/0] execute")),
            run.Trace);
        Assert.Equal("32", run.Var("depth"));
        Assert.Equal("relay_script_nested_too_deep", run.Result.ScriptError);
        AssertHungUpByTheEngine(run);
    }

    /// <summary>The handler's only call: the hangup the engine makes itself (no step of the flow, so no step id).</summary>
    private static void AssertHungUpByTheEngine(FlowRun run)
    {
        var hangup = Assert.Single(run.Handler.Invocations);
        Assert.Equal("hangup", hangup.Method);
        Assert.Equal(default, hangup.Step);
        Assert.Equal("""{"reason":"hangup"}""", hangup.Arguments);
    }
}

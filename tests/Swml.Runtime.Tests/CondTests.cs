using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

public sealed class CondTests
{
    [Theory, ClassData(typeof(FlowKinds))]
    public async Task TheFirstTrueEntryRunsAndNoOther(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "cond_first_true");

        Assert.Equal(new[] { "main[0] set", "main[1] cond", "main[1/[0].then/0] play", "main[2] play" }, run.Trace);
        Assert.Equal(new[] { "say: more than one", "say: after the cond" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task TheElseEntryRunsWhenNoConditionIsTrue(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "cond_else");

        Assert.Equal(new[] { "main[0] set", "main[1] cond", "main[1/[2].else/0] play", "main[2] play" }, run.Trace);
        Assert.Equal(new[] { "say: else", "say: after the cond" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AnEntrysOwnElseRunsWhenItsConditionIsFalseAndEndsTheCond(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "cond_entry_else");

        Assert.Equal(new[] { "main[0] set", "main[1] cond", "main[1/[0].else/0] play", "main[2] play" }, run.Trace);
        Assert.Equal(new[] { "say: not negative", "say: after the cond" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task NoTrueConditionAndNoElseFallsThrough(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "cond_no_match");

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(new[] { "main[0] set", "main[1] cond", "main[2] play" }, run.Trace);
        Assert.Equal(new[] { "say: after the cond" }, run.Handler.Played);
        Assert.Null(run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AnInterpolationInAConditionIsPastedInAsText(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "cond_interpolated_when");

        Assert.Equal(
            new[] { "main[0] set", "main[1] cond", "main[1/[0].then/0] play", "main[2] cond", "main[2/[1].else/0] play" },
            run.Trace);
        Assert.Equal(new[] { "say: pasted as text", "say: a bare pasted string is a JavaScript error" }, run.Handler.Played);
        Assert.StartsWith("relay_script_js_eval_error: ", run.Result.ScriptError);
        Assert.EndsWith(" (in 'green == 'green'')", run.Result.ScriptError);
    }
}

using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;
using static Swml.Runtime.Tests.Infrastructure.Traces;

namespace Swml.Runtime.Tests;

public sealed class GotoTests
{
    [Theory, ClassData(typeof(FlowKinds))]
    public async Task GotoJumpsForwardToALabel(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "goto_forward");

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(new[] { "main[0] goto", "main[2] label", "main[3] play" }, run.Trace);
        Assert.Equal(new[] { "say: after the label" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task LabelPlayGotoWithMax3PlaysFourTimes(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "goto_max");

        Assert.Equal(
            Concat(Repeat(4, "main[0] label", "main[1] play", "main[2] goto"), new[] { "main[3] play" }),
            run.Trace);
        Assert.Equal(
            Concat(Repeat(4, "say: This speech will be repeated 4 times."), new[] { "say: done" }),
            run.Handler.Played);
        Assert.Null(run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task GotoJumpsBackWhileItsConditionHolds(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "goto_when");

        Assert.Equal(
            Concat(new[] { "main[0] set" }, Repeat(3, "main[1] label", "main[2] set", "main[3] goto"), new[] { "main[4] play" }),
            run.Trace);
        Assert.Equal("3", run.Var("count"));
        Assert.Equal(new[] { "say: counted to 3" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task TwoGotosToOneLabelShareItsMax(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "goto_max_shared");

        // n=1: the first goto jumps (1 of 3); n=2: its condition is false, the second jumps (2);
        // n=3: the first jumps (3); n=4: the first's condition is false and the second has no jumps left.
        Assert.Equal(
            new[]
            {
                "main[0] set",
                "main[1] label", "main[2] set", "main[3] goto",
                "main[1] label", "main[2] set", "main[3] goto", "main[4] goto",
                "main[1] label", "main[2] set", "main[3] goto",
                "main[1] label", "main[2] set", "main[3] goto", "main[4] goto", "main[5] play",
            },
            run.Trace);
        Assert.Equal("4", run.Var("n"));
        Assert.Equal(new[] { "say: n is 4" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task GotoWithoutMaxJumpsAHundredTimes(string kind)
    {
        // The call's limit of 32 jumps would end the flow first; raise it to see the goto's own max.
        var options = new FlowRunOptions { Limits = new FlowLimits { MaxJumps = 1000 } };
        var run = await TestFlows.RunAsync(kind, "goto_default_max", options: options);

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(
            Concat(new[] { "main[0] set" }, Repeat(101, "main[1] label", "main[2] set", "main[3] goto"), new[] { "main[4] play" }),
            run.Trace);
        Assert.Equal("101", run.Var("n"));
        Assert.Equal(new[] { "say: n is 101" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task GotoIntoACondBranchRunsTheRestOfTheBranchThenTheStepsAfterTheCond(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "goto_into_branch");

        Assert.Equal(
            new[] { "main[0] goto", "main[2/[0].then/0] label", "main[2/[0].then/1] play", "main[3] play" },
            run.Trace);
        Assert.Equal(new[] { "say: inside the branch", "say: after the cond" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task GotoOutOfACondBranchLeavesTheBranch(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "goto_out_of_branch");

        Assert.Equal(
            new[]
            {
                "main[0] set",
                "main[1] label", "main[2] set", "main[3] cond", "main[3/[0].then/0] play", "main[3/[0].then/1] goto",
                "main[1] label", "main[2] set", "main[3] cond", "main[3/[0].then/0] play", "main[3/[0].then/1] goto",
                "main[1] label", "main[2] set", "main[3] cond", "main[3/[1].else/0] play",
                "main[4] play",
            },
            run.Trace);
        Assert.Equal(new[] { "say: try 1", "say: try 2", "say: giving up after 3", "say: done" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task GotoInAnExecutedSectionStaysInThatSection(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "goto_in_subroutine");

        Assert.Equal(
            Concat(
                new[] { "main[0] set", "main[1] label", "main[2] execute" },
                Repeat(3, "counter[0] label", "counter[1] set", "counter[2] goto"),
                new[] { "counter[3] return", "main[3] play" }),
            run.Trace);
        Assert.Equal(new[] { "say: counted to 3" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AComputedLabelThatNamesNoLabelIsAnErrorAndTheFlowGoesOn(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "goto_computed_label");

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(new[] { "main[0] set", "main[1] goto", "main[2] set", "main[3] goto", "main[5] label" }, run.Trace);
        Assert.Equal("relay_script_method_parameter_invalid_value: no label 'nowhere' in section 'main'", run.Result.ScriptError);
        Assert.Empty(run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AGotosMaxCountsForTheWholeCallNotEachExecute(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "goto_max_across_executes");

        // The first execute jumps twice (3 tries); the second finds the label's max used up (1 try).
        Assert.Equal(
            Concat(
                new[] { "main[0] execute" },
                Repeat(3, "retry[0] label", "retry[1] play", "retry[2] goto"),
                new[] { "main[1] execute" },
                Repeat(1, "retry[0] label", "retry[1] play", "retry[2] goto")),
            run.Trace);
        Assert.Equal(4, run.Handler.Played.Length);
    }
}

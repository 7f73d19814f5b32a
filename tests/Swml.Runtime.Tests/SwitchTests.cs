using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

public sealed class SwitchTests
{
    [Theory, ClassData(typeof(FlowKinds))]
    public async Task TheValueIsComparedAsAString(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "switch_string");

        Assert.Equal(
            new[] { "main[0] set", "main[1] switch", "main[1/case.5/0] play", "main[2] switch", "main[2/case.true/0] play", "main[3] play" },
            run.Trace);
        Assert.Equal(new[] { "say: foo is five", "say: flag is true", "say: after the switch" }, run.Handler.Played);
        Assert.Equal("5", run.Var("foo"));
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task DefaultRunsWhenNoCaseMatches(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "switch_default");

        Assert.Equal(new[] { "main[0] set", "main[1] switch", "main[1/default/0] play", "main[2] play" }, run.Trace);
        Assert.Equal(new[] { "say: default for green", "say: after the switch" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task NoMatchAndNoDefaultSetsScriptErrorAndTheFlowGoesOn(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "switch_no_match");

        // The engine sets script_error and continues with the next step (the checker's SWML0407 says it stops).
        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(new[] { "main[0] set", "main[1] switch", "main[2] play" }, run.Trace);
        Assert.Equal("relay_script_method_no_matching_condition: no case of switch on 'color' matches 'green'", run.Result.ScriptError);
        Assert.Equal(new[] { "say: after the switch" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task TheVariableMayBeAPathIntoCallOrParams(string kind)
    {
        var options = new FlowRunOptions { Call = TestJson.Object("""{"type": "sip"}""") };
        var run = await TestFlows.RunAsync(kind, "switch_path", options: options);

        Assert.Equal(
            new[] { "main[0] switch", "main[0/case.sip/0] execute", "by_kind[0] switch", "by_kind[0/case.gold/0] play" },
            run.Trace);
        Assert.Equal(new[] { "say: gold over sip" }, run.Handler.Played);
    }
}

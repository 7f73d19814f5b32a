using Swml.Runtime.Expressions;
using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

public sealed class ExpressionTests
{
    [Theory, ClassData(typeof(FlowKinds))]
    public async Task JavaScriptSeesEveryScopeAndBareNames(string kind)
    {
        var options = new FlowRunOptions
        {
            Call = TestJson.Object("""{"from": "+15550001111", "type": "SIP"}"""),
            Envs = TestJson.Object("""{"region": "eu"}"""),
        };
        var run = await TestFlows.RunAsync(kind, "js_scopes", options: options);

        Assert.Equal(
            new[]
            {
                "main[0] set", "main[1] set", "main[2] execute",
                "check[0] cond", "check[0/[0].then/0] play", "check[1] goto", "check[3] label", "check[4] play", "check[5] set", "check[6] play",
                "main[3] set",
            },
            run.Trace);

        // cond sees call, params, envs and vars; goto's when sees bare names from vars, envs and call;
        // ${...} sees them all; once vars has region, the bare name means it, not envs.region.
        Assert.Equal(new[] { "say: scopes seen", "say: +1555 14 EU 2 eu", "say: us eu US" }, run.Handler.Played);
        Assert.Null(run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AVariableTheDocumentSetsLaterIsUndefinedBeforeThen(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "js_scopes", options: new FlowRunOptions { Call = TestJson.Object("""{"type": "sip"}""") });

        Assert.Equal("true", run.Var("late_check"));
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AValueJsonCannotHoldIsAScriptErrorNotACrash(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "js_unstorable");

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Null(run.Var("big"));
        Assert.Equal("2", run.Var("after"));
        Assert.Contains("relay_script_js_eval_error: its value cannot be stored", run.Var("set_error"));
        Assert.Contains("BigInt(1)", run.Var("set_error"));
        Assert.Equal(new[] { "say: still here" }, run.Handler.Played);
        Assert.Contains("BigInt(2)", run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AJavaScriptErrorSetsScriptErrorAndTheFlowGoesOn(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "js_errors");

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(
            new[]
            {
                "main[0] set", "main[1] set", "main[2] unset",
                "main[3] play", "main[4] set", "main[5] unset",
                "main[6] cond", "main[6/[1].else/0] play", "main[7] set", "main[8] unset",
                "main[9] goto", "main[10] play", "main[11] label",
            },
            run.Trace);

        // set: the failing key is not set, the others are.
        Assert.Equal("1", run.Var("before"));
        Assert.Null(run.Var("broken"));
        Assert.Equal("2", run.Var("after"));
        AssertJsError(run.Result.Variables.GetString("set_error"));

        // A method's arguments: the step is skipped, the handler never sees it.
        AssertJsError(run.Result.Variables.GetString("play_error"));
        Assert.Equal(new[] { "say: the else after a failed condition", "say: the goto did not jump" }, run.Handler.Played);

        // cond: the failing entry counts as false and the next one is tried; goto: no jump.
        AssertJsError(run.Result.Variables.GetString("cond_error"));
        AssertJsError(run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task APathWithNoValueInterpolatesAsEmpty(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "unknown_variable");

        Assert.Equal(new[] { "main[0] set", "main[1] play", "main[2] set" }, run.Trace);
        Assert.Equal(new[] { "say: [] [] [] [] []" }, run.Handler.Played);

        // As a whole value it is null.
        Assert.Equal("null", run.Var("whole"));
        Assert.Null(run.Result.ScriptError);
    }

    private static void AssertJsError(string? error)
    {
        Assert.NotNull(error);
        Assert.StartsWith("relay_script_js_eval_error: ", error);
        Assert.EndsWith(" (in 'JSON.parse('{')')", error);
    }

    [Fact]
    public void CodePastedTogetherAtRunTimeDoesNotFillTheExpressionCacheWithoutBound()
    {
        // As a condition with ${call.from} in it makes for each new caller.
        for (var caller = 0; caller < PreparedExpression.MaxCached + 500; caller++)
        {
            var prepared = PreparedExpression.Get($"'+1555{caller:D7}' == '+15550000001'");
            Assert.Null(prepared.ParseError);
        }

        Assert.True(PreparedExpression.CachedCount <= PreparedExpression.MaxCached);
        Assert.Same(PreparedExpression.Get("1 + 1"), PreparedExpression.Get("1 + 1"));
    }
}

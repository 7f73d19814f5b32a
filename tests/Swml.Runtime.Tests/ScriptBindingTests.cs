using System.Text.Json.Nodes;
using Swml.Runtime.Expressions;
using Swml.Runtime.Tests.Infrastructure;
using Swml.Runtime.Values;

namespace Swml.Runtime.Tests;

/// <summary>
/// How the variables reach JavaScript: bound into the engine once, then only what changed. Each
/// test evaluates once before changing the store, so a binding that is not updated shows.
/// </summary>
public sealed class ScriptBindingTests
{
    [Fact]
    public void AVariableSetAfterTheFirstEvaluationIsSeenInVarsAndByItsBareName()
    {
        var (store, scripts) = Make();
        Assert.Equal("undefined", Text(scripts, "typeof count"));

        store.Set("count", 1);
        Assert.Equal("1 1", Text(scripts, "count + ' ' + vars.count"));

        store.Set("count", 2);
        Assert.Equal("2 2", Text(scripts, "count + ' ' + vars.count"));
    }

    [Fact]
    public void AVariableNamedProtoIsReadThroughVarsAndLeavesTheGlobalsAlone()
    {
        // Set as a global, __proto__ would replace the global object's prototype (a response's
        // JSON can hold such a key, and save_variables keeps it).
        var (store, scripts) = Make(vars: """{"a": 1}""");
        Assert.Equal("number", Text(scripts, "typeof a"));

        store.Set("__proto__", JsonNode.Parse("""{"a": "from proto", "b": 2}"""));

        Assert.Equal("1 undefined", Text(scripts, "a + ' ' + typeof b"));
        Assert.Equal("2", Text(scripts, "vars['__proto__'].b"));
    }

    [Fact]
    public void AnUnsetVariableIsGoneFromVarsAndAsABareName()
    {
        var (store, scripts) = Make(vars: """{"x": 1}""");
        Assert.Equal("1", Text(scripts, "x"));

        store.Unset("x");

        Assert.Equal("undefined false false", Text(scripts, "typeof x + ' ' + ('x' in vars) + ' ' + ('x' in globalThis)"));
        var error = Assert.Throws<ScriptEvaluationException>(() => Text(scripts, "x"));
        Assert.Contains("x is not defined", error.Message);
    }

    [Fact]
    public void VarsKeepsTheStoresKeyOrder()
    {
        var (store, scripts) = Make(vars: """{"a": 1, "b": 2, "c": 3}""");
        Assert.Equal("a,b,c", Keys(scripts));

        // Replaced in place, added at the end, and unset then set again: back at the end.
        store.Set("b", 20);
        store.Set("d", 4);
        store.Unset("a");
        store.Set("a", 10);

        Assert.Equal("b,c,d,a", string.Join(",", store.Vars.Select(p => p.Key)));
        Assert.Equal("b,c,d,a", Keys(scripts));
        Assert.Equal("""{"b":20,"c":3,"d":4,"a":10}""", Text(scripts, "JSON.stringify(vars)"));
    }

    [Fact]
    public void ABareNameMeansVarsThenEnvsThenCall()
    {
        var (store, scripts) = Make(call: """{"region": "call", "from": "+1555"}""", envs: """{"region": "envs"}""");
        Assert.Equal("envs +1555", Text(scripts, "region + ' ' + from"));

        store.Set("region", "vars");
        Assert.Equal("vars", Text(scripts, "region"));

        // An unset var that envs also has falls back to the envs value, not to undefined.
        store.Unset("region");
        Assert.Equal("envs envs", Text(scripts, "region + ' ' + envs.region"));

        store.Set("from", "+1666");
        Assert.Equal("+1666 +1555", Text(scripts, "from + ' ' + call.from"));
        store.Unset("from");
        Assert.Equal("+1555", Text(scripts, "from"));
    }

    [Fact]
    public void ANameTheDocumentMaySetIsUndefinedWhileUnset()
    {
        var (store, scripts) = Make(declared: ["later"]);
        Assert.Equal("true", Text(scripts, "later === undefined"));

        store.Set("later", "now");
        Assert.Equal("now", Text(scripts, "later"));

        // Unset again it is undefined once more, not a ReferenceError.
        store.Unset("later");
        Assert.Equal("true", Text(scripts, "later === undefined"));
    }

    [Fact]
    public void NamesDeclaredMidRunAreUndefinedFromThenOn()
    {
        var (store, scripts) = Make();
        Assert.Throws<ScriptEvaluationException>(() => Text(scripts, "fetched"));

        scripts.Declare(["fetched", "also"]);
        Assert.Equal("true", Text(scripts, "fetched === undefined && also === undefined"));

        store.Set("fetched", 1);
        Assert.Equal("1", Text(scripts, "fetched"));
    }

    [Fact]
    public void AVariableNamedLikeAScopeDoesNotReplaceTheScope()
    {
        var (store, scripts) = Make(call: """{"from": "+1555"}""", declared: ["call"]);
        Assert.Equal("+1555", Text(scripts, "call.from"));

        store.Set("call", "shadow");
        store.Set("params", "shadow");

        Assert.Equal("+1555 object shadow shadow", Text(scripts, "call.from + ' ' + typeof params + ' ' + vars.call + ' ' + vars.params"));
    }

    [Fact]
    public void ParamsFollowPushPopAndReplace()
    {
        var (store, scripts) = Make();
        Assert.Equal("{}", Text(scripts, "JSON.stringify(params)"));

        store.PushParams(TestJson.Object("""{"a": 1}"""));
        Assert.Equal("1", Text(scripts, "params.a"));

        store.PushParams(TestJson.Object("""{"a": 2}"""));
        Assert.Equal("2", Text(scripts, "params.a"));

        store.PopParams();
        Assert.Equal("1", Text(scripts, "params.a"));

        store.ReplaceParams(TestJson.Object("""{"b": 3}"""));
        Assert.Equal("undefined 3", Text(scripts, "params.a + ' ' + params.b"));
    }

    [Fact]
    public void ARunBindsIntoOneEngineHoweverOftenVariablesChange()
    {
        var (store, scripts) = Make();
        for (var i = 0; i < 50; i++)
        {
            store.Set("i", i);
            store.PushParams(new JsonObject { ["i"] = i });
            Assert.Equal($"{i} {i}", Text(scripts, "i + ' ' + params.i"));
            store.PopParams();
        }

        Assert.Equal(1, scripts.EnginesCreated);
    }

    [Fact]
    public void ChangesUpdateTheBoundObjectsRatherThanRebuildThem()
    {
        var (store, scripts) = Make(call: """{"from": "+1555"}""", envs: """{"region": "eu"}""", vars: """{"x": 1}""");
        Assert.Equal("1", Text(scripts, "x"));
        var engine = scripts.CurrentEngine!;
        var (call, envs, vars, parameters) = (engine.GetValue("call"), engine.GetValue("envs"), engine.GetValue("vars"), engine.GetValue("params"));

        store.Set("x", 2);
        Assert.Equal("2", Text(scripts, "x"));
        Assert.Same(engine, scripts.CurrentEngine);
        Assert.Same(call, engine.GetValue("call"));
        Assert.Same(envs, engine.GetValue("envs"));
        Assert.Same(vars, engine.GetValue("vars"));
        Assert.Same(parameters, engine.GetValue("params"));

        // Params is another object once params are pushed; call and envs never change.
        store.PushParams(TestJson.Object("""{"a": 1}"""));
        Assert.Equal("1", Text(scripts, "params.a"));
        Assert.NotSame(parameters, engine.GetValue("params"));
        Assert.Same(call, engine.GetValue("call"));
        Assert.Same(envs, engine.GetValue("envs"));
    }

    [Fact]
    public void AFlowThatRunsNoJavaScriptRecordsNoChanges()
    {
        var (store, scripts) = Make();
        for (var i = 0; i < 1000; i++)
        {
            store.Set("name" + i, i);
        }

        Assert.False(store.IsWatched);
        Assert.Equal(0, scripts.EnginesCreated);

        // The first evaluation binds everything set so far.
        Assert.Equal("999", Text(scripts, "name999"));
        Assert.True(store.IsWatched);
    }

    private static (VariableStore Store, ScriptEvaluator Scripts) Make(string? call = null, string? envs = null, string? vars = null, string[]? declared = null)
    {
        var store = new VariableStore(
            call is null ? null : TestJson.Object(call),
            envs is null ? null : TestJson.Object(envs),
            vars is null ? null : TestJson.Object(vars));
        return (store, new ScriptEvaluator(store, declared));
    }

    private static string Keys(ScriptEvaluator scripts) => Text(scripts, "Object.keys(vars).join()");

    private static string Text(ScriptEvaluator scripts, string code) => scripts.EvaluateText(PreparedExpression.Get(code));
}

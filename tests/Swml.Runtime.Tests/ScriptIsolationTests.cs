using Swml.Runtime.Expressions;
using Swml.Runtime.Tests.Infrastructure;
using Swml.Runtime.Values;

namespace Swml.Runtime.Tests;

/// <summary>
/// JavaScript never changes SWML variables, and what one expression changes the next does not
/// see: SignalWire evaluates each expression on fresh values.
/// </summary>
public sealed class ScriptIsolationTests
{
    [Theory]
    [InlineData("list.push(4)", "list.length + ' ' + vars.list.length", "3 3")]
    [InlineData("vars.list.push(4)", "list.join() + ' ' + vars.list.join()", "1,2,3 1,2,3")]
    [InlineData("list.reverse()", "list.join()", "1,2,3")]
    [InlineData("list['sp' + 'lice'](0, 1)", "list.join()", "1,2,3")]
    [InlineData("Array.prototype.pop.call(list)", "list.join()", "1,2,3")]
    [InlineData("Object.assign(vars, {added: 1})", "typeof vars.added", "undefined")]
    [InlineData("delete vars.list", "typeof vars.list", "object")]
    [InlineData("vars.x = 7", "x + ' ' + vars.x", "1 1")]
    [InlineData("x = 5", "x", "1")]
    [InlineData("x++", "x", "1")]
    [InlineData("person.name = 'Bo'", "person.name", "Al")]
    [InlineData("call.from = 'changed'", "call.from", "+1555")]
    [InlineData("envs.region = 'changed'", "envs.region + ' ' + region", "eu eu")]
    [InlineData("params.a = 'changed'", "params.a", "p")]
    [InlineData("undeclared = 5", "typeof undeclared", "undefined")]
    [InlineData("Object.prototype.polluted = 1", "typeof vars.polluted", "undefined")]
    [InlineData("Array.prototype.push = () => 0", "[].push(1)", "1")]
    public void WhatAnExpressionChangesIsNotSeenByTheNext(string change, string check, string expected)
    {
        var (store, scripts) = Make();
        Assert.Equal(expected, Text(scripts, check));
        var before = TestJson.Text(store.Vars);

        Text(scripts, change);

        Assert.Equal(expected, Text(scripts, check));
        Assert.Equal(before, TestJson.Text(store.Vars));
    }

    [Fact]
    public void AChangeIsUndoneEvenWhenTheExpressionThenFails()
    {
        var (store, scripts) = Make();
        Assert.Equal("3", Text(scripts, "list.length"));

        Assert.Throws<ScriptEvaluationException>(() => Text(scripts, "list.push(4) && null.boom"));

        Assert.Equal("3", Text(scripts, "list.length"));
        Assert.Equal("[1,2,3]", TestJson.Text(store.Vars["list"]));
    }

    [Fact]
    public void AfterAChangeTheNextExpressionSeesTheStoreAndDeclaredNames()
    {
        var (store, scripts) = Make();
        scripts.Declare(["later"]);
        Text(scripts, "list.push(4)");

        store.Set("x", 2);
        store.PushParams(TestJson.Object("""{"a": "q"}"""));

        Assert.Equal("2 q 3 true", Text(scripts, "x + ' ' + params.a + ' ' + list.length + ' ' + (later === undefined)"));
    }

    [Fact]
    public void OnlyExpressionsThatMayChangeSomethingCostANewEngine()
    {
        var (_, scripts) = Make();
        Text(scripts, "list.map(n => n * 2).join() + call.from.substring(1) + JSON.stringify(person)");
        Assert.Equal(1, scripts.EnginesCreated);

        Text(scripts, "list.sort()");
        Text(scripts, "list.length");
        Assert.Equal(2, scripts.EnginesCreated);
    }

    private static (VariableStore Store, ScriptEvaluator Scripts) Make()
    {
        var store = new VariableStore(
            TestJson.Object("""{"from": "+1555"}"""),
            TestJson.Object("""{"region": "eu"}"""),
            TestJson.Object("""{"list": [1, 2, 3], "x": 1, "person": {"name": "Al"}}"""));
        store.PushParams(TestJson.Object("""{"a": "p"}"""));
        return (store, new ScriptEvaluator(store));
    }

    private static string Text(ScriptEvaluator scripts, string code) => scripts.EvaluateText(PreparedExpression.Get(code));
}

using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

public sealed class SetTests
{
    [Theory, ClassData(typeof(FlowKinds))]
    public async Task KeysAreSetInOrderSoLaterValuesReadEarlierOnes(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "set_order");

        Assert.Equal(new[] { "main[0] set", "main[1] play" }, run.Trace);
        Assert.Equal("100", run.Var("subtotal"));
        Assert.Equal("0.075", run.Var("tax_rate"));
        Assert.Equal("7.5", run.Var("tax"));
        Assert.Equal("107.5", run.Var("total"));
        Assert.Equal("\"Total: 107.50\"", run.Var("summary"));
        Assert.Equal(new[] { "say: 107.50" }, run.Handler.Played);
        Assert.Null(run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AWholeExpressionKeepsItsTypeAndAnythingAroundItMakesAString(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "set_types");

        Assert.Equal("2", run.Var("two"));
        Assert.Equal("true", run.Var("yes"));
        Assert.Equal("\"ab\"", run.Var("ab"));
        Assert.Equal("\" 2\"", run.Var("padded"));
        Assert.Equal("\"n=2\"", run.Var("mixed"));
        Assert.Null(run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ObjectsAndListsAreStoredWithTheirStringsInterpolated(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "set_types");

        const string person = """{"name":"Ann","greeting":"Hi Ann","langs":["en","fr"]}""";
        Assert.Equal(new[] { "main[0] set", "main[1] set" }, run.Trace);
        Assert.Equal(person, run.Var("person"));
        Assert.Equal("""[1,"two",3]""", run.Var("list"));

        // "${person}" copies the object; the later set of name changes neither.
        Assert.Equal(person, run.Var("copy"));
        Assert.Equal("\"Bob\"", run.Var("name"));
        Assert.Equal("2", run.Var("lang_count"));
        Assert.Equal("\"fr\"", run.Var("second_lang"));
        Assert.Equal($"\"person is {person.Replace("\"", "\\\"", StringComparison.Ordinal)}\"", run.Var("person_text"));
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AVarsPrefixedKeySetsThePlainName(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "set_types");

        Assert.Equal("1", run.Var("prefixed"));
        Assert.Null(run.Var("vars.prefixed"));
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task UnsetRemovesVariablesSoTheyInterpolateAsEmptyAndAreUndefinedInJavaScript(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "unset");

        Assert.Equal(new[] { "main[0] set", "main[1] unset", "main[2] unset", "main[3] play", "main[4] set" }, run.Trace);
        Assert.Equal(new[] { "say: [] [] [] [3]" }, run.Handler.Played);
        Assert.Null(run.Var("x"));
        Assert.Null(run.Var("y"));
        Assert.Null(run.Var("z"));
        Assert.Equal("3", run.Var("keep"));
        Assert.Equal("\"undefined\"", run.Var("x_type"));
        Assert.Null(run.Result.ScriptError);
    }
}

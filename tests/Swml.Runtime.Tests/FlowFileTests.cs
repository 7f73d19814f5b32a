using System.Text.RegularExpressions;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

/// <summary>The test flows themselves: each one can be made in every flow kind.</summary>
public sealed class FlowFileTests
{
    public static TheoryData<string, string> EveryFlowOfEveryKind()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new FlowKinds())
        {
            foreach (var name in TestFlows.All())
            {
                data.Add(kind.Data, name);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(EveryFlowOfEveryKind))]
    public void EveryFlowCanBeMade(string kind, string name)
    {
        var flow = TestFlows.Create(kind, name);

        Assert.NotNull(flow.Definition.Find("main"));
    }

    [Fact]
    public void FlowFilesHaveSnakeCaseNamesThatMakeDistinctClassNames()
    {
        var names = TestFlows.All().ToArray();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Matches(new Regex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$"), name));
        Assert.Equal(names.Length, names.Select(TestFlows.CompiledTypeName).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("Swml.Runtime.Tests.Flows.GotoMax", TestFlows.CompiledTypeName("goto_max"));
    }
}

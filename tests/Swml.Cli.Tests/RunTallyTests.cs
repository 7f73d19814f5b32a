using System.Text.Json.Nodes;
using Swml.Cli.Run;
using Swml.Runtime.Flow;
using Swml.Runtime.Hosting;
using Xunit;

namespace Swml.Cli.Tests;

public sealed class RunTallyTests
{
    [Fact]
    public void AServerThatTakesManyCallsKeepsOnlyTheirCountsAndTheFirstFew()
    {
        var tally = new RunTally(keepEveryCall: false);
        for (var i = 0; i < 1000; i++)
        {
            tally.Add(Call(i % 4 == 0 ? "busy" : "success"));
        }

        Assert.Equal(1000, tally.Count);
        Assert.Equal(RunTally.ListedCalls + 1, tally.Kept.Count);
        Assert.Equal(
            new[] { KeyValuePair.Create("HungUp, sip_refer_result busy", 250), KeyValuePair.Create("HungUp, sip_refer_result success", 750) },
            tally.ByOutcome);
    }

    [Fact]
    public void AReportKeepsEveryCall()
    {
        var tally = new RunTally(keepEveryCall: true);
        for (var i = 0; i < 100; i++)
        {
            tally.Add(Call("success"));
        }

        Assert.Equal(100, tally.Kept.Count);
    }

    private static CallSummary Call(string referResult) =>
        new("c", "s", "inbound", "main", "sip:a@x", "sip:b@y", FlowEndReason.HungUp, referResult, null, TimeSpan.FromSeconds(1), Array.Empty<TraceEntry>(), new JsonObject());
}

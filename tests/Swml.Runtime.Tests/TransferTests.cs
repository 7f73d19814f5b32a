using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

public sealed class TransferTests
{
    private const string NextUrl = "https://flows.example.com/next";

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task TransferIsATailCallThatNeverReturnsToTheExecuteItIsIn(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "transfer_section");

        Assert.Equal(new[] { "main[0] execute", "sub[0] play", "sub[1] transfer", "target[0] play", "target[1] return" }, run.Trace);
        Assert.Equal(new[] { "say: sub sees from execute", "say: target sees from transfer" }, run.Handler.Played);

        // The return in the section transferred to is at top level: it ends the script.
        Assert.Equal(FlowEndReason.Returned, run.Result.Reason);
        Assert.Equal("\"from transfer\"", TestJson.Text(run.Result.ReturnValue));
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task TransferToAUrlRunsTheDocumentItAnswersInsteadOfThisOne(string kind)
    {
        var handler = new RecordingHandler().Serve(NextUrl, """
            {"version": "1.0.0", "sections": {"main": [{"play": {"url": "say: ${greeting} in ${params.lang}"}}]}}
            """);
        var run = await TestFlows.RunAsync(kind, "transfer_url", handler);

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(new[] { "main[0] set", "main[1] transfer", "main[0] play" }, run.Trace);
        Assert.Equal(new[] { "say: hello in en" }, run.Handler.Played);
        var fetch = Assert.Single(run.Handler.Fetches);
        Assert.Equal(NextUrl, fetch.Url);
        Assert.Equal("""{"call":{},"vars":{"greeting":"hello"},"envs":{},"params":{"lang":"en"}}""", fetch.Body);
    }
}

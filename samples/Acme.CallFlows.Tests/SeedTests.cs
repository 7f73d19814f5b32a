using System.Text.Json.Nodes;
using Acme.Flows;
using Swml.Runtime.Flow;
using Swml.Testing;

namespace Acme.CallFlows.Tests;

/// <summary>The seed flow: answer, REFER to the target the envs name, say the result, hand the call to the app's URL.</summary>
public sealed class SeedTests
{
    private static readonly JsonObject Envs = new()
    {
        ["TRANSFER_TO"] = "sip:carol@127.0.0.1:5090",
        ["STATUS_URL"] = "https://hooks.example.com/refer-status",
        ["NEXT_URL"] = "https://app.example.com/next",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheTransferSucceedsIsAnnouncedAndTheAppsDocumentRunsWithTheReferVariables()
    {
        var run = await SwmlTest.For(new Seed())
            .WithEnvs(Envs)
            .WithCall(c => c.Refer.Accepts().ThenNotifies(100, 200))
            .WithDocument("https://app.example.com/next", "sections: {main: [{play: {url: 'say: Goodbye'}}, {hangup: {}}]}")
            .RunAsync(Ct);

        Assert.Equal("sip:carol@127.0.0.1:5090", Assert.Single(run.Refers).ToUri);
        Assert.Equal(new[] { "say: Connected. The SIP refer result is success", "say: Goodbye" }, run.Played);
        Assert.Equal(new[] { "inProgress", "success" }, run.Callbacks.Select(c => c.State));
        var posted = JsonNode.Parse(Assert.Single(run.Requests, r => r.Url == "https://app.example.com/next").Body!)!;
        Assert.Equal("success", (string?)posted["vars"]!["sip_refer_result"]);
        Assert.Equal("200", (string?)posted["vars"]!["sip_refer_to_response_code"]);
        Assert.Equal(run.Call.Info["call_id"]!.ToString(), (string?)posted["call"]!["call_id"]);
        Assert.Equal(FlowEndReason.HungUp, run.EndReason);
    }

    [Fact]
    public async Task ABusyTargetIsAnnouncedAndTheFlowStillHandsOver()
    {
        var run = await SwmlTest.For(new Seed())
            .WithEnvs(Envs)
            .WithCall(c => c.Refer.Accepts().ThenNotifies(100, 486))
            .WithDocument("https://app.example.com/next", "sections: {main: [{return: done}]}")
            .RunAsync(Ct);

        Assert.Equal(new[] { "say: Connected. The SIP refer result is busy" }, run.Played);
        Assert.Equal(new[] { "inProgress", "busy" }, run.Callbacks.Select(c => c.State));
        Assert.Contains(run.Trace, t => t.Method == "execute");
    }
}

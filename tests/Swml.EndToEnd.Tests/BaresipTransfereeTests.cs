using Swml.EndToEnd.Tests.Infrastructure;
using Swml.Tests.Http;
using Swml.Tests.Peers;

namespace Swml.EndToEnd.Tests;

/// <summary>
/// <c>swml run --dial</c> calls baresip, and the flow REFERs baresip to a SIPp UAS ("carol"):
/// baresip really calls carol and reports through NOTIFY, so the result is a real transferee's.
/// </summary>
public sealed class BaresipTransfereeTests
{
    [Theory(Timeout = 40_000)]
    [InlineData("target_answers.xml", "success", "200")]
    [InlineData("target_busy.xml", "busy", "486")]
    public async Task BaresipCallsTheTargetAndTheFlowSeesItsResult(string carolScenario, string result, string finalSipfrag)
    {
        var ct = TestContext.Current.CancellationToken;
        using var bobFolder = new TempFolder("e2e-baresip");
        var bobPort = FreePorts.Next(Baresip.PortsNeeded);
        await using var baresip = await Baresip.StartAsync(bobFolder, bobPort, ct);
        using var carolFolder = new TempFolder("e2e-carol");
        var carolPort = FreePorts.Next();
        await using var carol = Sipp.Start(carolFolder, Sipp.Scenario(carolScenario), carolPort, remote: null);
        await using var http = await TestHttpServer.StartAsync(TestFlows.Ok);
        var carolUri = $"sip:carol@127.0.0.1:{carolPort}";
        using var folder = new TempFolder("e2e-dial");
        var flow = folder.Write("transfer.swml", $$"""
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "{{carolUri}}"
                    status_url: "{{http.BaseUrl}}/status"
                - set:
                    seen_after_refer: "${sip_refer_result}"
                - play:
                    url: "say: ${sip_refer_result}"
            """);

        await using var swml = await SwmlRun.StartAsync(folder, flow, new[] { "--dial", $"sip:bob@127.0.0.1:{bobPort}", "--refer-timeout", "15" }, ct);
        var swmlExit = await swml.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
        var carolExit = await carol.WaitForExitAsync(TimeSpan.FromSeconds(20), ct);

        var because = $"swml:\n{swml.Output}\nbaresip:\n{baresip.Tail()}\ncarol:\n{Sipp.Messages(carolFolder)}";
        Assert.True(swmlExit == 0, because);
        var call = swml.Report().Call;
        Assert.Equal("outbound", call.Direction);
        Assert.True(call.SipReferResult == result, because);
        Assert.Equal(carolUri, call.Var("sip_refer_to"));
        Assert.Equal(result, call.Var("return_value"));
        Assert.Equal("202", call.Var("sip_refer_response_code"));
        Assert.Equal(finalSipfrag, call.Var("sip_refer_to_response_code"));
        Assert.Equal(new[] { "main[0] sip_refer", "main[1] set", "main[2] play" }, call.Trace);
        Assert.Equal(result, call.Var("seen_after_refer"));
        Assert.Equal(new[] { "inProgress", result }, TestFlows.States(http));

        // carol was really called by baresip, and her scenario went as written.
        Assert.True(carolExit == 0, because);
        Assert.Contains("INVITE sip:carol@", Sipp.Messages(carolFolder));
    }
}

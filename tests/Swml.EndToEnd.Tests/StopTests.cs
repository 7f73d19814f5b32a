using System.Diagnostics;
using Swml.EndToEnd.Tests.Infrastructure;
using Swml.Tests.Http;
using Swml.Tests.Peers;
using Swml.Tests.Waiting;

namespace Swml.EndToEnd.Tests;

/// <summary>
/// <c>swml run</c> stopped with SIGTERM while a call is in the middle of its transfer, as a service
/// manager or a rolling restart stops it: it answers OPTIONS with 503 at once (so a load balancer
/// takes it out), lets the call finish, delivers its callbacks, and exits 0.
/// </summary>
public sealed class StopTests
{
    private const int HoldMilliseconds = 4000;

    [Fact(Timeout = 60_000)]
    public async Task SigtermDrainsTheNodeAndTheCallInProgressFinishes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var http = await TestHttpServer.StartAsync(TestFlows.Ok);
        using var folder = new TempFolder("e2e-stop");
        var flow = folder.Write("flow.swml", TestFlows.AnswerAndRefer(http.BaseUrl + "/status", then: "- hangup: {}"));
        await using var swml = await SwmlRun.StartAsync(folder, flow, Array.Empty<string>(), ct, udpOnly: true);
        Assert.Equal(200, await SipOptions.AskAsync(swml.Port, TimeSpan.FromSeconds(5), ct));

        // SIPp holds the call for 4 s between NOTIFY 100 and NOTIFY 200: the transfer is in progress
        // once the inProgress callback has come.
        using var sippFolder = new TempFolder("e2e-stop-sipp");
        await using var sipp = Sipp.Start(sippFolder, Sipp.Scenario("caller_refer_held.xml"), FreePorts.Next(), swml.Address, extra: new[] { "-s", "flow", "-d", HoldMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await Eventually.True(() => TestFlows.States(http).Count > 0, "the transfer to start (its inProgress callback)", TimeSpan.FromSeconds(15), () => $"{swml.Process.Tail()}\n{Sipp.Messages(sippFolder)}");

        swml.Process.Signal("TERM");
        var stopped = Stopwatch.StartNew();
        // Draining starts as the host begins to stop, a moment after the signal.
        while (await SipOptions.AskAsync(swml.Port, TimeSpan.FromSeconds(5), ct) != 503)
        {
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(1), $"still answering OPTIONS with 200 {stopped.Elapsed.TotalSeconds:F1} s after SIGTERM:\n{swml.Process.Tail()}");
            await Task.Delay(10, ct);
        }


        var sippExit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
        var swmlExit = await swml.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
        var because = $"swml:\n{swml.Output}\nSIPp:\n{Sipp.Messages(sippFolder)}";
        Assert.True(sippExit == 0, because);
        Assert.True(swmlExit == 0, because);

        // It waited for the call, which outlived System.CommandLine's 2 s grace after a signal.
        Assert.True(stopped.Elapsed > TimeSpan.FromSeconds(2.5), $"swml exited {stopped.Elapsed.TotalSeconds:F1} s after SIGTERM, before the call could end:\n{because}");
        var call = swml.Report().Call;
        Assert.Equal("success", call.SipReferResult);
        Assert.Equal(new[] { "inProgress", "success" }, TestFlows.States(http));
    }
}

using Swml.Tests.Peers;

namespace Swml.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One call end to end: a flow written to a temp folder, <c>swml run --max-calls 1</c> serving it,
/// SIPp calling it with a caller scenario; both processes waited for (and stopped by pid whatever
/// happens), then everything they left: exit codes, SIPp's messages, swml's output and report.
/// </summary>
internal static class SippCall
{
    /// <summary>Writes <paramref name="flowText"/> as flow.swml and runs it for one SIPp call.</summary>
    public static async Task<CallRun> RunAsync(string flowText, string scenario, IEnumerable<string> arguments, CancellationToken cancellationToken, string transport = "u1")
    {
        using var folder = new TempFolder("e2e-flow");
        var flow = folder.Write("flow.swml", flowText);
        return await RunFileAsync(flow, scenario, arguments, cancellationToken, transport);
    }

    /// <summary>Runs the flow file <paramref name="flow"/> for one SIPp call.</summary>
    public static async Task<CallRun> RunFileAsync(string flow, string scenario, IEnumerable<string> arguments, CancellationToken cancellationToken, string transport = "u1")
    {
        using var folder = new TempFolder("e2e-run");
        await using var swml = await SwmlRun.StartAsync(folder, flow, new[] { "--max-calls", "1" }.Concat(arguments), cancellationToken);
        await using var sipp = Sipp.Start(folder, Sipp.Scenario(scenario), FreePorts.Next(), swml.Address, transport, extra: new[] { "-s", "flow" });
        try
        {
            var sippExit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            var swmlExit = await swml.WaitForExitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            return new CallRun(sippExit, Sipp.Messages(folder), swmlExit, swml.Output, swml.Report());
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            Assert.Fail($"{ex.Message}\n--- swml:\n{swml.Process.Tail(80)}\n--- SIPp:\n{sipp.Tail()}\n{Sipp.Messages(folder)}");
            throw;
        }
    }
}

/// <summary>How a call went on both sides.</summary>
internal sealed record CallRun(int SippExit, string SippMessages, int SwmlExit, string SwmlOutput, RunReport Report)
{
    public ReportedCall Call => Report.Call;

    /// <summary>Both sides, for a failure message.</summary>
    public string Describe() =>
        $"SIPp exited {SippExit}, swml exited {SwmlExit}\n--- report:\n{Report.Text}\n--- swml:\n{SwmlOutput}\n--- SIPp messages:\n{SippMessages}";
}

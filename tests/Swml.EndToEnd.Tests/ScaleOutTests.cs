using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Swml.EndToEnd.Tests.Infrastructure;
using Swml.Tests.Http;
using Swml.Tests.Peers;
using Swml.Tests.Waiting;

namespace Swml.EndToEnd.Tests;

/// <summary>
/// Three <c>swml run</c> nodes behind kamailio running <c>deploy/kamailio/kamailio.cfg</c>, SIPp
/// calling through it at a fixed rate, each call REFERred and held with the transfer in progress,
/// callbacks to a real HTTP endpoint. One node is killed (SIGKILL) mid-run and started again on its
/// outbox; another is stopped (SIGTERM) mid-run. What is asserted: calls spread over the nodes;
/// only the killed node's calls in flight fail; new calls reach the others once kamailio takes the
/// node out, within a probe interval and a node response timeout; the killed node's undelivered
/// callbacks arrive after its restart; the stopped node fails no call; no callback is lost.
/// </summary>
public sealed partial class ScaleOutTests
{
    private const int Rate = 15;
    private const int Seconds = 16;
    private const int HoldMilliseconds = 2000;
    private const int ProbeIntervalSeconds = 1;

    // deploy/kamailio/kamailio.cfg's NODE_RESPONSE_TIMEOUT, which the test leaves as shipped.
    private const double NodeResponseTimeoutSeconds = 2;

    // A line is timed when the test reads it, a little after kamailio wrote it.
    private const double LogSlackSeconds = 0.3;

    private const string Flow = """
        version: 1.0.0
        sections:
          main:
            - answer: {}
            - sip_refer:
                to_uri: "sip:carol@127.0.0.1:5999"
                status_url: "${envs.STATUS_URL}"
            - hangup: {}
        """;

    [Fact(Timeout = 240_000)]
    public async Task CallsSpreadOverThreeNodesAndANodeThatDiesOrStopsLosesOnlyItsCallsInFlightAndNoCallback()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder("scale-out");
        var flow = folder.Write("flow.swml", Flow);

        // Node b's callbacks are refused (503) until it is killed: they are still being retried
        // then, so only its outbox can deliver them.
        var refuseNodeB = 1;
        var callbacks = new ConcurrentDictionary<string, CallbackSeen>(StringComparer.Ordinal);
        await using var http = await TestHttpServer.StartAsync((context, request) =>
        {
            var node = JsonNode.Parse(request.Body)!["params"]!["node_id"]!.GetValue<string>();
            var refused = node == "node-b" && Volatile.Read(ref refuseNodeB) == 1;
            var now = Stopwatch.GetTimestamp();
            callbacks.AddOrUpdate(
                request.Headers["webhook-id"],
                _ => new CallbackSeen(node, now, refused ? null : now),
                (_, seen) => seen.DeliveredAt is null && !refused ? seen with { DeliveredAt = now } : seen);
            context.Response.StatusCode = refused ? 503 : 200;
            return Task.CompletedTask;
        });

        await using var nodes = new SwmlNodes(flow, new[] { "a", "b", "c" }, new[] { "--outbox", "{folder}/callbacks.db", "--env", "STATUS_URL=" + http.BaseUrl + "/status" });
        var ports = nodes.Ports;
        await using var kamailio = await KamailioDispatcher.StartAsync(folder, FreePorts.Next(), ports.Values, ProbeIntervalSeconds, ct);
        using var sippFolder = new TempFolder("scale-out-sipp");
        await nodes.StartAllAsync(ct);
        var calls = Rate * Seconds;
        var statistics = Path.Combine(sippFolder.Path, "sipp-stat.csv");
        var callDebug = Path.Combine(sippFolder.Path, "sipp-calldebug.log");
        var started = Stopwatch.GetTimestamp();
        await using var sipp = Sipp.Start(sippFolder, Sipp.Scenario("caller_refer_held.xml"), FreePorts.Next(), kamailio.Address, calls: calls, extra: new[]
        {
            "-s", "flow", "-r", Rate.ToString(CultureInfo.InvariantCulture), "-d", HoldMilliseconds.ToString(CultureInfo.InvariantCulture),
            "-timeout", "150s", "-recv_timeout", "20000",
            "-trace_stat", "-stf", statistics, "-fd", "1",
            "-trace_calldebug", "-calldebug_file", callDebug,
        });

        // SIGKILL node b mid-run, a third of the way in.
        await DelayUntil(started, 5, ct);
        nodes["b"].Process.Signal("KILL");
        var killed = Stopwatch.GetTimestamp();
        var heldAtKill = callbacks.Where(c => c.Value.Node == "node-b" && c.Value.DeliveredAt is null).Select(c => c.Key).ToArray();
        var bTakenOut = await kamailio.WaitForNodeStateAsync(ports["b"], up: false, killed, TimeSpan.FromSeconds(15), ct);

        // Started again on its outbox, where it was; its callbacks are now taken.
        await DelayUntil(killed, 4, ct);
        Volatile.Write(ref refuseNodeB, 0);
        await nodes.StartAsync("b", ct);
        var restarted = Stopwatch.GetTimestamp();
        var bBackIn = await kamailio.WaitForNodeStateAsync(ports["b"], up: true, restarted, TimeSpan.FromSeconds(15), ct);

        // SIGTERM node c mid-run: it drains and finishes its calls.
        await DelayUntil(started, 11, ct);
        var terminated = Stopwatch.GetTimestamp();
        var cExit = await nodes.StopAsync("c", ct);
        var cExited = Stopwatch.GetTimestamp();
        var cTakenOut = await kamailio.WaitForNodeStateAsync(ports["c"], up: false, terminated, TimeSpan.FromSeconds(15), ct);
        Assert.True(cExit == 0, $"node c exited {cExit} after SIGTERM:\n{nodes["c"].Process.Tail()}");

        var sippExit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(150), ct);

        // Every callback seen is delivered in the end: node b's after its restart.
        await Eventually.True(() => callbacks.Values.All(c => c.DeliveredAt is not null), "every callback seen to be delivered", TimeSpan.FromSeconds(30));
        foreach (var name in new[] { "a", "b" })
        {
            var exit = await nodes.StopAsync(name, ct);
            Assert.True(exit == 0, $"node {name} exited {exit} after SIGTERM:\n{nodes[name].Process.Tail()}");
        }

        // --- What SIPp and kamailio saw -------------------------------------------------------
        var (succeeded, failed) = SippTotals(statistics);
        var failedCalls = FailedCallIds(callDebug);
        var dispatches = kamailio.Dispatches();
        var firstChoice = dispatches.Where(d => !d.Failover).GroupBy(d => d.CallId).ToDictionary(g => g.Key, g => g.First());
        var finalNode = dispatches.GroupBy(d => d.CallId).ToDictionary(g => g.Key, g => g.Last().Port);
        var nodeOfPort = ports.ToDictionary(p => p.Value, p => p.Key);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"calls {calls}: {succeeded} ok, {failed} failed; SIPp exit {sippExit}");
        foreach (var (name, port) in ports)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"node {name}: {finalNode.Values.Count(p => p == port)} calls, {failedCalls.Count(c => firstChoice.TryGetValue(c, out var d) && d.Port == port)} failed");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"failovers: {dispatches.Count(d => d.Failover)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"b killed: taken out after {SecondsBetween(killed, bTakenOut):F2} s; back in {SecondsBetween(restarted, bBackIn):F2} s after its restart");
        report.AppendLine(CultureInfo.InvariantCulture, $"c stopped: taken out after {SecondsBetween(terminated, cTakenOut):F2} s; exited after {SecondsBetween(terminated, cExited):F2} s");
        report.AppendLine(CultureInfo.InvariantCulture, $"callbacks: {callbacks.Count} events, all delivered; {heldAtKill.Length} of node b's undelivered at its kill");
        var figures = report.ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(figures);

        // Kept beside the tests, for the figures of a run that passed (docs/deploy.md's come from it).
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "scale-out-figures.txt"), figures, ct);
        var context = $"{figures}\n--- kamailio:\n{kamailio.Process.Tail(30)}\n--- SIPp:\n{sipp.Tail(20)}";

        Assert.Equal(calls, succeeded + failed);

        // Spread: round robin over three nodes, before the kill.
        var beforeKill = firstChoice.Values.Where(d => d.Timestamp < killed).ToArray();
        foreach (var port in ports.Values)
        {
            Assert.True(beforeKill.Count(d => d.Port == port) >= beforeKill.Length / 5, $"calls before the kill did not spread over the nodes:\n{context}");
        }

        // Only node b's calls in flight at its kill failed, and the kill hit some.
        Assert.Equal(failed, failedCalls.Count);
        Assert.NotEmpty(failedCalls);
        foreach (var call in failedCalls)
        {
            Assert.True(firstChoice.TryGetValue(call, out var dispatch), $"failed call {call} was never dispatched:\n{context}");
            Assert.True(dispatch.Port == ports["b"] && dispatch.Timestamp <= killed + ToTicks(LogSlackSeconds), $"failed call {call} went to node {nodeOfPort[dispatch.Port]} at {SecondsBetween(killed, dispatch.Timestamp):F2} s from the kill:\n{context}");
            Assert.True(SecondsBetween(dispatch.Timestamp, killed) < HoldMilliseconds / 1000.0 + 1, $"failed call {call} started {SecondsBetween(dispatch.Timestamp, killed):F2} s before the kill: it should have ended:\n{context}");
        }

        // Taken out within a probe interval and a node response timeout; no new call after that.
        var bound = ProbeIntervalSeconds + NodeResponseTimeoutSeconds + LogSlackSeconds + 1;
        Assert.True(SecondsBetween(killed, bTakenOut) <= bound, $"node b was taken out {SecondsBetween(killed, bTakenOut):F2} s after its kill (bound {bound} s):\n{context}");
        Assert.DoesNotContain(firstChoice.Values, d => d.Port == ports["b"] && d.Timestamp > bTakenOut + ToTicks(LogSlackSeconds) && d.Timestamp < bBackIn);
        Assert.Contains(firstChoice.Values, d => d.Port == ports["b"] && d.Timestamp > bBackIn);
        Assert.True(SecondsBetween(terminated, cTakenOut) <= bound, $"node c was taken out {SecondsBetween(terminated, cTakenOut):F2} s after SIGTERM (bound {bound} s):\n{context}");

        // The stopped node's calls all ended well, and nothing went to it once it drained.
        var cReport = nodes["c"].Report();
        Assert.NotEmpty(cReport.Calls);
        Assert.All(cReport.Calls, c => Assert.Equal("success", c.SipReferResult));
        Assert.DoesNotContain(dispatches, d => d.Port == ports["c"] && d.Timestamp > cTakenOut + ToTicks(LogSlackSeconds));

        // No callback lost: two per call that succeeded at least (in progress, then success),
        // and node b's held ones delivered after its restart, by its outbox.
        Assert.True(callbacks.Count >= 2 * succeeded, $"{callbacks.Count} callback events for {succeeded} calls:\n{context}");
        Assert.NotEmpty(heldAtKill);
        // Between the kill and the restart nothing ran as node b, and its callbacks were refused until then.
        Assert.All(heldAtKill, id => Assert.True(callbacks[id].DeliveredAt > killed, $"callback {id} of node b was not delivered after its restart"));
        Assert.All(new[] { "a", "b" }, name => Assert.All(nodes[name].Report().Calls, c => Assert.Equal("success", c.SipReferResult)));
    }

    /// <summary>
    /// With no calls at all, the probes alone take out a node that dies and one that is stopped,
    /// and put the dead one back once it is started again.
    /// </summary>
    [Fact(Timeout = 90_000)]
    public async Task ProbesAloneTakeOutADeadOrStoppedNodeAndPutItBack()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder("scale-out-probe");
        await using var nodes = new SwmlNodes(folder.Write("flow.swml", Flow), new[] { "a", "b" });
        await using var kamailio = await KamailioDispatcher.StartAsync(folder, FreePorts.Next(), nodes.Ports.Values, ProbeIntervalSeconds, ct);
        await nodes.StartAllAsync(ct);
        var bound = TimeSpan.FromSeconds(ProbeIntervalSeconds + NodeResponseTimeoutSeconds + LogSlackSeconds + 1);

        // Dead: its probe goes unanswered.
        nodes["a"].Process.Signal("KILL");
        var killed = Stopwatch.GetTimestamp();
        var down = await kamailio.WaitForNodeStateAsync(nodes.Ports["a"], up: false, killed, bound, ct);
        await nodes.StartAsync("a", ct);
        var restarted = Stopwatch.GetTimestamp();
        await kamailio.WaitForNodeStateAsync(nodes.Ports["a"], up: true, restarted, TimeSpan.FromSeconds(ProbeIntervalSeconds + 2), ct);

        // Stopped: its probe is answered 503 while it drains, and goes unanswered once it has
        // exited (with nothing to finish, at once).
        var terminated = Stopwatch.GetTimestamp();
        Assert.Equal(0, await nodes.StopAsync("b", ct));
        await kamailio.WaitForNodeStateAsync(nodes.Ports["b"], up: false, terminated, bound, ct);
        Assert.Empty(kamailio.Dispatches());
        TestContext.Current.TestOutputHelper?.WriteLine($"dead node out after {SecondsBetween(killed, down):F2} s");
    }

    /// <summary>
    /// Nodes reached over TCP (<c>;transport=tcp</c> in the dispatcher list) while callers use UDP:
    /// kamailio bridges the transports, probes over TCP, and the dialogs' in-dialog requests find
    /// their node over TCP too.
    /// </summary>
    [Fact(Timeout = 90_000)]
    public async Task NodesBehindKamailioCanBeReachedOverTcp()
    {
        const int Calls = 20;
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder("scale-out-tcp");
        var flow = folder.Write("flow.swml", """
            version: 1.0.0
            sections:
              main:
                - answer: {}
                - sip_refer:
                    to_uri: "sip:carol@127.0.0.1:5999"
                - hangup: {}
            """);
        await using var nodes = new SwmlNodes(flow, new[] { "a", "b" }, udpOnly: false);
        await using var kamailio = await KamailioDispatcher.StartAsync(folder, FreePorts.Next(), nodes.Ports.Values, ProbeIntervalSeconds, ct, tcp: true);
        await nodes.StartAllAsync(ct);
        using var sippFolder = new TempFolder("scale-out-tcp-sipp");
        await using (var sipp = Sipp.Start(sippFolder, Sipp.Scenario("caller_refer_held.xml"), FreePorts.Next(), kamailio.Address, calls: Calls, extra: new[] { "-s", "flow", "-r", "10", "-d", "0" }))
        {
            var sippExit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(60), ct);
            Assert.True(sippExit == 0, $"SIPp exited {sippExit}:\n{Sipp.Messages(sippFolder)}\n--- kamailio:\n{kamailio.Process.Tail(30)}");
        }

        foreach (var name in nodes.Ports.Keys)
        {
            Assert.Equal(0, await nodes.StopAsync(name, ct));
        }

        var dispatches = kamailio.Dispatches();
        Assert.Equal(Calls, dispatches.Count);
        foreach (var (name, port) in nodes.Ports)
        {
            Assert.Contains(dispatches, d => d.Port == port);
            Assert.Matches(@"← INVITE \S+ from TCP 127\.0\.0\.1:", nodes[name].Output);
            Assert.Matches(@"← NOTIFY \S+ from TCP 127\.0\.0\.1:", nodes[name].Output);
            Assert.DoesNotMatch(@"← (INVITE|NOTIFY|ACK) \S+ from UDP", nodes[name].Output);
            Assert.All(nodes[name].Report().Calls, c => Assert.Equal("success", c.SipReferResult));
        }

        Assert.Equal(Calls, nodes.Running.Sum(n => n.Report().Calls.Count));
    }

    /// <summary>
    /// A transferee's new INVITE is a new call like any other: baresip calls a flow through kamailio,
    /// the flow REFERs it to another flow at kamailio's address, baresip calls that, and kamailio
    /// dispatches the second call as it did the first (round robin: to the other node).
    /// </summary>
    [Fact(Timeout = 90_000)]
    public async Task ATransfereesNewInviteIsDispatchedLikeAnyOtherCall()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder("scale-out-transfer");
        var kamailioPort = FreePorts.Next();
        var flows = Path.Combine(folder.Path, "flows");
        Directory.CreateDirectory(flows);
        File.WriteAllText(Path.Combine(flows, "transfer.swml"), $$"""
            version: 1.0.0
            sections:
              main:
                - answer: {}
                - sip_refer:
                    to_uri: "sip:sales@127.0.0.1:{{kamailioPort}}"
                - hangup: {}
            """);
        File.WriteAllText(Path.Combine(flows, "sales.swml"), """
            version: 1.0.0
            sections:
              main:
                - answer: {}
                - play:
                    url: "silence:1"
                - hangup: {}
            """);
        await using var nodes = new SwmlNodes(flows, new[] { "a", "b" });
        await using var kamailio = await KamailioDispatcher.StartAsync(folder, kamailioPort, nodes.Ports.Values, ProbeIntervalSeconds, ct);
        await nodes.StartAllAsync(ct);
        using var bobFolder = new TempFolder("scale-out-transfer-bob");
        var bobPort = FreePorts.Next(Baresip.PortsNeeded);
        await using var baresip = await Baresip.StartAsync(bobFolder, bobPort, ct);
        await Baresip.CommandAsync(bobPort, $"dial sip:transfer@127.0.0.1:{kamailioPort}", ct);

        // Both calls ended: the transferred one and the transferee's new one.
        var because = () => $"--- kamailio:\n{kamailio.Process.Tail(30)}\n--- baresip:\n{baresip.Tail()}\n--- a:\n{nodes["a"].Process.Tail(20)}\n--- b:\n{nodes["b"].Process.Tail(20)}";
        await Eventually.True(() => nodes.Running.Sum(n => Regex.Count(n.Output, @"\] Call \S+ ended: ")) >= 2, "both calls to end", TimeSpan.FromSeconds(30), because);

        foreach (var name in nodes.Ports.Keys)
        {
            Assert.Equal(0, await nodes.StopAsync(name, ct));
        }

        var dispatches = kamailio.Dispatches();
        Assert.True(dispatches.Count == 2, because());
        Assert.NotEqual(dispatches[0].CallId, dispatches[1].CallId);
        Assert.NotEqual(dispatches[0].Port, dispatches[1].Port);
        var calls = nodes.Running.SelectMany(n => n.Report().Calls).ToArray();
        var transferred = Assert.Single(calls, c => c.Flow == "transfer");
        Assert.True(transferred.SipReferResult == "success", because());
        var sales = Assert.Single(calls, c => c.Flow == "sales");
        Assert.Equal("inbound", sales.Direction);
        Assert.Equal(new[] { "main[0] answer", "main[1] play", "main[2] hangup" }, sales.Trace);
    }

    /// <summary>SIPp's final SuccessfulCall(C) and FailedCall(C), from its statistics file.</summary>
    private static (int Succeeded, int Failed) SippTotals(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(';');
        var last = lines[^1].Split(';');
        int Column(string name) => int.Parse(last[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        return (Column("SuccessfulCall(C)"), Column("FailedCall(C)"));
    }

    /// <summary>The Call-IDs of the calls SIPp aborted, from its -trace_calldebug file.</summary>
    private static IReadOnlyList<string> FailedCallIds(string path) =>
        File.Exists(path) ? CallDebugHeader().Matches(File.ReadAllText(path)).Select(m => m.Groups["call"].Value).Distinct().ToArray() : Array.Empty<string>();

    private static async Task DelayUntil(long from, double seconds, CancellationToken cancellationToken)
    {
        var left = seconds - SecondsBetween(from, Stopwatch.GetTimestamp());
        if (left > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(left), cancellationToken);
        }
    }

    private static double SecondsBetween(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    private static long ToTicks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [GeneratedRegex(@"^Call debugging information for call (?<call>\S+):", RegexOptions.Multiline)]
    private static partial Regex CallDebugHeader();

    /// <summary>A callback event as the endpoint saw it: its node, its first attempt, and its first 2xx answer.</summary>
    private sealed record CallbackSeen(string Node, long FirstSeen, long? DeliveredAt);
}

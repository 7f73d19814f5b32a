using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Swml.Tests.Peers;

namespace Swml.EndToEnd.Tests.Infrastructure;

/// <summary>
/// kamailio running the configuration we ship, <c>deploy/kamailio/kamailio.cfg</c> (copied next to
/// these tests unchanged), in front of nodes on 127.0.0.1, and what its log says it did with each
/// call and node.
/// </summary>
internal sealed partial class KamailioDispatcher : IAsyncDisposable
{
    private KamailioDispatcher(PeerProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public PeerProcess Process { get; }

    public int Port { get; }

    /// <summary>"127.0.0.1:port", where callers send their INVITEs.</summary>
    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public static string ConfigurationFile => Path.Combine(AppContext.BaseDirectory, "Deploy", "kamailio.cfg");

    /// <summary>
    /// Starts kamailio on UDP 127.0.0.1:<paramref name="port"/> balancing over <paramref name="nodePorts"/>
    /// (dispatcher set 1), probing every <paramref name="probeIntervalSeconds"/>, and waits until it answers OPTIONS.
    /// </summary>
    /// <param name="tcp">The nodes are reached over TCP (<c>;transport=tcp</c> in the list), and kamailio listens on TCP too.</param>
    public static async Task<KamailioDispatcher> StartAsync(TempFolder folder, int port, IEnumerable<int> nodePorts, int probeIntervalSeconds, CancellationToken cancellationToken, bool tcp = false)
    {
        var transport = tcp ? ";transport=tcp" : string.Empty;
        var list = folder.Write("dispatcher.list", string.Concat(nodePorts.Select(p => $"1 sip:127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}{transport}\n")));
        var listen = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string>
        {
            "-f", ConfigurationFile,
            "-A", $"DISPATCHER_LIST=\"{list}\"",
            "-A", "PROBE_INTERVAL=" + probeIntervalSeconds.ToString(CultureInfo.InvariantCulture),
            "-l", "udp:" + listen,
            "-L", Peers.KamailioModules,
            "-n", "2",
        };
        if (tcp)
        {
            arguments.AddRange(new[] { "-l", "tcp:" + listen });
        }

        var process = await KamailioProcess.StartAsync(folder, arguments, "deploy/kamailio/kamailio.cfg", cancellationToken);
        var dispatcher = new KamailioDispatcher(process, port);
        try
        {
            await dispatcher.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(15), cancellationToken);
        }
        catch
        {
            await dispatcher.DisposeAsync();
            throw;
        }

        return dispatcher;
    }

    /// <summary>Each new call's first choice of node, as "dispatch INVITE &lt;Call-ID&gt; to sip:127.0.0.1:&lt;port&gt;" says.</summary>
    public IReadOnlyList<Dispatch> Dispatches() =>
        Process.Lines.Select(l => (l, m: DispatchLine().Match(l.Text)))
            .Where(x => x.m.Success)
            .Select(x => new Dispatch(x.l.Timestamp, x.m.Groups["call"].Value, int.Parse(x.m.Groups["port"].Value, CultureInfo.InvariantCulture), x.m.Groups["failover"].Success))
            .ToArray();

    /// <summary>When the log first said "node down" (<paramref name="up"/> false) or "node up" for the node on <paramref name="port"/> at or after <paramref name="since"/>.</summary>
    public long? NodeStateChange(int port, bool up, long since)
    {
        var text = $"node {(up ? "up" : "down")} sip:127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        foreach (var line in Process.Lines)
        {
            if (line.Timestamp >= since && (line.Text.EndsWith(text, StringComparison.Ordinal) || line.Text.EndsWith(text + ";transport=tcp", StringComparison.Ordinal)))
            {
                return line.Timestamp;
            }
        }

        return null;
    }

    /// <summary>Waits until <see cref="NodeStateChange"/> has the change, and returns when it was logged.</summary>
    public async Task<long> WaitForNodeStateAsync(int port, bool up, long since, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (NodeStateChange(port, up, since) is { } at)
            {
                return at;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"kamailio did not log node {(up ? "up" : "down")} for port {port} within {timeout.TotalSeconds} s:\n{Process.Tail(40)}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    // An OPTIONS to the proxy itself, which the configuration answers 200 once its workers run.
    private async Task WaitUntilAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var answering = SipOptions.AskAsync(Port, timeout, cancellationToken);
        await Task.WhenAny(answering, Process.Exited);
        if (!answering.IsCompleted)
        {
            throw new InvalidOperationException($"kamailio exited with {Process.Exited.Result}:\n{Process.Tail()}");
        }

        var code = await answering;
        Assert.True(code == 200, $"kamailio answered OPTIONS with {code}:\n{Process.Tail()}");
    }

    [GeneratedRegex(@"dispatch INVITE (?<call>\S+) to sip:127\.0\.0\.1:(?<port>\d+)(;transport=\w+)?(?<failover> \(failover\))?$")]
    private static partial Regex DispatchLine();
}

/// <summary>A new call sent to a node: when kamailio logged it, its Call-ID, the node's port, and whether it was a failover from another node.</summary>
internal sealed record Dispatch(long Timestamp, string CallId, int Port, bool Failover);

using Swml.Tests.Peers;

namespace Swml.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Named <c>swml run</c> nodes for the tests behind kamailio: each on a port and in a folder of its
/// own (where its report and outbox live), started with <c>--node-id node-NAME</c>, started again
/// where it was after a kill, signalled, and stopped with its folder when disposed.
/// </summary>
internal sealed class SwmlNodes : IAsyncDisposable
{
    private readonly string _flow;
    private readonly IReadOnlyList<string> _arguments;
    private readonly bool _udpOnly;
    private readonly Dictionary<string, TempFolder> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SwmlRun> _running = new(StringComparer.Ordinal);

    /// <param name="flow">The flow file or folder every node serves.</param>
    /// <param name="arguments">More arguments for each node; "{folder}" stands for the node's own folder.</param>
    public SwmlNodes(string flow, IEnumerable<string> names, IEnumerable<string>? arguments = null, bool udpOnly = true)
    {
        _flow = flow;
        _arguments = arguments?.ToArray() ?? Array.Empty<string>();
        _udpOnly = udpOnly;
        Ports = names.ToDictionary(n => n, _ => FreePorts.Next(), StringComparer.Ordinal);
        foreach (var name in Ports.Keys)
        {
            _folders[name] = new TempFolder("swml-node-" + name);
        }
    }

    /// <summary>Each node's SIP port, by name.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    /// <summary>The running process of a node (the latest, after a restart).</summary>
    public SwmlRun this[string name] => _running[name];

    public IEnumerable<SwmlRun> Running => _running.Values;

    /// <summary>Starts every node, and waits until each serves.</summary>
    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        foreach (var name in Ports.Keys)
        {
            await StartAsync(name, cancellationToken);
        }
    }

    /// <summary>Starts a node on its port and folder; one that ran before (killed, or stopped) is disposed first.</summary>
    public async Task StartAsync(string name, CancellationToken cancellationToken)
    {
        if (_running.Remove(name, out var before))
        {
            await before.DisposeAsync();
        }

        var folder = _folders[name];
        var arguments = new[] { "--node-id", "node-" + name }.Concat(_arguments.Select(a => a.Replace("{folder}", folder.Path, StringComparison.Ordinal)));
        _running[name] = await SwmlRun.StartAsync(folder, _flow, arguments, cancellationToken, port: Ports[name], udpOnly: _udpOnly);
    }

    /// <summary>SIGTERM, then the exit code (it drains, finishes its calls and delivers its callbacks first).</summary>
    public async Task<int> StopAsync(string name, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        _running[name].Process.Signal("TERM");
        return await _running[name].WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(40), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _running.Values)
        {
            await node.DisposeAsync();
        }

        foreach (var folder in _folders.Values)
        {
            folder.Dispose();
        }
    }
}

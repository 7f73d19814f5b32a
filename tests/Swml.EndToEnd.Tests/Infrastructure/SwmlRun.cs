using System.Globalization;
using System.Reflection;
using Swml.Tests.Peers;

namespace Swml.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <c>swml run</c> as a shell runs it: the built swml.dll under dotnet, in a child process listening
/// on a free port of 127.0.0.1 (UDP and TCP), writing its report into the test's folder. Its
/// standard output and error are kept (one log) for the assertions and failure messages, and it is
/// stopped by its process id when disposed.
/// </summary>
internal sealed class SwmlRun : IAsyncDisposable
{
    /// <summary>The line swml run prints once its SIP endpoint listens (not with --quiet).</summary>
    public const string ServingLine = "swml: serving ";

    private SwmlRun(PeerProcess process, int port, string reportPath)
    {
        Process = process;
        Port = port;
        ReportPath = reportPath;
    }

    public PeerProcess Process { get; }

    public int Port { get; }

    /// <summary>"127.0.0.1:port", for SIPp's remote address.</summary>
    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public string ReportPath { get; }

    /// <summary>Everything swml printed so far, standard output and error.</summary>
    public string Output => Process.Log;

    /// <summary>
    /// Starts <c>swml run &lt;flow&gt; --listen udp:127.0.0.1:P --listen tcp:127.0.0.1:P --report &lt;folder&gt;/report.json</c>
    /// and the <paramref name="arguments"/>, and waits until it serves (unless <paramref name="waitUntilServing"/> is false).
    /// P is <paramref name="port"/> (a node started again where it was), else a free port; with
    /// <paramref name="udpOnly"/>, no TCP listener.
    /// </summary>
    public static async Task<SwmlRun> StartAsync(TempFolder folder, string flow, IEnumerable<string> arguments, CancellationToken cancellationToken, bool waitUntilServing = true, int? port = null, bool udpOnly = false)
    {
        var dll = Program;
        Assert.True(File.Exists(dll), $"{dll} is missing: the project reference to Swml.Cli builds it.");
        var listenPort = port ?? FreePorts.Next();
        var listen = "127.0.0.1:" + listenPort.ToString(CultureInfo.InvariantCulture);
        var report = Path.Combine(folder.Path, "report.json");
        var all = new List<string> { dll, "run", flow, "--listen", "udp:" + listen, "--report", report };
        if (!udpOnly)
        {
            all.AddRange(new[] { "--listen", "tcp:" + listen });
        }

        all.AddRange(arguments);
        var process = PeerProcess.Start("swml run", Dotnet, all, folder.Path);
        var run = new SwmlRun(process, listenPort, report);
        if (waitUntilServing)
        {
            try
            {
                await process.WaitForLogAsync(ServingLine, TimeSpan.FromSeconds(20), cancellationToken);
            }
            catch
            {
                await run.DisposeAsync();
                throw;
            }
        }

        return run;
    }

    /// <summary>The exit code; a timeout (with the output's end) when it does not exit in time.</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Process.WaitForExitAsync(timeout, cancellationToken);

    /// <summary>The --report file, written at exit.</summary>
    public RunReport Report()
    {
        Assert.True(File.Exists(ReportPath), $"swml run wrote no report:\n{Process.Tail()}");
        return RunReport.Read(ReportPath);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    /// <summary>swml.dll in Swml.Cli's output folder, as the build recorded it in this assembly.</summary>
    private static string Program =>
        typeof(SwmlRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SwmlProgram").Value!;

    /// <summary>The dotnet host running the tests (set by dotnet test), else the one on PATH.</summary>
    private static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

using System.CommandLine;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Swml.Language;
using Swml.Language.Binding;
using Swml.Runtime.Calls;
using Swml.Runtime.Hosting;

namespace Swml.Cli.Run;

/// <summary>
/// <c>swml run &lt;file-or-dir&gt; --listen udp:127.0.0.1:5080</c>: serves SIP calls with the flow
/// (interpreted), on the hosting code an application uses (<see cref="SwmlServiceCollectionExtensions.AddSwml"/>).
/// </summary>
public static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var flows = new Argument<string>("file-or-dir") { Description = "The flow: a SWML file, or a folder of them (each a flow named after its file; the request-URI user picks one)." };
        var listen = new Option<string[]>("--listen") { Description = "udp:IP:PORT or tcp:IP:PORT (both transports on one address, so give one address), and tls:IP:PORT with --tls-cert.", Required = true };
        var dial = new Option<string?>("--dial") { Description = "Place a call to this SIP URI and run the flow on it once answered." };
        var maxCalls = new Option<int?>("--max-calls") { Description = "Exit once this many calls have ended and their callbacks are delivered or given up." };
        var projectId = new Option<string?>("--project-id") { Description = "call.project_id and the callbacks' project_id." };
        var spaceId = new Option<string?>("--space-id") { Description = "call.space_id and the callbacks' space_id." };
        var nodeId = new Option<string?>("--node-id") { Description = "call.node_id and the callbacks' node_id; the machine's name by default." };
        var flow = new Option<string?>("--flow") { Description = "The flow for calls whose request-URI user names none (with one file, that one)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only warnings, errors and the summary at exit." };
        var report = new Option<string?>("--report") { Description = "Write each call's trace, variables and outcome to this JSON file at exit (each call is kept until then)." };
        var env = new Option<string[]>("--env") { Description = "NAME=VALUE: an envs.* variable every flow sees (repeatable)." };
        var secretEnv = new Option<string[]>("--secret-env") { Description = "NAME=VALUE: an envs.* variable that holds a secret: never sent to execute URLs (repeatable)." };
        var referTimeout = new Option<double?>("--refer-timeout") { Description = "Seconds a sip_refer waits for each NOTIFY once accepted (32 for the first and 90 for the final by default)." };
        var documentTimeout = new Option<double?>("--document-timeout") { Description = "Seconds an execute or transfer URL may take to answer (30 by default)." };
        var tlsCertificate = new Option<string?>("--tls-cert") { Description = "Our certificate for SIP over TLS: a PEM file with the certificate and its key (or a .pfx); TLS listens on --listen tls:IP:PORT, else the next port." };
        var advertise = new Option<string?>("--advertise") { Description = "IP[:PORT] written in Via, Contact and SDP instead of the listening address (behind NAT, in a container)." };
        var outbox = new Option<string?>("--outbox") { Description = "PATH: a SQLite file where status callbacks are recorded before they are sent; what a killed or stopped run left is delivered at the next start, with the same webhook-id." };
        var rtpPorts = new Option<string?>("--rtp-ports") { Description = "FIRST-LAST: the UDP ports calls' RTP may use, an even one per call (20000-39999 by default)." };
        var command = new Command("run", "Serve SIP calls with a SWML flow.") { flows, listen, dial, maxCalls, projectId, spaceId, nodeId, flow, quiet, report, env, secretEnv, referTimeout, documentTimeout, advertise, tlsCertificate, rtpPorts, outbox };
        command.SetAction((result, cancellationToken) => RunAsync(
            new RunSettings(
                result.GetValue(flows)!,
                result.GetValue(listen)!,
                result.GetValue(dial),
                result.GetValue(maxCalls),
                result.GetValue(projectId),
                result.GetValue(spaceId),
                result.GetValue(nodeId),
                result.GetValue(flow),
                result.GetValue(quiet),
                result.GetValue(report),
                result.GetValue(env) ?? Array.Empty<string>(),
                result.GetValue(referTimeout),
                result.GetValue(documentTimeout),
                result.GetValue(secretEnv) ?? Array.Empty<string>(),
                result.GetValue(advertise),
                result.GetValue(tlsCertificate),
                result.GetValue(rtpPorts),
                result.GetValue(outbox)),
            output,
            error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(RunSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var tlsListens = settings.Listen.Where(l => l.StartsWith("tls:", StringComparison.OrdinalIgnoreCase)).ToList();
        if (ListenAddress(settings.Listen.Except(tlsListens).ToList(), error) is not { } address)
        {
            return ExitCodes.UsageOrIo;
        }

        string? tlsAddress = null;
        if (tlsListens.Count > 1 || tlsListens.Count == 1 && !System.Net.IPEndPoint.TryParse(tlsListens[0][4..], out _))
        {
            error.WriteLine($"swml: give one --listen tls:IP:PORT, not {string.Join(", ", tlsListens)}.");
            return ExitCodes.UsageOrIo;
        }
        else if (tlsListens.Count == 1)
        {
            tlsAddress = tlsListens[0][4..];
            if (settings.TlsCertificate is null)
            {
                error.WriteLine("swml: --listen tls: needs --tls-cert, a PEM file with our certificate and its key.");
                return ExitCodes.UsageOrIo;
            }
        }

        if (settings.MaxCalls is < 1)
        {
            error.WriteLine("swml: --max-calls must be at least 1.");
            return ExitCodes.UsageOrIo;
        }

        if (settings.ReferTimeoutSeconds is <= 0 || settings.DocumentTimeoutSeconds is <= 0)
        {
            error.WriteLine("swml: --refer-timeout and --document-timeout take a number of seconds above 0.");
            return ExitCodes.UsageOrIo;
        }

        var envs = new Dictionary<string, string>(StringComparer.Ordinal);
        var secretEnvs = new List<string>();
        foreach (var (pair, secret) in settings.Envs.Select(p => (p, false)).Concat(settings.SecretEnvs.Select(p => (p, true))))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1)
            {
                // Not echoed: it may be the secret itself.
                error.WriteLine(secret ? "swml: a --secret-env is not NAME=VALUE." : $"swml: --env {pair} is not NAME=VALUE.");
                return ExitCodes.UsageOrIo;
            }

            envs[pair[..equals]] = pair[(equals + 1)..];
            if (secret)
            {
                secretEnvs.Add(pair[..equals]);
            }
        }

        // Checked first, as swml check would: a flow with an error is never served.
        if (CheckFlows(settings.Flows, output, error) is { } failed)
        {
            return failed;
        }

        await using var ladder = settings.Quiet ? null : new SipLadder(output);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.IncludeScopes = false;
        });
        builder.Logging.SetMinimumLevel(settings.Quiet ? LogLevel.Warning : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        if (!settings.Quiet)
        {
            // The ladder shows the SIP side; the stack's own lines would repeat it.
            builder.Logging.AddFilter("Swml.Sip", LogLevel.Warning);
            builder.Logging.AddFilter("Swml.Runtime.Calls.HttpStatusCallbackSink", LogLevel.Debug);
        }

        if (ladder is not null)
        {
            builder.Services.AddSingleton<ISipMessageObserver>(ladder);
        }

        builder.Services.AddSwml(o =>
        {
            o.Listen = address;
            o.Advertise = settings.Advertise;
            o.RtpPorts = settings.RtpPorts;
            o.CallbackOutbox = settings.Outbox;
            o.TlsListen = tlsAddress;
            o.TlsCertificate = settings.TlsCertificate;
            o.ProjectId = settings.ProjectId;
            o.SpaceId = settings.SpaceId;
            o.NodeId = settings.NodeId ?? o.NodeId;
            o.DefaultFlow = settings.Flow;
            o.StopTimeout = TimeSpan.FromSeconds(10);

            // Only the stack's and the runtime's own code runs here, and none of it blocks.
            o.UnsafePreferInlineScheduling = true;
            o.Envs = envs;
            o.SecretEnvs = secretEnvs;
            if (settings.ReferTimeoutSeconds is { } refer)
            {
                o.ReferFirstNotifyTimeout = o.ReferFinalNotifyTimeout = TimeSpan.FromSeconds(refer);
            }

            if (settings.DocumentTimeoutSeconds is { } document)
            {
                o.DocumentTimeout = TimeSpan.FromSeconds(document);
            }
        }).AddFlowFiles(settings.Flows);

        using var host = builder.Build();
        var hosted = host.Services.GetRequiredService<SwmlHostedService>();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            error.WriteLine($"swml: cannot listen on {address}: {ex.Message}");
            return ExitCodes.UsageOrIo;
        }
        catch (Exception ex) when (ex is FormatException or CallbackOutboxException)
        {
            error.WriteLine($"swml: {ex.Message}");
            return ExitCodes.UsageOrIo;
        }

        var server = hosted.Server!;
        var tally = new RunTally(keepEveryCall: settings.Report is not null);
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wanted = settings.MaxCalls ?? (settings.Dial is null ? int.MaxValue : 1);
        server.CallEnded += summary =>
        {
            lock (tally)
            {
                if (tally.Add(summary) >= wanted)
                {
                    enough.TrySetResult();
                }
            }
        };
        if (!settings.Quiet)
        {
            output.WriteLine($"swml: serving {string.Join(", ", settings.Listen)} (SIP URI {server.Uri}); Ctrl+C to stop.");
        }

        if (settings.Dial is { } target)
        {
            _ = Task.Run(() => server.DialAsync(target, settings.Flow, cancellationToken), CancellationToken.None);
        }

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        Task done = await Task.WhenAny(enough.Task, Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping), Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        await done.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Stopping delivers the callbacks still queued, up to their deadline.
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (ladder is not null)
        {
            await ladder.DisposeAsync().ConfigureAwait(false);
        }

        WriteSummary(output, tally, hosted);
        if (settings.Report is { } path)
        {
            try
            {
                RunReport.Write(path, tally.Kept, hosted.Callbacks);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"swml: cannot write the report {path}: {ex.Message}");
                return ExitCodes.UsageOrIo;
            }
        }

        return ExitCodes.Success;
    }

    private static int? CheckFlows(string path, TextWriter output, TextWriter error)
    {
        IReadOnlyList<string> files;
        try
        {
            files = SwmlFiles.Expand(new[] { path });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"swml: {ex.Message}");
            return ExitCodes.UsageOrIo;
        }

        if (files.Count == 0)
        {
            error.WriteLine($"swml: no SWML files in {path}");
            return ExitCodes.UsageOrIo;
        }

        var failed = false;
        foreach (var file in files)
        {
            var document = SwmlDocument.Parse(File.ReadAllText(file), file);
            foreach (var diagnostic in document.Diagnostics.Where(d => d.IsError))
            {
                error.WriteLine(diagnostic.ToString(file));
                failed = true;
            }
        }

        if (failed)
        {
            error.WriteLine("swml: the flow has errors; nothing is served.");
            return ExitCodes.ErrorsFound;
        }

        return null;
    }

    /// <summary>The one address of the --listen options: udp:IP:PORT and tcp:IP:PORT may both be given for it.</summary>
    private static string? ListenAddress(IReadOnlyList<string> listens, TextWriter error)
    {
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var listen in listens)
        {
            var colon = listen.IndexOf(':', StringComparison.Ordinal);
            var scheme = colon < 0 ? string.Empty : listen[..colon].ToLowerInvariant();
            if (scheme is not ("udp" or "tcp") || !System.Net.IPEndPoint.TryParse(listen[(colon + 1)..], out var endPoint) || endPoint.Port == 0 && !listen.EndsWith(":0", StringComparison.Ordinal))
            {
                error.WriteLine($"swml: --listen {listen} is not udp:IP:PORT or tcp:IP:PORT.");
                return null;
            }

            addresses.Add(endPoint.ToString());
        }

        if (addresses.Count != 1)
        {
            error.WriteLine($"swml: --listen gives {addresses.Count} addresses; the SIP endpoint takes UDP and TCP on one: {string.Join(", ", addresses)}.");
            return null;
        }

        return addresses.First();
    }

    private static void WriteSummary(TextWriter output, RunTally tally, SwmlHostedService hosted)
    {
        output.WriteLine($"swml: {tally.Count} call{(tally.Count == 1 ? string.Empty : "s")} served.");
        if (tally.Count > RunTally.ListedCalls)
        {
            // Under load, counts say more than thousands of lines.
            foreach (var (outcome, count) in tally.ByOutcome)
            {
                output.WriteLine($"  {count} x {outcome}");
            }
        }
        else
        {
            foreach (var call in tally.Kept)
            {
                var refer = call.SipReferResult is { } result ? $", sip_refer_result {result}" : string.Empty;
                var scriptError = call.ScriptError is { } error ? $", script_error: {error}" : string.Empty;
                output.WriteLine($"  {call.Direction} {call.From} -> {call.To}: flow {call.Flow}, {call.EndReason?.ToString() ?? "not run"} after {call.Trace.Count} steps in {call.Duration.TotalSeconds:0.0} s{refer}{scriptError}");
            }
        }

        if (hosted.Callbacks is { } callbacks)
        {
            output.WriteLine($"swml: callbacks {callbacks.DeliveredCount} delivered, {callbacks.GivenUpCount} given up, {callbacks.DroppedCount} dropped.");
        }
    }
}

/// <summary>What <c>swml run</c> was asked to do.</summary>
public sealed record RunSettings(
    string Flows,
    IReadOnlyList<string> Listen,
    string? Dial = null,
    int? MaxCalls = null,
    string? ProjectId = null,
    string? SpaceId = null,
    string? NodeId = null,
    string? Flow = null,
    bool Quiet = false,
    string? Report = null,
    IReadOnlyList<string>? EnvPairs = null,
    double? ReferTimeoutSeconds = null,
    double? DocumentTimeoutSeconds = null,
    IReadOnlyList<string>? SecretEnvPairs = null,
    string? Advertise = null,
    string? TlsCertificate = null,
    string? RtpPorts = null,
    string? Outbox = null)
{
    public IReadOnlyList<string> Envs => EnvPairs ?? Array.Empty<string>();

    public IReadOnlyList<string> SecretEnvs => SecretEnvPairs ?? Array.Empty<string>();
}

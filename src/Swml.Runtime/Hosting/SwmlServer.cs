using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Swml.Runtime.Calls;
using Swml.Runtime.Media;
using Swml.Runtime.Flow;
using Swml.Runtime.Sip;
using Swml.Sip.Calls;
using Swml.Sip.Media;
using Swml.Sip.Message;

namespace Swml.Runtime.Hosting;

/// <summary>
/// Serves SIP calls with SWML flows: a SIP endpoint that takes each INVITE (503 with Retry-After
/// beyond the concurrent-call limit or while stopping, 404 when no flow is found), rings, and runs
/// the flow its request-URI user names on it, or places a call and runs a flow once it is
/// answered. A flow's steps talk to the call through <see cref="SipBackedCall"/> and to the outside
/// world through <see cref="CallStepHandler"/>; callbacks go to one <see cref="IStatusCallbackSink"/>.
/// When a flow ends the call is ended too, as SignalWire does. Stopping refuses new calls, gives
/// running flows <see cref="SwmlServerOptions.StopTimeout"/>, then hangs up what is left.
/// </summary>
public sealed class SwmlServer : IAsyncDisposable
{
    private readonly SwmlServerOptions _options;
    private readonly FlowRegistry _flows;
    private readonly IStatusCallbackSink _callbacks;
    private readonly HttpClient _http;

    // Play URLs made audio for every call: one cache of fetched files, one synthesizer.
    private readonly PlaybackResolver _playback;
    private readonly IReadOnlyList<IMethodHandler> _methods;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CallIdentity _identity;
    private readonly JsonObject _envs;
    private readonly string[] _secretEnvs;
    private readonly Action<Swml.Sip.Transactions.SipTraceEntry>? _trace;
    private readonly ConcurrentDictionary<int, Task> _running = new();
    private readonly CancellationTokenSource _abort = new();
    private SipEndpoint? _endpoint;
    private int _active;
    private int _nextRun;
    private long _ended;
    private volatile bool _draining;
    private int _stopped;

    public SwmlServer(
        SwmlServerOptions options,
        FlowRegistry flows,
        IStatusCallbackSink callbacks,
        HttpClient http,
        IReadOnlyList<IMethodHandler>? methods = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        Action<Swml.Sip.Transactions.SipTraceEntry>? trace = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(http);
        _options = options;
        _flows = flows;
        _callbacks = callbacks;
        _http = http;
        _playback = new PlaybackResolver(new HttpAudioCache(http), _options.SpeechSynthesizer ?? new EspeakSpeechSynthesizer());
        _methods = methods ?? Array.Empty<IMethodHandler>();
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger("Swml.Runtime.Calls");
        _time = time ?? TimeProvider.System;
        _identity = new CallIdentity(options.NodeId, options.ProjectId, options.SpaceId);
        _trace = trace;
        _envs = new JsonObject(options.Envs.Select(e => new KeyValuePair<string, JsonNode?>(e.Key, JsonValue.Create(e.Value))));
        _secretEnvs = options.SecretEnvs.ToArray();
        if (options.DefaultFlow is { } flow)
        {
            flows.DefaultFlow = flow;
        }
    }

    /// <summary>Raised once per call when its flow has ended and the call with it; on a thread-pool thread.</summary>
    public event Action<CallSummary>? CallEnded;

    /// <summary>Where the SIP endpoint listens (the port is chosen when the options say 0).</summary>
    public IPEndPoint EndPoint => Endpoint.EndPoint;

    /// <summary>Where SIP over TLS listens, or null without <see cref="SwmlServerOptions.TlsCertificate"/>.</summary>
    public IPEndPoint? TlsEndPoint => Endpoint.TlsEndPoint;

    /// <summary>Our SIP URI.</summary>
    public SipUri Uri => Endpoint.Uri;

    /// <summary>Calls being served now.</summary>
    public int ActiveCalls => Volatile.Read(ref _active);

    /// <summary>Calls whose flow has ended.</summary>
    public long EndedCalls => Interlocked.Read(ref _ended);

    private SipEndpoint Endpoint => _endpoint ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>Starts the SIP endpoint and takes calls.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_endpoint is not null)
        {
            throw new InvalidOperationException("The server is started already.");
        }

        (IPAddress Address, int? Port)? advertised = _options.Advertise is { } advertise ? ParseAdvertise(advertise) : null;
        _endpoint = SipEndpoint.Start(new SipEndpointOptions
        {
            EndPoint = ParseListen(_options.Listen),
            AdvertisedAddress = advertised?.Address,
            AdvertisedPort = advertised?.Port,
            TlsCertificate = _options.TlsCertificate is { } certificate ? LoadCertificate(certificate) : null,
            TlsEndPoint = _options.TlsListen is { } tlsListen ? ParseListen(tlsListen) : null,
            User = _options.User,
            LoggerFactory = _loggers,
            Trace = _trace,
            IncomingCallHandler = Take,
            UnsafePreferInlineScheduling = _options.UnsafePreferInlineScheduling,
            RtpPorts = _options.RtpPorts is { } ports ? ParseRtpPorts(ports) : RtpPortRange.Default,
        });
        _logger.LogInformation("Serving SIP calls on {EndPoint} with the flows {Flows}", _endpoint.EndPoint, string.Join(", ", _flows.Names));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Places a call to <paramref name="target"/> and runs the flow (by name, else the default) once
    /// it is answered. Returns how the call went; a call that is never answered ends without a flow.
    /// </summary>
    public async Task<CallSummary> DialAsync(string target, string? flow = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var chosen = _flows.Resolve(flow) ?? throw new ArgumentException(flow is null ? "No default flow to run." : $"No flow named '{flow}'.", nameof(flow));
        Interlocked.Increment(ref _active);
        SwmlTelemetry.ActiveCalls.Add(1);
        var started = _time.GetTimestamp();
        try
        {
            SipCall sipCall;
            try
            {
                sipCall = await Endpoint.DialAsync(target, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (SipCallFailedException ex)
            {
                _logger.LogWarning("Calling {Target} failed: {Status} {Reason}", target, ex.StatusCode, ex.Message);
                return Ended(new CallSummary(string.Empty, string.Empty, "outbound", chosen.Name, Uri.ToString(), target, null, null, $"call failed: {ex.StatusCode} {ex.Message}", _time.GetElapsedTime(started), Array.Empty<TraceEntry>(), new JsonObject()));
            }

            var info = CallInfo.Outbound(sipCall.CallId, sipCall.Dialog.Local, sipCall.Dialog.Remote, _identity);
            await using var call = SipBackedCall.Outbound(sipCall, info, _time, _logger);
            call.Playback = _playback;
            return await RunAsync(call, chosen, started, sipCall.CallId).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            SwmlTelemetry.ActiveCalls.Add(-1);
        }
    }

    /// <summary>
    /// Stops: new INVITEs get 503, running flows get <see cref="SwmlServerOptions.StopTimeout"/>
    /// (or until <paramref name="cancellationToken"/>), then their calls are hung up, and the endpoint closes.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _endpoint is null)
        {
            return;
        }

        _draining = true;

        // New INVITEs and OPTIONS probes get 503 from the stack itself: a dispatcher takes the node out.
        _endpoint.StartDraining();
        var running = Task.WhenAll(_running.Values);
        _logger.LogInformation("Stopping: {Count} calls running, new calls refused", ActiveCalls);
        try
        {
            await running.WaitAsync(_options.StopTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            _logger.LogWarning("{Count} calls still running at the stop deadline: hanging them up", ActiveCalls);
            _abort.Cancel();
            await running.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _endpoint.DisposeAsync().ConfigureAwait(false);
        _logger.LogInformation("Stopped after {Count} calls", EndedCalls);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _abort.Dispose();
    }

    /// <summary>
    /// Refuses the INVITE, or counts it and runs its flow. The endpoint calls this in a thread-pool
    /// work item of the call's own (or inline, when asked), so the flow starts here, without a further hop.
    /// </summary>
    private void Take(IncomingCall incoming)
    {
        if (_draining)
        {
            Refuse(incoming, "stopping");
            return;
        }

        if (Interlocked.Increment(ref _active) > _options.MaxConcurrentCalls)
        {
            Interlocked.Decrement(ref _active);
            Refuse(incoming, "overload");
            return;
        }

        var user = (incoming.Invite.RequestUri as SipUri)?.UnescapedUser;
        if (_flows.Resolve(user) is not { } flow)
        {
            Interlocked.Decrement(ref _active);
            SwmlTelemetry.Rejected.Add(1, new KeyValuePair<string, object?>("reason", "no_flow"));
            _logger.LogWarning("No flow for {RequestUri}: 404", incoming.Invite.RequestUri);
            _ = incoming.RejectAsync(404, "Not Found");
            return;
        }

        SwmlTelemetry.ActiveCalls.Add(1);
        var run = Interlocked.Increment(ref _nextRun);
        var task = ServeAsync(incoming, flow);
        _running[run] = task;
        task.ContinueWith(_ => _running.TryRemove(run, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Refuse(IncomingCall incoming, string reason)
    {
        SwmlTelemetry.Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _logger.LogWarning("Refused the INVITE {SipCallId} from {From} ({Reason}): 503", incoming.CallId, incoming.From.Uri, reason);
        _ = incoming.RejectAsync(503, "Service Unavailable", new[] { ("Retry-After", _options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
    }

    private async Task ServeAsync(IncomingCall incoming, (string Name, FlowDefinition Definition) flow)
    {
        var started = _time.GetTimestamp();
        try
        {
            var info = CallInfo.Inbound(incoming.Invite, _identity);
            await using var call = SipBackedCall.Inbound(incoming, info, _time, _logger);
            call.Playback = _playback;
            try
            {
                await incoming.RingAsync(call.Ended).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Cancelled before ringing: the flow still starts, and ends at once.
            }

            await RunAsync(call, flow, started, incoming.CallId).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Serving the call {SipCallId} failed", incoming.CallId);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            SwmlTelemetry.ActiveCalls.Add(-1);
        }
    }

    /// <summary>Runs a flow on a call, then ends the call if the flow left it up.</summary>
    private async Task<CallSummary> RunAsync(SipBackedCall call, (string Name, FlowDefinition Definition) flow, long started, string sipCallId)
    {
        var callId = call.Info["call_id"]!.GetValue<string>();
        var direction = call.Info["direction"]!.GetValue<string>();
        // The node's name in every log line and span of the call: behind a load balancer, which node ran it.
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["CallId"] = callId, ["SipCallId"] = sipCallId, ["NodeId"] = _identity.NodeId });
        using var activity = SwmlTelemetry.Source.StartActivity("swml.call", direction == "inbound" ? ActivityKind.Server : ActivityKind.Client);
        activity?.SetTag("swml.node_id", _identity.NodeId);
        activity?.SetTag("swml.call_id", callId);
        activity?.SetTag("swml.flow", flow.Name);
        activity?.SetTag("swml.direction", direction);
        activity?.SetTag("sip.call_id", sipCallId);
        _logger.LogInformation("Call {CallId} {Direction} from {From} to {To}: flow {Flow}", callId, direction, call.Info["from"], call.Info["to"], flow.Name);

        var handler = new CallStepHandler(call, _callbacks, _http, new CallStepHandlerOptions
        {
            RunId = callId,
            Time = _time,
            Logger = _logger,
            DocumentTimeout = _options.DocumentTimeout,
            MaxDocumentBytes = _options.MaxDocumentBytes,
            ReferFirstNotifyTimeout = _options.ReferFirstNotifyTimeout,
            ReferFinalNotifyTimeout = _options.ReferFinalNotifyTimeout,
            MethodHandlers = _methods,
        });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(call.Ended, _abort.Token);
        FlowResult? result = null;
        try
        {
            result = await FlowEngine.RunAsync(
                flow.Definition,
                new TracingStepHandler(handler, _logger),
                new FlowRunOptions { Call = call.Info, CallIsOwned = true, Envs = _envs, SecretEnvironmentNames = _secretEnvs, Time = _time },
                cancel.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The flow {Flow} failed on call {CallId}", flow.Name, callId);
        }

        if (!call.Ended.IsCancellationRequested)
        {
            // The script is over, and so is the call.
            try
            {
                await call.HangupAsync("hangup", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Ending call {CallId} after its flow failed", callId);
            }
        }

        var summary = new CallSummary(
            callId,
            sipCallId,
            direction,
            flow.Name,
            call.Info["from"]?.ToString() ?? string.Empty,
            call.Info["to"]?.ToString() ?? string.Empty,
            result?.Reason,
            result?.Variables.GetString("sip_refer_result"),
            result?.ScriptError,
            _time.GetElapsedTime(started),
            result?.Trace ?? Array.Empty<TraceEntry>(),
            result?.Variables.Vars ?? new JsonObject()); // the run is over: its vars are handed on, not copied
        activity?.SetTag("swml.end_reason", summary.EndReason?.ToString() ?? "failed");
        _logger.LogInformation("Call {CallId} ended: {Reason} after {Steps} steps{Refer}", callId, summary.EndReason?.ToString() ?? "failed", summary.Trace.Count, summary.SipReferResult is { } refer ? ", sip_refer_result " + refer : string.Empty);

        // The span ends before the call is reported ended, so whoever hears of the end finds it complete.
        activity?.Stop();
        return Ended(summary);
    }

    private CallSummary Ended(CallSummary summary)
    {
        Interlocked.Increment(ref _ended);
        SwmlTelemetry.Calls.Add(1, new KeyValuePair<string, object?>("direction", summary.Direction), new KeyValuePair<string, object?>("end_reason", summary.EndReason?.ToString() ?? "failed"));
        SwmlTelemetry.Duration.Record(summary.Duration.TotalSeconds);
        try
        {
            CallEnded?.Invoke(summary);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A CallEnded handler failed");
        }

        return summary;
    }

    /// <summary>"127.0.0.1:5060", "[::1]:5060", or a port alone (on 127.0.0.1).</summary>
    internal static IPEndPoint ParseListen(string listen)
    {
        if (int.TryParse(listen, out var port))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPEndPoint.TryParse(listen, out var endPoint)
            ? endPoint
            : throw new FormatException($"'{listen}' is not an address and port to listen on, such as 127.0.0.1:5060.");
    }

    /// <summary>A PEM (certificate and key) or PKCS#12 file; a file that is neither fails the start with its reason.</summary>
    internal static X509Certificate2 LoadCertificate(string path)
    {
        try
        {
            var loaded = path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, null)
                : X509Certificate2.CreateFromPemFile(path);
            if (!loaded.HasPrivateKey)
            {
                throw new FormatException($"The TLS certificate {path} has no private key.");
            }

            // Through PKCS#12, so that SslStream can use the key on every platform.
            using (loaded)
            {
                return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new FormatException($"The TLS certificate {path} cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>"20000-29999": the RTP port range of <see cref="SwmlServerOptions.RtpPorts"/>.</summary>
    internal static RtpPortRange ParseRtpPorts(string ports)
    {
        var parts = ports.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var first) && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var last)
            && first >= 1024 && last <= 65534 && last > first)
        {
            return new RtpPortRange(first, last);
        }

        throw new FormatException($"'{ports}' is not an RTP port range such as 20000-29999 (two ports from 1024 to 65534, the first below the last).");
    }

    /// <summary>"203.0.113.5" or "203.0.113.5:5060": an address, with a port when it is mapped too.</summary>
    internal static (IPAddress Address, int? Port) ParseAdvertise(string advertise)
    {
        if (IPAddress.TryParse(advertise, out var address))
        {
            return (address, null);
        }

        return IPEndPoint.TryParse(advertise, out var endPoint) && endPoint.Port != 0
            ? (endPoint.Address, endPoint.Port)
            : throw new FormatException($"'{advertise}' is not an address (and port) to advertise, such as 203.0.113.5 or 203.0.113.5:5060.");
    }
}

/// <summary>How one call went: its ids, flow, parties, how its flow ended, and what it left.</summary>
/// <param name="EndReason">How the flow ended; null when it never ran (the call failed) or failed.</param>
public sealed record CallSummary(
    string CallId,
    string SipCallId,
    string Direction,
    string Flow,
    string From,
    string To,
    FlowEndReason? EndReason,
    string? SipReferResult,
    string? ScriptError,
    TimeSpan Duration,
    IReadOnlyList<TraceEntry> Trace,
    JsonObject Vars);

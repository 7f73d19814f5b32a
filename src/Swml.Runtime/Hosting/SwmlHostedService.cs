using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Swml.Language.Syntax;
using Swml.Runtime.Calls;

namespace Swml.Runtime.Hosting;

/// <summary>
/// The <see cref="SwmlServer"/> of a host: built and started with the host (flows read and checked
/// first: a flow with an error fails the start), stopped with it (new calls refused, running
/// flows given their deadline, then status callbacks delivered up to theirs). Inject it to place
/// calls: <c>hosted.Server.DialAsync(...)</c>.
/// </summary>
public sealed class SwmlHostedService : IHostedService, IAsyncDisposable
{
    private readonly SwmlServerOptions _options;
    private readonly HttpStatusCallbackOptions _callbackOptions;
    private readonly IEnumerable<FlowSetup> _flows;
    private readonly IEnumerable<IMethodHandler> _methods;
    private readonly ISipMessageObserver[] _observers;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private HttpClient? _http;
    private HttpStatusCallbackSink? _callbacks;
    private CallbackOutbox? _outbox;
    private SwmlServer? _server;

    public SwmlHostedService(
        IOptions<SwmlServerOptions> options,
        IOptions<HttpStatusCallbackOptions> callbackOptions,
        IEnumerable<FlowSetup> flows,
        IEnumerable<IMethodHandler> methods,
        IEnumerable<ISipMessageObserver> observers,
        TimeProvider time,
        ILoggerFactory? loggers = null)
    {
        _observers = observers.ToArray();
        _options = options.Value;
        _callbackOptions = callbackOptions.Value with
        {
            Time = time,

            // Flows run on the SIP threads already: a hop per call's callbacks would buy nothing.
            StartOnPostingThread = callbackOptions.Value.StartOnPostingThread || options.Value.UnsafePreferInlineScheduling,
        };
        _flows = flows;
        _methods = methods;
        _time = time;
        _loggers = loggers ?? NullLoggerFactory.Instance;
    }

    /// <summary>The running server; null before the host started.</summary>
    public SwmlServer? Server => _server;

    /// <summary>The status callbacks' sink, for its counters; null before the host started.</summary>
    public HttpStatusCallbackSink? Callbacks => _callbacks;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = _loggers.CreateLogger("Swml.Runtime.Flows");
        var registry = new FlowRegistry();
        var handled = new SwmlParseOptions { HandledMethods = _methods.Select(m => m.Method).ToArray() };
        foreach (var setup in _flows)
        {
            if (setup.Files is { } files)
            {
                // Files are checked as swml check does, knowing which methods the application runs.
                foreach (var (path, diagnostic) in registry.AddFiles(files, handled))
                {
                    logger.LogWarning("{Diagnostic}", diagnostic.ToString(path));
                }
            }
            else
            {
                setup.Apply(registry);
            }
        }

        // Opened first: a file that is not a readable outbox stops the start before any call.
        _outbox = _options.CallbackOutbox is { } outboxPath
            ? CallbackOutbox.Open(new CallbackOutboxOptions { Path = outboxPath }, _time, _loggers.CreateLogger<CallbackOutbox>())
            : null;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        _callbacks = new HttpStatusCallbackSink(_http, _callbackOptions with { Outbox = _outbox }, _loggers.CreateLogger<HttpStatusCallbackSink>());
        _callbacks.DeliverUnsettled();
        Action<Swml.Sip.Transactions.SipTraceEntry>? trace = _observers.Length == 0 ? null : entry =>
        {
            foreach (var observer in _observers)
            {
                observer.OnMessage(entry);
            }
        };
        _server = new SwmlServer(_options, registry, _callbacks, _http, _methods.ToArray(), _loggers, _time, trace);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_callbacks is not null)
        {
            await _callbacks.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        if (_callbacks is not null)
        {
            await _callbacks.DisposeAsync().ConfigureAwait(false);
        }

        _outbox?.Dispose();
        _http?.Dispose();
    }
}

using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Swml.Runtime.Calls;
using Swml.Runtime.Hosting;
using Swml.Sip.Calls;

namespace Swml.Runtime.Tests.Hosting;

/// <summary>What OpenTelemetry gets from "Swml.Runtime": a span per call and per step, and the counters.</summary>
public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACallGivesACallSpanAStepSpanPerHandledStepAndCountsTheCall()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SwmlTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new ConcurrentQueue<(string Name, long Value, string Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SwmlTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        meters.Start();

        var registry = new FlowRegistry();
        registry.AddDocument("greet", "version: 1.0.0\nsections:\n  main:\n    - answer: {}\n    - set: {x: 1}\n", "greet.swml");
        using var http = new HttpClient();
        var logs = new ScopeRecorder();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        await using var server = new SwmlServer(new SwmlServerOptions { Listen = "127.0.0.1:0", NodeId = "node-7" }, registry, new NoCallbacks(), http, loggerFactory: loggers);
        var ended = new TaskCompletionSource<CallSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.CallEnded += s => ended.TrySetResult(s);
        await server.StartAsync(Ct);
        await using var phone = SipEndpoint.Start();

        var call = await phone.DialAsync($"sip:greet@{server.EndPoint}", cancellationToken: Ct);
        var summary = await ended.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await call.Ended.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var callSpan = Assert.Single(spans, s => s.OperationName == "swml.call" && (string?)s.GetTagItem("swml.call_id") == summary.CallId);
        Assert.Equal("node-7", (string?)callSpan.GetTagItem("swml.node_id"));
        Assert.Contains(logs.ScopedLines, l => l.Contains("NodeId=node-7", StringComparison.Ordinal) && l.Contains("CallId=" + summary.CallId, StringComparison.Ordinal));
        Assert.Equal(("greet", "inbound", call.CallId, "Completed"), ((string?)callSpan.GetTagItem("swml.flow"), (string?)callSpan.GetTagItem("swml.direction"), (string?)callSpan.GetTagItem("sip.call_id"), (string?)callSpan.GetTagItem("swml.end_reason")));
        var stepSpan = Assert.Single(spans, s => s.OperationName == "swml.step" && s.ParentSpanId == callSpan.SpanId);
        Assert.Equal(("main[0]", "answer"), ((string?)stepSpan.GetTagItem("swml.step"), (string?)stepSpan.GetTagItem("swml.method")));
        Assert.Contains(measurements, m => m.Name == "swml.calls" && m.Value == 1 && m.Tags.Contains("end_reason=Completed", StringComparison.Ordinal));
        Assert.Contains(measurements, m => m.Name == "swml.calls.active" && m.Value == 1);
        Assert.Contains(measurements, m => m.Name == "swml.calls.active" && m.Value == -1);
    }

    private sealed class NoCallbacks : IStatusCallbackSink
    {
        public void Post(string callId, string url, System.Text.Json.Nodes.JsonObject body)
        {
        }
    }

    /// <summary>Log lines written inside a scope, with the scope's values (what a JSON console or OTLP exporter attaches).</summary>
    private sealed class ScopeRecorder : ILoggerProvider, ILogger
    {
        private readonly AsyncLocal<IReadOnlyList<KeyValuePair<string, object>>?> _scope = new();

        public ConcurrentQueue<string> ScopedLines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            var outer = _scope.Value;
            _scope.Value = state as IReadOnlyList<KeyValuePair<string, object>> ?? (state as IEnumerable<KeyValuePair<string, object>>)?.ToList();
            return new Restore(() => _scope.Value = outer);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (_scope.Value is { } scope)
            {
                ScopedLines.Enqueue(string.Join(",", scope.Select(kv => $"{kv.Key}={kv.Value}")) + " " + formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }

        private sealed class Restore(Action restore) : IDisposable
        {
            public void Dispose() => restore();
        }
    }
}

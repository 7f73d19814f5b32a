using System.Text.Json.Nodes;
using Swml.Runtime;
using Swml.Runtime.Calls;
using Swml.Runtime.Flow;

namespace Swml.Testing;

/// <summary>
/// Wires a flow to a <see cref="FakeCall"/>, <see cref="FakeHttp"/>, a <see cref="RecordingCallbackSink"/>
/// and a <see cref="TestClock"/> through the runtime's real <see cref="CallStepHandler"/>, and runs it once.
/// </summary>
public sealed class SwmlTestBuilder
{
    private readonly SwmlFlow _flow;
    private JsonObject? _vars;
    private JsonObject? _envs;
    private FlowLimits _limits = FlowLimits.Default;
    private string _runId = "test-run-id";
    private TimeSpan _timeout = TimeSpan.FromSeconds(30);
    private bool _ran;

    internal SwmlTestBuilder(SwmlFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        _flow = flow;
        Clock = new TestClock();
        Call = new FakeCall(Clock);
    }

    public TestClock Clock { get; }

    public FakeCall Call { get; }

    public FakeHttp Http { get; } = new();

    public RecordingCallbackSink Callbacks { get; } = new();

    /// <summary>Says how the far end behaves: <c>c => c.Refer.Accepts().ThenNotifies(100, 200)</c>.</summary>
    public SwmlTestBuilder WithCall(Action<FakeCall> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        script(Call);
        return this;
    }

    /// <summary>Says what URLs answer: <c>h => h.When("https://x/api").ReturnsJson(...)</c>.</summary>
    public SwmlTestBuilder WithHttp(Action<FakeHttp> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        script(Http);
        return this;
    }

    /// <summary>An execute or transfer URL answers with this SWML document.</summary>
    public SwmlTestBuilder WithDocument(string url, string swml)
    {
        Http.ReturnsDocument(url, swml);
        return this;
    }

    /// <summary>Variables the call already holds when the flow starts.</summary>
    public SwmlTestBuilder WithVars(JsonObject vars)
    {
        _vars = vars;
        return this;
    }

    public SwmlTestBuilder WithEnvs(JsonObject envs)
    {
        _envs = envs;
        return this;
    }

    public SwmlTestBuilder WithLimits(FlowLimits limits)
    {
        _limits = limits;
        return this;
    }

    /// <summary>The run id of callbacks' event_channel ("swml:test-run-id" by default).</summary>
    public SwmlTestBuilder WithRunId(string runId)
    {
        _runId = runId;
        return this;
    }

    /// <summary>Wall-clock time the run may take before the test fails (30 s): a guard against a flow that waits forever.</summary>
    public SwmlTestBuilder WithTimeout(TimeSpan timeout)
    {
        _timeout = timeout;
        return this;
    }

    public async Task<SwmlTestRun> RunAsync(CancellationToken cancellationToken = default)
    {
        if (_ran)
        {
            throw new InvalidOperationException("A test run uses its call once; start another with SwmlTest.For.");
        }

        _ran = true;
        using var http = new HttpClient(Http, disposeHandler: false);
        var handler = new CallStepHandler(Call, Callbacks, http, new CallStepHandlerOptions { RunId = _runId, Time = Clock });
        var options = new FlowRunOptions { Call = Call.Info, Vars = _vars, Envs = _envs, Limits = _limits, Time = Clock };

        // The run ends when the call does, as on a real call; the guard only catches a test that would hang.
        using var guard = new CancellationTokenSource(_timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Call.Ended, guard.Token);
        var result = await _flow.RunAsync(handler, options, linked.Token).ConfigureAwait(false);
        if (guard.IsCancellationRequested && !Call.IsEnded)
        {
            throw new TimeoutException(
                $"The flow was still running after {_timeout.TotalSeconds:0.#} s of real time. Trace so far: {string.Join(" -> ", result.Trace)}. " +
                "A flow that waits until the call ends (sleep: -1) needs the far end to hang up: script it with Call.HangsUpAfter(...).");
        }

        return new SwmlTestRun(result, Call, Callbacks.Callbacks, Http.Requests, Clock, _runId);
    }
}

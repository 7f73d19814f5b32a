using System.Text.Json.Nodes;
using Swml.Runtime.Flow;
using Swml.Runtime.Values;

namespace Swml.Testing;

/// <summary>What a test run did: the trace, the variables, what the call saw, the callbacks and requests.</summary>
public sealed class SwmlTestRun
{
    internal SwmlTestRun(FlowResult result, FakeCall call, IReadOnlyList<RecordedCallback> callbacks, IReadOnlyList<RecordedRequest> requests, TestClock clock, string runId)
    {
        Result = result;
        Call = call;
        Callbacks = callbacks;
        Requests = requests;
        Clock = clock;
        RunId = runId;
        Variables = new TestVariables(result.Variables);
    }

    public FlowResult Result { get; }

    public FlowEndReason EndReason => Result.Reason;

    /// <summary>Each step as it ran: section, path and method.</summary>
    public IReadOnlyList<TraceEntry> Trace => Result.Trace;

    /// <summary>The methods of the trace, in order ("answer", "sip_refer", "play"...).</summary>
    public IReadOnlyList<string> Methods => Result.Trace.Select(t => t.Method).ToArray();

    public TestVariables Variables { get; }

    /// <summary>The value of a top-level return that ended the flow.</summary>
    public JsonNode? ReturnValue => Result.ReturnValue;

    /// <summary>script_error: the last runtime error, if any.</summary>
    public string? ScriptError => Result.ScriptError;

    public FakeCall Call { get; }

    /// <summary>The URLs played, in order.</summary>
    public IReadOnlyList<string> Played => Call.Played;

    /// <summary>The REFERs sent, with the credentials they offered (never the password).</summary>
    public IReadOnlyList<SentRefer> Refers => Call.Refers;

    /// <summary>The status callbacks that would have been posted, in order.</summary>
    public IReadOnlyList<RecordedCallback> Callbacks { get; }

    /// <summary>The HTTP requests made (request steps and execute/transfer URLs), in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests { get; }

    public TestClock Clock { get; }

    public string RunId { get; }

    public override string ToString() => $"{EndReason}: {string.Join(" -> ", Trace)}";
}

/// <summary>The flow's variables after the run, read by path (<c>sip_refer_result</c>, <c>request_response.a.b</c>, <c>call.from</c>).</summary>
public sealed class TestVariables
{
    private readonly VariableStore _store;

    internal TestVariables(VariableStore store) => _store = store;

    /// <summary>The value as the flow would interpolate it; null when unset.</summary>
    public string? this[string path] => SwmlValue.ToTextOrNull(_store.Get(path));

    /// <summary>The value as JSON; null when unset.</summary>
    public JsonNode? Json(string path) => _store.Get(path)?.DeepClone();

    /// <summary>Whether a variable of vars is set.</summary>
    public bool IsSet(string name) => _store.IsSet(name);

    /// <summary>A copy of all of vars.</summary>
    public JsonObject Vars => _store.Vars.DeepClone().AsObject();
}

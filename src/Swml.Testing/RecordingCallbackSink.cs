using System.Text.Json.Nodes;
using Swml.Runtime.Calls;

namespace Swml.Testing;

/// <summary>Keeps the status callbacks a flow would have posted, in order, instead of sending them.</summary>
public sealed class RecordingCallbackSink : IStatusCallbackSink
{
    private readonly object _gate = new();
    private readonly List<RecordedCallback> _callbacks = new();

    public IReadOnlyList<RecordedCallback> Callbacks
    {
        get
        {
            lock (_gate)
            {
                return _callbacks.ToArray();
            }
        }
    }

    public void Post(string callId, string url, JsonObject body)
    {
        lock (_gate)
        {
            _callbacks.Add(new RecordedCallback(callId, url, body.DeepClone().AsObject()));
        }
    }
}

/// <summary>A status callback that would have been POSTed: where, and its JSON body.</summary>
public sealed record RecordedCallback(string CallId, string Url, JsonObject Body)
{
    /// <summary>event_type, e.g. "calling.call.refer".</summary>
    public string? EventType => Body["event_type"]?.GetValue<string>();

    public JsonObject Params => Body["params"] as JsonObject ?? new JsonObject();

    /// <summary>params.state, e.g. "inProgress" or "success".</summary>
    public string? State => Params["state"]?.GetValue<string>();

    public override string ToString() => $"POST {HttpUrls.Redact(Url)} {Body.ToJsonString()}";
}

using System.Text.Json.Nodes;

namespace Swml.EndToEnd.Tests.Infrastructure;

/// <summary>swml run's --report, read back: each call and the callbacks' counts.</summary>
internal sealed record RunReport(IReadOnlyList<ReportedCall> Calls, long Delivered, long GivenUp, long Dropped, string Text)
{
    public static RunReport Read(string path)
    {
        var text = File.ReadAllText(path);
        var root = JsonNode.Parse(text)!.AsObject();
        var calls = root["calls"]!.AsArray().Select(c => ReportedCall.From(c!.AsObject())).ToArray();
        var callbacks = root["callbacks"]?.AsObject();
        return new RunReport(
            calls,
            callbacks?["delivered"]?.GetValue<long>() ?? 0,
            callbacks?["given_up"]?.GetValue<long>() ?? 0,
            callbacks?["dropped"]?.GetValue<long>() ?? 0,
            text);
    }

    /// <summary>The one call of a run with --max-calls 1.</summary>
    public ReportedCall Call => Assert.Single(Calls);
}

/// <summary>One call of the report: ids, how its flow ended, its trace ("main[1] sip_refer") and variables.</summary>
internal sealed record ReportedCall(
    string CallId,
    string Direction,
    string Flow,
    string? EndReason,
    string? SipReferResult,
    string? ScriptError,
    IReadOnlyList<string> Trace,
    JsonObject Vars)
{
    public static ReportedCall From(JsonObject call) => new(
        call["call_id"]!.GetValue<string>(),
        call["direction"]!.GetValue<string>(),
        call["flow"]!.GetValue<string>(),
        call["end_reason"]?.GetValue<string>(),
        call["sip_refer_result"]?.GetValue<string>(),
        call["script_error"]?.GetValue<string>(),
        call["trace"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray(),
        call["vars"]!.AsObject());

    /// <summary>A variable as text; null when the report does not hold it.</summary>
    public string? Var(string name) => Vars[name] is JsonValue value ? value.ToString() : Vars[name]?.ToJsonString();

    /// <summary>The method names of the trace, in order.</summary>
    public IReadOnlyList<string> Methods => Trace.Select(t => t[(t.LastIndexOf(' ') + 1)..]).ToArray();
}

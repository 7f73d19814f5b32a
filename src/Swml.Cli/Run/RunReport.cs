using System.Text.Json;
using System.Text.Json.Nodes;
using Swml.Runtime.Calls;
using Swml.Runtime.Hosting;

namespace Swml.Cli.Run;

/// <summary>
/// swml run's --report: each call as JSON (ids, parties, flow, end reason, sip_refer_result,
/// script_error, duration, trace, vars) and the callbacks' counts, for scripts and tests to read.
/// </summary>
internal static class RunReport
{
    public static void Write(string path, IReadOnlyList<CallSummary> calls, HttpStatusCallbackSink? callbacks)
    {
        var report = new JsonObject
        {
            ["calls"] = new JsonArray(calls.Select(c => (JsonNode?)new JsonObject
            {
                ["call_id"] = c.CallId,
                ["sip_call_id"] = c.SipCallId,
                ["direction"] = c.Direction,
                ["flow"] = c.Flow,
                ["from"] = c.From,
                ["to"] = c.To,
                ["end_reason"] = c.EndReason?.ToString(),
                ["sip_refer_result"] = c.SipReferResult,
                ["script_error"] = c.ScriptError,
                ["duration_s"] = Math.Round(c.Duration.TotalSeconds, 3),
                ["trace"] = new JsonArray(c.Trace.Select(t => (JsonNode?)JsonValue.Create(t.ToString())).ToArray()),
                ["vars"] = c.Vars.DeepClone(),
            }).ToArray()),
            ["callbacks"] = callbacks is null ? null : new JsonObject
            {
                ["delivered"] = callbacks.DeliveredCount,
                ["given_up"] = callbacks.GivenUpCount,
                ["dropped"] = callbacks.DroppedCount,
            },
        };
        File.WriteAllText(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}

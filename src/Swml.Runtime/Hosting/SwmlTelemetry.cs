using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Swml.Runtime.Hosting;

/// <summary>
/// The runtime's traces and metrics, both named "Swml.Runtime" for OpenTelemetry
/// (<c>AddSource("Swml.Runtime")</c>, <c>AddMeter("Swml.Runtime")</c>).
/// Spans: "swml.call" per call (tags swml.call_id, swml.flow, swml.direction, sip.call_id,
/// swml.end_reason) and "swml.step" per step a handler runs (tags swml.step, swml.method; sip_refer
/// steps carry an event per REFER response and NOTIFY). Instruments: swml.calls (calls ended, by
/// direction and end reason), swml.calls.active, swml.calls.rejected (by reason: overload,
/// no_flow, stopping), swml.call.duration (s), swml.refer.outcomes (by outcome).
/// </summary>
public static class SwmlTelemetry
{
    public const string Name = "Swml.Runtime";

    internal static readonly ActivitySource Source = new(Name, typeof(SwmlTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(SwmlTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Calls = Meter.CreateCounter<long>("swml.calls", "{call}", "Calls whose flow ended, by direction and end reason.");

    internal static readonly UpDownCounter<long> ActiveCalls = Meter.CreateUpDownCounter<long>("swml.calls.active", "{call}", "Calls being served.");

    internal static readonly Counter<long> Rejected = Meter.CreateCounter<long>("swml.calls.rejected", "{call}", "INVITEs refused, by reason.");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("swml.call.duration", "s", "How long calls lasted, from the INVITE to the flow's end.");

    internal static readonly Counter<long> ReferOutcomes = Meter.CreateCounter<long>("swml.refer.outcomes", "{refer}", "sip_refer results, by outcome.");
}

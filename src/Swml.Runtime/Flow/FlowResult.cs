using System.Text.Json.Nodes;
using Swml.Runtime.Values;

namespace Swml.Runtime.Flow;

public enum FlowEndReason
{
    /// <summary>The last step of the section the call was in ran.</summary>
    Completed,

    /// <summary>A top-level return ended the script.</summary>
    Returned,

    /// <summary>A hangup step ran, or the call ended during a step.</summary>
    HungUp,

    /// <summary>More than the allowed gotos and transfers, or nesting too deep: the call is ended.</summary>
    LimitExceeded,

    /// <summary>The run was cancelled (the call went away while the engine waited).</summary>
    Cancelled,
}

/// <summary>One step as it ran: which, and what method.</summary>
public readonly record struct TraceEntry(StepId Step, string Method)
{
    public override string ToString() => $"{Step} {Method}";
}

/// <summary>How a run ended, and what it left behind.</summary>
public sealed class FlowResult
{
    internal FlowResult(FlowEndReason reason, JsonNode? returnValue, IReadOnlyList<TraceEntry> trace, VariableStore variables)
    {
        Reason = reason;
        ReturnValue = returnValue;
        Trace = trace;
        Variables = variables;
    }

    public FlowEndReason Reason { get; }

    /// <summary>The value of a top-level return.</summary>
    public JsonNode? ReturnValue { get; }

    public IReadOnlyList<TraceEntry> Trace { get; }

    public VariableStore Variables { get; }

    /// <summary>The last runtime error (script_error), if any.</summary>
    public string? ScriptError => Variables.GetString(FlowEngine.ScriptErrorVariable);
}

/// <summary>The limits SignalWire puts on one call.</summary>
public sealed class FlowLimits
{
    public static FlowLimits Default { get; } = new();

    /// <summary>Gotos and transfers together, per call.</summary>
    public int MaxJumps { get; init; } = 32;

    /// <summary>How deep executes may nest.</summary>
    public int MaxDepth { get; init; } = 32;
}

/// <summary>What a run starts with.</summary>
public sealed class FlowRunOptions
{
    /// <summary>The call.* fields (from, to, call_id...).</summary>
    public JsonObject? Call { get; init; }

    /// <summary>
    /// The run may hold <see cref="Call"/> as given instead of a copy: its caller made it for this
    /// run and only reads it. (A server building call.* for each call saves a deep copy per call.)
    /// </summary>
    internal bool CallIsOwned { get; init; }

    public JsonObject? Envs { get; init; }

    /// <summary>
    /// Environment variables that hold secrets: a document fetched from a URL receives them masked.
    /// Those a flow uses as secrets (a password parameter, a URL's <c>user:password@</c>) are added
    /// from its definition; name here the ones it cannot know, such as those only a fetched document uses.
    /// </summary>
    public IReadOnlyCollection<string>? SecretEnvironmentNames { get; init; }

    /// <summary>Variables the call already holds (a transfer from another document passes them on).</summary>
    public JsonObject? Vars { get; init; }

    public FlowLimits Limits { get; init; } = FlowLimits.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

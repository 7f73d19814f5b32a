using System.Text.Json.Nodes;
using Swml.Runtime.Steps;

namespace Swml.Runtime.Flow;

/// <summary>
/// One state per SWML step. The engine gives each kind its meaning; what a state carries is only
/// data and delegates that compute its arguments from the running flow, written as C# by the
/// generator or built from the document by the interpreter.
/// </summary>
public abstract class FlowState
{
    protected FlowState(StepId id, string method)
    {
        Id = id;
        Method = method;
    }

    public StepId Id { get; }

    /// <summary>The SWML method name, as traced.</summary>
    public string Method { get; }

    public override string ToString() => $"{Id} {Method}";
}

/// <summary>A method that talks to the call or the outside world, run by a step handler.</summary>
public sealed class ActionState : FlowState
{
    public ActionState(StepId id, string method, Func<FlowContext, StepArguments> arguments)
        : base(id, method) => Arguments = arguments;

    public Func<FlowContext, StepArguments> Arguments { get; }
}

public sealed class LabelState : FlowState
{
    public LabelState(StepId id, string name)
        : base(id, "label") => Name = name;

    public string Name { get; }
}

public sealed class GotoState : FlowState
{
    public GotoState(StepId id, Func<FlowContext, string> label, Func<FlowContext, bool>? when, Func<FlowContext, long> max)
        : base(id, "goto")
    {
        Label = label;
        When = when;
        Max = max;
    }

    public Func<FlowContext, string> Label { get; }

    /// <summary>The condition; null jumps always.</summary>
    public Func<FlowContext, bool>? When { get; }

    /// <summary>Jumps allowed to the label, counted per label (the lowering resolved its default).</summary>
    public Func<FlowContext, long> Max { get; }
}

/// <summary>The result of an execute: a switch on a variable (return_value by default) or cond branches.</summary>
public sealed class ResultSelector
{
    private ResultSelector(string? variable, IReadOnlyList<(string Value, StateBlock Steps)>? cases, StateBlock? otherwise, IReadOnlyList<CondBranch>? branches)
    {
        Variable = variable;
        Cases = cases;
        Default = otherwise;
        Branches = branches;
    }

    public string? Variable { get; }

    public IReadOnlyList<(string Value, StateBlock Steps)>? Cases { get; }

    public StateBlock? Default { get; }

    public IReadOnlyList<CondBranch>? Branches { get; }

    public static ResultSelector Switch(string variable, IReadOnlyList<(string Value, StateBlock Steps)> cases, StateBlock? otherwise) =>
        new(variable, cases, otherwise, null);

    public static ResultSelector Cond(IReadOnlyList<CondBranch> branches) => new(null, null, null, branches);
}

public sealed class ExecuteState : FlowState
{
    public ExecuteState(StepId id, Func<FlowContext, string> destination, Func<FlowContext, JsonObject>? parameters, StateBlock? onReturn, ResultSelector? result)
        : base(id, "execute")
    {
        Destination = destination;
        Parameters = parameters;
        OnReturn = onReturn;
        Result = result;
    }

    public Func<FlowContext, string> Destination { get; }

    public Func<FlowContext, JsonObject>? Parameters { get; }

    public StateBlock? OnReturn { get; }

    public ResultSelector? Result { get; }
}

public sealed class TransferState : FlowState
{
    public TransferState(StepId id, Func<FlowContext, string> destination, Func<FlowContext, JsonObject>? parameters)
        : base(id, "transfer")
    {
        Destination = destination;
        Parameters = parameters;
    }

    public Func<FlowContext, string> Destination { get; }

    public Func<FlowContext, JsonObject>? Parameters { get; }
}

/// <summary>A cond branch: its condition (null for else) and its steps.</summary>
public sealed record CondBranch(Func<FlowContext, bool>? When, StateBlock Then, StateBlock? Else = null);

public sealed class CondState : FlowState
{
    public CondState(StepId id, IReadOnlyList<CondBranch> branches)
        : base(id, "cond") => Branches = branches;

    public IReadOnlyList<CondBranch> Branches { get; }
}

public sealed class SwitchState : FlowState
{
    public SwitchState(StepId id, string variable, IReadOnlyList<(string Value, StateBlock Steps)> cases, StateBlock? otherwise)
        : base(id, "switch")
    {
        Variable = variable;
        Cases = cases;
        Default = otherwise;
    }

    /// <summary>The variable path whose value, as a string, picks the case.</summary>
    public string Variable { get; }

    public IReadOnlyList<(string Value, StateBlock Steps)> Cases { get; }

    public StateBlock? Default { get; }
}

public sealed class SetState : FlowState
{
    public SetState(StepId id, IReadOnlyList<(string Name, Func<FlowContext, JsonNode?> Value)> assignments)
        : base(id, "set") => Assignments = assignments;

    /// <summary>Set in order, so later values read earlier ones.</summary>
    public IReadOnlyList<(string Name, Func<FlowContext, JsonNode?> Value)> Assignments { get; }
}

public sealed class UnsetState : FlowState
{
    public UnsetState(StepId id, IReadOnlyList<string> names)
        : base(id, "unset") => Names = names;

    public IReadOnlyList<string> Names { get; }
}

public sealed class ReturnState : FlowState
{
    public ReturnState(StepId id, Func<FlowContext, JsonNode?> value)
        : base(id, "return") => Value = value;

    public Func<FlowContext, JsonNode?> Value { get; }
}

public sealed class HangupState : FlowState
{
    public HangupState(StepId id, Func<FlowContext, string?> reason)
        : base(id, "hangup") => Reason = reason;

    public Func<FlowContext, string?> Reason { get; }
}

public sealed class SleepState : FlowState
{
    public SleepState(StepId id, Func<FlowContext, long> milliseconds)
        : base(id, "sleep") => Milliseconds = milliseconds;

    /// <summary>-1 sleeps until the call ends.</summary>
    public Func<FlowContext, long> Milliseconds { get; }
}

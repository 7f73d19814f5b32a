namespace Swml.Language.Lowering;

/// <summary>What the engine does with a step; every kind but <see cref="Action"/> is control flow the engine runs itself.</summary>
public enum StepKind
{
    /// <summary>A method that talks to the call or the outside world, run by a step handler.</summary>
    Action,
    Label,
    Goto,
    Execute,
    Transfer,
    Cond,
    Switch,
    Set,
    Unset,
    Return,
    Hangup,
    Sleep,
}

/// <summary>
/// One step. <see cref="Section"/> and <see cref="Path"/> name it the same way in compiled and
/// interpreted flows ("3", or "3/[0].then/1" inside a cond branch), so traces compare.
/// </summary>
public abstract record LoweredStep(string Method, string Section, string Path)
{
    public abstract StepKind Kind { get; }

    /// <summary>The step lists nested in it, in document order.</summary>
    public virtual IEnumerable<LoweredBlock> Blocks() => Array.Empty<LoweredBlock>();
}

/// <summary>
/// A method run by a step handler. <see cref="Arguments"/> is the value the handler receives: for a
/// method that takes a mapping, the document's keys in document order, then every parameter left
/// out that has a default, with that default.
/// </summary>
public sealed record ActionStep(string Method, string Section, string Path, LoweredValue Arguments) : LoweredStep(Method, Section, Path)
{
    public override StepKind Kind => StepKind.Action;
}

public sealed record LabelStep(string Section, string Path, string Name) : LoweredStep("label", Section, Path)
{
    public override StepKind Kind => StepKind.Label;
}

/// <param name="When">JavaScript; null jumps always.</param>
/// <param name="Max">Jumps allowed to the label, counted per label.</param>
public sealed record GotoStep(string Section, string Path, Template Label, Template? When, IntegerArgument Max) : LoweredStep("goto", Section, Path)
{
    public override StepKind Kind => StepKind.Goto;
}

/// <param name="Destination">A section name, an http(s) URL or inline SWML, known when the step runs.</param>
/// <param name="Parameters">What the destination sees as params; null for none.</param>
/// <param name="Result">What runs after on_return when the subroutine returned a value; null for nothing.</param>
public sealed record ExecuteStep(string Section, string Path, Template Destination, LoweredValue? Parameters, LoweredBlock? OnReturn, ResultChoice? Result)
    : LoweredStep("execute", Section, Path)
{
    public override StepKind Kind => StepKind.Execute;

    public override IEnumerable<LoweredBlock> Blocks() =>
        (OnReturn is null ? Array.Empty<LoweredBlock>() : new[] { OnReturn }).Concat(Result?.Blocks() ?? Array.Empty<LoweredBlock>());
}

public sealed record TransferStep(string Section, string Path, Template Destination, LoweredValue? Parameters) : LoweredStep("transfer", Section, Path)
{
    public override StepKind Kind => StepKind.Transfer;
}

public sealed record CondStep(string Section, string Path, ValueList<CondBranch> Branches) : LoweredStep("cond", Section, Path)
{
    public override StepKind Kind => StepKind.Cond;

    public override IEnumerable<LoweredBlock> Blocks() => Branches.SelectMany(b => b.Blocks());
}

public sealed record SwitchStep(string Section, string Path, SwitchChoice Choice) : LoweredStep("switch", Section, Path)
{
    public override StepKind Kind => StepKind.Switch;

    public override IEnumerable<LoweredBlock> Blocks() => Choice.Blocks();
}

/// <summary>Assignments run in order, so a later value reads an earlier one.</summary>
public sealed record SetStep(string Section, string Path, ValueList<Assignment> Assignments) : LoweredStep("set", Section, Path)
{
    public override StepKind Kind => StepKind.Set;
}

public sealed record UnsetStep(string Section, string Path, ValueList<string> Names) : LoweredStep("unset", Section, Path)
{
    public override StepKind Kind => StepKind.Unset;
}

public sealed record ReturnStep(string Section, string Path, LoweredValue Value) : LoweredStep("return", Section, Path)
{
    public override StepKind Kind => StepKind.Return;
}

/// <param name="Reason">hangup, busy or decline; its default where the step gives none.</param>
public sealed record HangupStep(string Section, string Path, LoweredValue Reason) : LoweredStep("hangup", Section, Path)
{
    public override StepKind Kind => StepKind.Hangup;
}

/// <param name="Milliseconds">-1 sleeps until the call ends.</param>
public sealed record SleepStep(string Section, string Path, IntegerArgument Milliseconds) : LoweredStep("sleep", Section, Path)
{
    public override StepKind Kind => StepKind.Sleep;
}

/// <summary>A cond entry: its JavaScript condition (null for the final else) and its steps.</summary>
public sealed record CondBranch(Template? When, LoweredBlock Then, LoweredBlock? Else)
{
    public IEnumerable<LoweredBlock> Blocks() => Else is null ? new[] { Then } : new[] { Then, Else };
}

/// <summary>A switch: the variable path whose value, as text, picks the case.</summary>
public sealed record SwitchChoice(string Variable, ValueList<SwitchCase> Cases, LoweredBlock? Default)
{
    public IEnumerable<LoweredBlock> Blocks() => Cases.Select(c => c.Steps).Concat(Default is null ? Array.Empty<LoweredBlock>() : new[] { Default });
}

public sealed record SwitchCase(string Value, LoweredBlock Steps);

/// <summary>execute's result: a switch on a variable (return_value unless named) or cond entries.</summary>
public sealed record ResultChoice(SwitchChoice? Switch, ValueList<CondBranch> Branches)
{
    public IEnumerable<LoweredBlock> Blocks() => Switch?.Blocks() ?? Branches.SelectMany(b => b.Blocks());
}

/// <summary>One set key: the vars name it writes (without <c>vars.</c>) and its value.</summary>
public sealed record Assignment(string Name, LoweredValue Value);

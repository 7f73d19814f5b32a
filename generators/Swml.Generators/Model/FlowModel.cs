using Swml.Generators.Helpers;

namespace Swml.Generators.Model;

/// <summary>
/// What one .swml file gives: the flow to emit (null when the document has errors) and its
/// diagnostics. Immutable and structurally equal, or the generator's caching breaks.
/// </summary>
internal sealed record FlowModel(FlowSpec? Flow, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A flow class to emit. Immutable and structurally equal.</summary>
internal sealed record FlowSpec(
    string Namespace,
    string ClassName,
    string HintName,
    string SourcePath,
    string RelativePath,
    EquatableArray<SectionSpec> Sections,
    EquatableArray<VariableSpec> Variables,
    EquatableArray<string> VariableNames,
    EquatableArray<string> Scripts);

/// <summary>A section: its SWML name, its Section enum member, its steps.</summary>
internal sealed record SectionSpec(string Name, string EnumMember, BlockSpec Body);

internal sealed record BlockSpec(EquatableArray<StepSpec> Steps)
{
    public static readonly BlockSpec Empty = new(EquatableArray<StepSpec>.Empty);
}

/// <summary>A typed property for a variable the flow can read (a method output or a set key).</summary>
internal sealed record VariableSpec(string Name, string Property, bool IsText, string Description);

internal enum StepKind
{
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
/// One step, as the state the emitter writes for it. Which fields are set depends on the kind;
/// the rest stay null or empty. Immutable and structurally equal.
/// </summary>
internal sealed record StepSpec(StepKind Kind, string Method, string Section, string Path, string Member)
{
    /// <summary>Action: the arguments. Return: the value. Sleep: the duration. Hangup: the reason.</summary>
    public ValueSpec? Value { get; init; }

    public string? LabelName { get; init; }

    /// <summary>Goto: the label. Execute and transfer: the destination.</summary>
    public ValueSpec? Target { get; init; }

    public ConditionSpec? When { get; init; }

    public ValueSpec? Max { get; init; }

    public ValueSpec? Parameters { get; init; }

    public BlockSpec? OnReturn { get; init; }

    public ResultSpec? Result { get; init; }

    public EquatableArray<BranchSpec> Branches { get; init; } = EquatableArray<BranchSpec>.Empty;

    public string? Variable { get; init; }

    public EquatableArray<CaseSpec> Cases { get; init; } = EquatableArray<CaseSpec>.Empty;

    public BlockSpec? Default { get; init; }

    public EquatableArray<AssignmentSpec> Assignments { get; init; } = EquatableArray<AssignmentSpec>.Empty;

    public EquatableArray<string> Names { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>A JavaScript condition: fixed code, or code with ${...} pasted in first.</summary>
internal sealed record ConditionSpec(TextSpec Code, int Script);

internal sealed record BranchSpec(ConditionSpec? When, BlockSpec Then, BlockSpec? Else);

internal sealed record CaseSpec(string Value, BlockSpec Steps);

/// <summary>execute's result: a switch (Variable, Cases, Default) or cond branches.</summary>
internal sealed record ResultSpec(bool IsCond, string Variable, EquatableArray<CaseSpec> Cases, BlockSpec? Default, EquatableArray<BranchSpec> Branches);

internal sealed record AssignmentSpec(string Name, ValueSpec Value);

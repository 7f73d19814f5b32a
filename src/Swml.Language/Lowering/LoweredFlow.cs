namespace Swml.Language.Lowering;

/// <summary>
/// A document lowered to what runs: its sections of steps, each step with its kind, id, value
/// templates, nested blocks and resolved defaults. Decided once, by <see cref="FlowLowering"/>; the
/// source generator prints it as C# and the runtime builds its states from it, so compiled and
/// interpreted flows cannot disagree on what a step means. Immutable and compared by value.
/// </summary>
/// <param name="SecretEnvironmentNames">The environment variables it uses as secrets (<see cref="Lowering.SecretEnvironmentNames"/>).</param>
public sealed record LoweredFlow(ValueList<LoweredSection> Sections, ValueList<string> VariableNames, ValueList<FlowVariable> Variables, ValueList<string> SecretEnvironmentNames)
{
    public LoweredSection? FindSection(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>Every step, nested ones included, in document order.</summary>
    public IEnumerable<LoweredStep> AllSteps() => Sections.SelectMany(s => s.Body.AllSteps());
}

public sealed record LoweredSection(string Name, LoweredBlock Body);

/// <summary>A list of steps: a section's body, or a list nested in a step (a branch, on_return...).</summary>
public sealed record LoweredBlock(ValueList<LoweredStep> Steps)
{
    public static readonly LoweredBlock Empty = new(ValueList<LoweredStep>.Empty);

    public IEnumerable<LoweredStep> AllSteps() => Steps.SelectMany(s => new[] { s }.Concat(s.Blocks().SelectMany(b => b.AllSteps())));
}

/// <summary>
/// A variable the document can read that a step of it sets: a method's output or a set key. Text
/// when every step that sets it sets a string; any JSON value otherwise.
/// </summary>
public sealed record FlowVariable(string Name, bool IsText, string Description);

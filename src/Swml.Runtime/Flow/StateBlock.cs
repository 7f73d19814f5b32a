namespace Swml.Runtime.Flow;

/// <summary>A list of states: a section's body, or a nested list (a branch, on_return...).</summary>
public sealed class StateBlock
{
    public static readonly StateBlock Empty = new(Array.Empty<FlowState>());

    public StateBlock(IReadOnlyList<FlowState> states) => States = states;

    public IReadOnlyList<FlowState> States { get; }

    public int Count => States.Count;

    public FlowState this[int index] => States[index];
}

/// <summary>A named section of a flow.</summary>
public sealed class SectionDefinition
{
    public SectionDefinition(string name, StateBlock body)
    {
        Name = name;
        Body = body;
    }

    public string Name { get; }

    public StateBlock Body { get; }
}

/// <summary>
/// A whole flow: its sections, and the names of the variables it may set (so JavaScript reads an
/// unset one as undefined). Immutable, and its states read only the running call's
/// <see cref="FlowContext"/>, so one definition serves any number of calls at once (a generated
/// class builds its own once).
/// </summary>
public sealed class FlowDefinition
{
    private readonly Dictionary<string, SectionDefinition> _sections;

    /// <param name="secretEnvironmentNames">The environment variables the flow uses as secrets, whose
    /// values never leave the process with the rest of <c>envs</c> (an execute URL's body).</param>
    public FlowDefinition(IReadOnlyList<SectionDefinition> sections, IReadOnlyList<string>? variableNames = null, IReadOnlyList<string>? secretEnvironmentNames = null)
    {
        Sections = sections;
        // Copies: a generated class passes its static arrays, which every call shares.
        VariableNames = Array.AsReadOnly(variableNames?.ToArray() ?? Array.Empty<string>());
        SecretEnvironmentNames = Array.AsReadOnly(secretEnvironmentNames?.ToArray() ?? Array.Empty<string>());
        _sections = sections.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<SectionDefinition> Sections { get; }

    public IReadOnlyList<string> VariableNames { get; }

    public IReadOnlyList<string> SecretEnvironmentNames { get; }

    public SectionDefinition? Find(string name) => _sections.TryGetValue(name, out var section) ? section : null;
}

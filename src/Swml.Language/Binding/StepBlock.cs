namespace Swml.Language.Binding;

public enum BlockKind
{
    /// <summary>The steps of a section.</summary>
    Section,

    /// <summary>A branch taken on a condition or value: cond's then/else, switch's cases and default, result.</summary>
    Branch,

    /// <summary>execute's on_return, run after the subroutine returns.</summary>
    OnReturn,

    /// <summary>Steps run elsewhere, such as connect's confirm on the called leg.</summary>
    Other,
}

/// <summary>A list of steps: a section's body or a nested list inside a step.</summary>
public sealed class StepBlock
{
    internal StepBlock(BlockKind kind, string name, SectionSymbol section, StepSymbol? owner, Syntax.SequenceNode? node)
    {
        Kind = kind;
        Name = name;
        Section = section;
        Owner = owner;
        Node = node;
    }

    public BlockKind Kind { get; }

    /// <summary>Where it sits, e.g. "then", "case '5'", "default", "on_return".</summary>
    public string Name { get; }

    public SectionSymbol Section { get; }

    /// <summary>The step that holds this block; null for a section's own steps.</summary>
    public StepSymbol? Owner { get; }

    public Syntax.SequenceNode? Node { get; }

    public List<StepSymbol> Steps { get; } = new();

    public override string ToString() => Owner is null ? Section.Name : $"{Owner.MethodName}.{Name}";
}

using Swml.Language.Catalog;
using Swml.Language.Syntax;
using Swml.Language.Text;

namespace Swml.Language.Binding;

/// <summary>
/// One step of a section or nested block: its method, arguments and what the binder resolved
/// about it (labels, destinations, the variables it sets and reads).
/// </summary>
public sealed class StepSymbol
{
    internal StepSymbol(MappingNode node, ScalarNode methodKey, SyntaxNode arguments, MethodDefinition? method, StepBlock block, int index)
    {
        Node = node;
        MethodKey = methodKey;
        Arguments = arguments;
        Method = method;
        Block = block;
        Index = index;
    }

    public string MethodName => MethodKey.Value;

    /// <summary>The catalog entry; null for an unknown method.</summary>
    public MethodDefinition? Method { get; }

    public MappingNode Node { get; }

    public ScalarNode MethodKey { get; }

    /// <summary>The value after the method name.</summary>
    public SyntaxNode Arguments { get; }

    public SourceSpan Span => Node.Span;

    public StepBlock Block { get; }

    public SectionSymbol Section => Block.Section;

    /// <summary>Position within <see cref="Block"/>.</summary>
    public int Index { get; }

    /// <summary>
    /// Where the step is within its section: "3" for the fourth step, "3/[0].then/1" for the second
    /// step of the first cond branch of that step. Compiled and interpreted flows name steps by it,
    /// so their traces can be compared.
    /// </summary>
    public string Path => Block.Owner is { } owner ? $"{owner.Path}/{Block.Name}/{Index}" : Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Nested step lists, in document order.</summary>
    public List<StepBlock> Blocks { get; } = new();

    /// <summary>For label steps: the label's name.</summary>
    public string? LabelName { get; internal set; }

    /// <summary>For goto: the label named, when literal.</summary>
    public string? GotoLabel { get; internal set; }

    /// <summary>For goto: the label step it jumps to.</summary>
    public StepSymbol? GotoTarget { get; internal set; }

    /// <summary>For execute and transfer.</summary>
    public Destination? Destination { get; internal set; }

    /// <summary>Variables (in vars) this step sets when it runs.</summary>
    public List<string> DefinedVariables { get; } = new();

    /// <summary>Variables this step removes (unset).</summary>
    public List<string> UnsetVariables { get; } = new();

    /// <summary>Expressions in this step's own arguments (not in nested blocks).</summary>
    public List<VariableReference> References { get; } = new();

    /// <summary>Whether control never falls through to the next step (transfer, hangup, return).</summary>
    public bool AlwaysLeaves => MethodName is "transfer" or "hangup" or "return";

    /// <summary>The value of a parameter, taking a scalar shorthand into account.</summary>
    public SyntaxNode? GetParameter(string name)
    {
        if (Arguments is MappingNode mapping)
        {
            return mapping[name];
        }

        return Method?.ScalarShorthand == name && Arguments is ScalarNode ? Arguments : null;
    }

    public override string ToString() => $"{Section.Name}[{Index}] {MethodName}";
}

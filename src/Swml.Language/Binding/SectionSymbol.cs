using Swml.Language.Syntax;
using Swml.Language.Text;

namespace Swml.Language.Binding;

/// <summary>A named section of a document: its steps and the labels defined anywhere inside it.</summary>
public sealed class SectionSymbol
{
    internal SectionSymbol(string name, ScalarNode nameNode, int index)
    {
        Name = name;
        NameNode = nameNode;
        Index = index;
        Body = new StepBlock(BlockKind.Section, name, this, owner: null, node: null);
    }

    public string Name { get; }

    public ScalarNode NameNode { get; }

    public SourceSpan NameSpan => NameNode.Span;

    /// <summary>Position among the document's sections.</summary>
    public int Index { get; }

    public StepBlock Body { get; private set; }

    public IReadOnlyList<StepSymbol> Steps => Body.Steps;

    /// <summary>Labels by name; goto reaches them from anywhere in the section.</summary>
    public Dictionary<string, StepSymbol> Labels { get; } = new(StringComparer.Ordinal);

    internal void SetBody(StepBlock body) => Body = body;

    public override string ToString() => Name;
}

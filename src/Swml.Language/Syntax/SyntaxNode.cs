using Swml.Language.Text;

namespace Swml.Language.Syntax;

public enum SyntaxKind
{
    Scalar,
    Mapping,
    Sequence,
}

/// <summary>
/// A node of a parsed YAML or JSON document. Every node keeps the span it was read from; a node
/// reached through an alias is the anchored node itself, so its span is the anchor's.
/// </summary>
public abstract class SyntaxNode
{
    private protected SyntaxNode(SourceSpan span) => Span = span;

    public SourceSpan Span { get; }

    public abstract SyntaxKind Kind { get; }

    /// <summary>How a message names this value: "a string", "a mapping", "a list", "null"...</summary>
    public abstract string Describe();
}

using Swml.Language.Text;

namespace Swml.Language.Syntax;

public sealed class SequenceNode : SyntaxNode
{
    private readonly SyntaxNode[] _items;

    internal SequenceNode(SourceSpan span, SyntaxNode[] items)
        : base(span)
    {
        _items = items;
    }

    public override SyntaxKind Kind => SyntaxKind.Sequence;

    public IReadOnlyList<SyntaxNode> Items => _items;

    public int Count => _items.Length;

    public override string Describe() => "a list";
}

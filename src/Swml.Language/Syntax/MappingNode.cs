using Swml.Language.Text;

namespace Swml.Language.Syntax;

/// <summary>One key and value of a mapping. The key is always a scalar.</summary>
public sealed class MappingEntry
{
    internal MappingEntry(ScalarNode key, SyntaxNode value)
    {
        Key = key;
        Value = value;
    }

    public ScalarNode Key { get; }

    public SyntaxNode Value { get; }

    public string Name => Key.Value;

    public override string ToString() => $"{Key.Value}: {Value.Describe()}";
}

public sealed class MappingNode : SyntaxNode
{
    private readonly MappingEntry[] _entries;

    internal MappingNode(SourceSpan span, MappingEntry[] entries)
        : base(span)
    {
        _entries = entries;
    }

    public override SyntaxKind Kind => SyntaxKind.Mapping;

    /// <summary>Entries in document order; keys are unique (duplicates are reported and dropped).</summary>
    public IReadOnlyList<MappingEntry> Entries => _entries;

    public int Count => _entries.Length;

    public MappingEntry? Find(string key)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    public SyntaxNode? this[string key] => Find(key)?.Value;

    public override string Describe() => "a mapping";
}

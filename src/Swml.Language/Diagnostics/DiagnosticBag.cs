using Swml.Language.Text;

namespace Swml.Language.Diagnostics;

/// <summary>Collects diagnostics while a document is parsed and bound; reports each only once.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<SwmlDiagnostic> _items = new();
    private readonly HashSet<(string Id, int Offset, int Length, string Message)> _seen = new();

    public int Count => _items.Count;

    public bool HasErrors { get; private set; }

    public void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object?[] args)
    {
        var message = descriptor.Format(args);
        if (!_seen.Add((descriptor.Id, span.Start.Offset, span.Length, message)))
        {
            return;
        }

        _items.Add(new SwmlDiagnostic(descriptor, span, message));
        HasErrors |= descriptor.Severity == DiagnosticSeverity.Error;
    }

    /// <summary>Diagnostics in source order, then by ID, so output is deterministic.</summary>
    public IReadOnlyList<SwmlDiagnostic> ToSortedArray() =>
        _items
            .Select((d, index) => (d, index))
            .OrderBy(x => x.d.Span.Start.Offset)
            .ThenBy(x => x.d.Id, StringComparer.Ordinal)
            .ThenBy(x => x.index)
            .Select(x => x.d)
            .ToArray();
}

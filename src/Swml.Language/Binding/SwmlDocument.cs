using Swml.Language.Diagnostics;
using Swml.Language.Syntax;

namespace Swml.Language.Binding;

/// <summary>
/// A SWML document read, validated and bound: its sections and steps with labels, destinations
/// and variable references resolved, and every diagnostic found on the way. The one entry point
/// for <c>swml check</c>, the source generator and the runtime interpreter, so all three report
/// the same diagnostics for the same text.
/// </summary>
public sealed class SwmlDocument
{
    internal SwmlDocument(SwmlSyntaxTree syntax, string? version, IReadOnlyList<SectionSymbol> sections, IReadOnlyList<VariableReference> references, IReadOnlyList<SwmlDiagnostic> diagnostics)
    {
        Syntax = syntax;
        Version = version;
        Sections = sections;
        VariableReferences = references;
        Diagnostics = diagnostics;
        HasErrors = diagnostics.Any(d => d.IsError);
    }

    public string Path => Syntax.Path;

    public SwmlSyntaxTree Syntax { get; }

    public string? Version { get; }

    /// <summary>Sections in document order.</summary>
    public IReadOnlyList<SectionSymbol> Sections { get; }

    public SectionSymbol? MainSection => FindSection("main");

    /// <summary>Every expression that reads variables, in document order.</summary>
    public IReadOnlyList<VariableReference> VariableReferences { get; }

    /// <summary>All diagnostics, syntax and semantic, in source order.</summary>
    public IReadOnlyList<SwmlDiagnostic> Diagnostics { get; }

    public bool HasErrors { get; }

    public SectionSymbol? FindSection(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>Every step of the document, nested ones included, in document order.</summary>
    public IEnumerable<StepSymbol> AllSteps() => Sections.SelectMany(s => Walk(s.Body));

    /// <summary>Reads, validates and binds a YAML or JSON document. Never throws for any input.</summary>
    public static SwmlDocument Parse(string text, string path = "", SwmlParseOptions? options = null) =>
        Binder.Bind(text, path, options ?? SwmlParseOptions.Default);

    private static IEnumerable<StepSymbol> Walk(StepBlock block)
    {
        foreach (var step in block.Steps)
        {
            yield return step;
            foreach (var nested in step.Blocks.SelectMany(Walk))
            {
                yield return nested;
            }
        }
    }
}

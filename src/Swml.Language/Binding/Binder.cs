using Swml.Language.Catalog;
using Swml.Language.Diagnostics;
using Swml.Language.Syntax;
using Swml.Language.Text;

namespace Swml.Language.Binding;

/// <summary>
/// Turns a syntax tree into a <see cref="SwmlDocument"/>: checks the document structure, validates
/// each step against the method catalog (Binder.Values.cs), reads every string's expressions
/// (Binder.Expressions.cs), gives control-flow methods their meaning (Binder.Methods.cs), and
/// finally runs the flow analysis over variables.
/// </summary>
internal sealed partial class Binder
{
    private const string VersionKey = "version";
    private const string SectionsKey = "sections";
    private const string MainSection = "main";
    private const string SupportedVersion = "1.0.0";

    private readonly LineMap _lines;
    private readonly DiagnosticBag _diagnostics;
    private readonly SwmlParseOptions _options;
    private readonly List<SectionSymbol> _sections = new();
    private readonly List<VariableReference> _references = new();
    private readonly List<StepSymbol> _gotos = new();
    private readonly List<StepSymbol> _jumps = new();
    private string? _version;

    private Binder(LineMap lines, DiagnosticBag diagnostics, SwmlParseOptions options)
    {
        _lines = lines;
        _diagnostics = diagnostics;
        _options = options;
    }

    public static SwmlDocument Bind(string text, string path, SwmlParseOptions options)
    {
        var diagnostics = new DiagnosticBag();
        var root = SwmlSyntaxTree.Parse(text, diagnostics, options, out var lines);
        var syntax = new SwmlSyntaxTree(path, lines, root, diagnostics.ToSortedArray());
        var binder = new Binder(lines, diagnostics, options);
        try
        {
            if (root is not null)
            {
                binder.BindRoot(root);
                binder.ResolveJumps();
                FlowAnalysis.Run(binder._sections, binder._references, diagnostics);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A defect in the binder must still give the user a located answer, not a crash.
            diagnostics.Report(DiagnosticDescriptors.InternalError, lines.GetSpan(0, 0), ex.GetType().Name + ": " + ex.Message);
        }

        return new SwmlDocument(syntax, binder._version, binder._sections, binder._references, diagnostics.ToSortedArray());
    }

    private void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object?[] args) =>
        _diagnostics.Report(descriptor, span, args);

    private void BindRoot(SyntaxNode root)
    {
        if (root is ScalarNode { IsNull: true })
        {
            // "---" alone, or only comments after it.
            Report(DiagnosticDescriptors.EmptyDocument, root.Span);
            return;
        }

        if (root is not MappingNode document)
        {
            Report(DiagnosticDescriptors.RootNotMapping, root.Span, root.Describe());
            return;
        }

        MappingEntry? sections = null;
        foreach (var entry in document.Entries)
        {
            switch (entry.Name)
            {
                case VersionKey:
                    BindVersion(entry);
                    break;
                case SectionsKey:
                    sections = entry;
                    break;
                default:
                    Report(DiagnosticDescriptors.UnknownTopLevelKey, entry.Key.Span, entry.Name, Suggestions.DidYouMean(entry.Name, new[] { VersionKey, SectionsKey }));
                    break;
            }
        }

        if (sections is null)
        {
            var at = document.Entries.Count > 0 ? document.Entries[0].Key.Span : document.Span;
            Report(DiagnosticDescriptors.MissingSections, at);
            return;
        }

        BindSections(sections);
    }

    private void BindVersion(MappingEntry entry)
    {
        if (entry.Value is ScalarNode { Type: ScalarType.String, Value: SupportedVersion } version)
        {
            _version = version.Value;
            return;
        }

        // 1.0 is a number in YAML, so say so: the fix is to quote "1.0.0".
        var shown = entry.Value switch
        {
            ScalarNode { Type: ScalarType.String } text => $"'{text.Value}'",
            ScalarNode { IsNull: true } => "null",
            ScalarNode number => $"{number.Value} (a number, not the string \"1.0.0\")",
            _ => entry.Value.Describe(),
        };
        Report(DiagnosticDescriptors.UnsupportedVersion, entry.Value.Span, shown);
    }

    private void BindSections(MappingEntry entry)
    {
        if (entry.Value is not MappingNode sections)
        {
            Report(DiagnosticDescriptors.WrongType, entry.Value.Span, SectionsKey, "a mapping of section names to lists of steps", entry.Value.Describe());
            return;
        }

        // Declare every section first, so execute and transfer can name sections written below them.
        foreach (var section in sections.Entries)
        {
            if (!IsUsableSectionName(section.Name))
            {
                Report(DiagnosticDescriptors.InvalidSectionName, section.Key.Span, section.Name);
            }

            _sections.Add(new SectionSymbol(section.Name, section.Key, _sections.Count));
        }

        for (var i = 0; i < sections.Entries.Count; i++)
        {
            var value = sections.Entries[i].Value;
            var symbol = _sections[i];
            if (value is SequenceNode steps)
            {
                var body = new StepBlock(BlockKind.Section, symbol.Name, symbol, owner: null, node: steps);
                symbol.SetBody(body);
                BindBlock(steps, body);
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidSection, value.Span, symbol.Name, value.Describe());
            }
        }

        if (sections.Find(MainSection) is null)
        {
            // A section named like 'main' ('mian', 'Main') is where the mistake is: point there and suggest 'main'.
            var misspelt = Suggestions.Closest(MainSection, _sections.Select(s => s.Name)) is { } close
                ? _sections.First(s => s.Name == close)
                : null;
            Report(
                DiagnosticDescriptors.MissingMainSection,
                misspelt?.NameSpan ?? entry.Key.Span,
                misspelt is null ? string.Empty : $"; did you mean '{MainSection}'?");
        }
    }

    private static bool IsUsableSectionName(string name) =>
        name.Length > 0 &&
        !name.Any(char.IsWhiteSpace) &&
        !StringFormats.IsHttpUrl(name) &&
        name[0] is not ('{' or '[') &&
        !Expressions.Interpolation.Contains(name);

    private void BindBlock(SequenceNode steps, StepBlock block)
    {
        StepSymbol? leaver = null;
        var reportedUnreachable = false;
        foreach (var item in steps.Items)
        {
            var step = BindStep(item, block);
            if (step is null)
            {
                continue;
            }

            if (step.MethodName == "label")
            {
                // A label can be a goto target, so what follows it is reachable again.
                leaver = null;
                reportedUnreachable = false;
            }
            else if (leaver is not null && !reportedUnreachable)
            {
                Report(DiagnosticDescriptors.UnreachableStep, step.MethodKey.Span, leaver.MethodName, leaver.MethodKey.Span.Start.Line);
                reportedUnreachable = true;
            }

            if (step.AlwaysLeaves && leaver is null)
            {
                leaver = step;
            }
        }
    }

    private StepSymbol? BindStep(SyntaxNode node, StepBlock block)
    {
        if (node is not MappingNode mapping || mapping.Count != 1)
        {
            ReportInvalidStep(node);
            return null;
        }

        var entry = mapping.Entries[0];
        var name = entry.Name;
        var method = MethodCatalog.Find(name);
        var step = new StepSymbol(mapping, entry.Key, entry.Value, method, block, block.Steps.Count);
        block.Steps.Add(step);
        if (method is null)
        {
            if (MethodCatalog.MessagingOnlyMethods.Contains(name))
            {
                Report(DiagnosticDescriptors.MessagingOnlyMethod, entry.Key.Span, name);
            }
            else
            {
                Report(DiagnosticDescriptors.UnknownMethod, entry.Key.Span, name, Suggestions.DidYouMean(name, MethodCatalog.All.Select(m => m.Name)));
            }

            return step;
        }

        if (!method.IsRunBySipRefer && !_options.HandledMethods.Contains(name))
        {
            Report(DiagnosticDescriptors.UnsupportedMethod, entry.Key.Span, name);
        }

        BindArguments(step, method);
        return step;
    }

    private void ReportInvalidStep(SyntaxNode node)
    {
        switch (node)
        {
            case ScalarNode { Type: ScalarType.String } scalar when MethodCatalog.Find(scalar.Value) is not null:
                Report(DiagnosticDescriptors.InvalidStep, node.Span, $"found the string '{scalar.Value}'; write '{scalar.Value}: {{}}' to call it with no parameters");
                break;
            case MappingNode { Count: 0 }:
                Report(DiagnosticDescriptors.InvalidStep, node.Span, "found an empty mapping");
                break;
            case MappingNode many:
                var keys = string.Join(", ", many.Entries.Select(e => $"'{e.Name}'"));
                Report(
                    DiagnosticDescriptors.InvalidStep,
                    many.Entries[1].Key.Span,
                    $"found {many.Count} keys ({keys}); give each method its own '-' item, or indent its parameters under it");
                break;
            default:
                Report(DiagnosticDescriptors.InvalidStep, node.Span, "found " + node.Describe());
                break;
        }
    }

    /// <summary>Resolves gotos to labels and section destinations to sections, once all are known.</summary>
    private void ResolveJumps()
    {
        foreach (var step in _gotos)
        {
            var label = step.GotoLabel!;
            if (step.Section.Labels.TryGetValue(label, out var target))
            {
                step.GotoTarget = target;
                continue;
            }

            var span = step.GetParameter("label")?.Span ?? step.MethodKey.Span;
            Report(DiagnosticDescriptors.UnknownLabel, span, label, step.Section.Name, Suggestions.DidYouMean(label, step.Section.Labels.Keys));
        }

        var dynamic = false;
        var used = new HashSet<SectionSymbol>();
        foreach (var step in _jumps)
        {
            var destination = step.Destination!;
            if (destination.Kind == DestinationKind.Dynamic)
            {
                dynamic = true;
            }

            if (destination.Kind != DestinationKind.Section)
            {
                continue;
            }

            var section = _sections.FirstOrDefault(s => s.Name == destination.Text);
            if (section is null)
            {
                Report(DiagnosticDescriptors.UnknownSection, destination.Span, destination.Text, Suggestions.DidYouMean(destination.Text, _sections.Select(s => s.Name)));
                continue;
            }

            destination.Section = section;
            used.Add(section);
        }

        if (dynamic)
        {
            return;
        }

        foreach (var section in _sections.Where(s => s.Name != MainSection && !used.Contains(s)))
        {
            Report(DiagnosticDescriptors.UnusedSection, section.NameSpan, section.Name);
        }
    }
}

using Swml.Language.Diagnostics;
using Swml.Language.Text;

namespace Swml.Language.Syntax;

/// <summary>The result of reading one YAML or JSON file: its node tree (if any) and syntax diagnostics.</summary>
public sealed class SwmlSyntaxTree
{
    internal SwmlSyntaxTree(string path, LineMap lines, SyntaxNode? root, IReadOnlyList<SwmlDiagnostic> diagnostics)
    {
        Path = path;
        Lines = lines;
        Root = root;
        Diagnostics = diagnostics;
    }

    public string Path { get; }

    /// <summary>The text that was parsed (without a byte order mark) and its line table.</summary>
    public LineMap Lines { get; }

    public string Text => Lines.Text;

    /// <summary>The document's root node; null when the text could not be read as one document.</summary>
    public SyntaxNode? Root { get; }

    public IReadOnlyList<SwmlDiagnostic> Diagnostics { get; }

    /// <summary>Parses YAML or JSON text. Never throws for any input; problems become diagnostics.</summary>
    public static SwmlSyntaxTree Parse(string text, string path = "", SwmlParseOptions? options = null)
    {
        var diagnostics = new DiagnosticBag();
        var root = Parse(text, diagnostics, options, out var lines);
        return new SwmlSyntaxTree(path, lines, root, diagnostics.ToSortedArray());
    }

    internal static SyntaxNode? Parse(string text, DiagnosticBag diagnostics, SwmlParseOptions? options, out LineMap lines)
    {
        options ??= SwmlParseOptions.Default;
        text ??= string.Empty;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        if (text.Length > options.MaxTextLength)
        {
            // Not even the line table is built for oversized input: the diagnostic sits at (1,1).
            lines = new LineMap(string.Empty);
            diagnostics.Report(
                DiagnosticDescriptors.DocumentTooLarge,
                lines.GetSpan(0, 0),
                $"{text.Length:N0} characters, more than the limit of {options.MaxTextLength:N0}");
            return null;
        }

        lines = new LineMap(text);
        return SyntaxTreeBuilder.Build(lines, diagnostics, options);
    }
}

using Swml.Language.Text;

namespace Swml.Language.Diagnostics;

/// <summary>A diagnostic found in one SWML document: what is wrong and exactly where.</summary>
public sealed class SwmlDiagnostic
{
    public SwmlDiagnostic(DiagnosticDescriptor descriptor, SourceSpan span, string message)
    {
        Descriptor = descriptor;
        Span = span;
        Message = message;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public string Id => Descriptor.Id;

    public DiagnosticSeverity Severity => Descriptor.Severity;

    public SourceSpan Span { get; }

    public string Message { get; }

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>MSBuild's format: <c>path(line,col): error SWML0201: message</c>.</summary>
    public string ToString(string path) =>
        $"{path}({Span.Start.Line},{Span.Start.Column}): {SeverityText(Severity)} {Id}: {Message}";

    public override string ToString() => $"{Span}: {SeverityText(Severity)} {Id}: {Message}";

    public static string SeverityText(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };
}

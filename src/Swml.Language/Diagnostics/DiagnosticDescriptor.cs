using System.Globalization;

namespace Swml.Language.Diagnostics;

/// <summary>
/// One kind of diagnostic: a stable ID, a severity and a message format. IDs are grouped in ranges:
/// SWML01xx document and syntax, 02xx methods and parameters, 03xx variables and expressions,
/// 04xx labels, sections and control flow, 05xx runtime support and security.
/// </summary>
public sealed class DiagnosticDescriptor
{
    public DiagnosticDescriptor(string id, string title, string messageFormat, DiagnosticSeverity severity)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Severity = severity;
    }

    public string Id { get; }

    /// <summary>A short name for the rule, used in docs and as the Roslyn descriptor title.</summary>
    public string Title { get; }

    /// <summary>A <see cref="string.Format(IFormatProvider, string, object[])"/> format.</summary>
    public string MessageFormat { get; }

    public DiagnosticSeverity Severity { get; }

    /// <summary>The range a diagnostic ID belongs to, which the Roslyn descriptor uses as category.</summary>
    public string Category => Id.Substring(0, 6) switch
    {
        "SWML01" => "Document",
        "SWML02" => "Method",
        "SWML03" => "Expression",
        "SWML04" => "ControlFlow",
        _ => "Runtime",
    };

    public string Format(params object?[] args) =>
        args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args);

    public override string ToString() => Id;
}

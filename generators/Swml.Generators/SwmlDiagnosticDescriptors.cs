using Microsoft.CodeAnalysis;
using LanguageDescriptors = Swml.Language.Diagnostics.DiagnosticDescriptors;
using LanguageSeverity = Swml.Language.Diagnostics.DiagnosticSeverity;

namespace Swml.Generators;

/// <summary>
/// Roslyn descriptors for every Swml.Language diagnostic: one catalog, so dotnet build, the IDE and
/// swml check report the same IDs and messages.
/// </summary>
internal static class SwmlDiagnosticDescriptors
{
    private static readonly Dictionary<string, DiagnosticDescriptor> ById = LanguageDescriptors.All.ToDictionary(
        d => d.Id,
        d => new DiagnosticDescriptor(
            d.Id,
            d.Title,
            "{0}",
            "SWML." + d.Category,
            d.Severity switch
            {
                LanguageSeverity.Error => DiagnosticSeverity.Error,
                LanguageSeverity.Warning => DiagnosticSeverity.Warning,
                _ => DiagnosticSeverity.Info,
            },
            isEnabledByDefault: true,
            description: "Explained with an example in docs/diagnostics.md of SipRefer."));

    public static DiagnosticDescriptor Get(string id) => ById[id];
}

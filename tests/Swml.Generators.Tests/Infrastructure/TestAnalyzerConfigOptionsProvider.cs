using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Swml.Generators.Tests.Infrastructure;

/// <summary>
/// MSBuild's view for the generator: build_property.* for the project, build_metadata.* per
/// additional file (keyed by path), as GeneratedMSBuildEditorConfig.editorconfig gives them.
/// </summary>
internal sealed class TestAnalyzerConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly DictionaryOptions Empty = new(ImmutableDictionary<string, string>.Empty);
    private readonly ImmutableDictionary<string, DictionaryOptions> _perFile;

    public TestAnalyzerConfigOptionsProvider(
        IReadOnlyDictionary<string, string> global,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? perFile = null)
    {
        GlobalOptions = new DictionaryOptions(global.ToImmutableDictionary());
        _perFile = (perFile ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
            .ToImmutableDictionary(p => p.Key, p => new DictionaryOptions(p.Value.ToImmutableDictionary()));
    }

    /// <summary>RootNamespace and ProjectDir, as the props make them visible.</summary>
    public static TestAnalyzerConfigOptionsProvider ForProject(string rootNamespace, string projectDir) => new(
        new Dictionary<string, string>
        {
            ["build_property.RootNamespace"] = rootNamespace,
            ["build_property.ProjectDir"] = projectDir,
        });

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _perFile.TryGetValue(textFile.Path, out var options) ? options : Empty;

    private sealed class DictionaryOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}

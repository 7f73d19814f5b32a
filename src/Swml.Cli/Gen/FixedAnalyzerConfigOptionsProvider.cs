using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Swml.Cli.Gen;

/// <summary>The MSBuild properties and item metadata a build would give the generator, as fixed values.</summary>
internal sealed class FixedAnalyzerConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Options _file;

    public FixedAnalyzerConfigOptionsProvider(IReadOnlyDictionary<string, string> global, IReadOnlyDictionary<string, string> file)
    {
        GlobalOptions = new Options(global);
        _file = new Options(file);
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _file;

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}

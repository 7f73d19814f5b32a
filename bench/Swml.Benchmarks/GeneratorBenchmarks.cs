using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Swml.Generators;

namespace Swml.Benchmarks;

/// <summary>
/// The source generator over 1,000 .swml documents: a cold run (every document parsed, validated
/// and emitted), a warm run after one document was edited, and a warm run after a C# edit (which
/// should cost next to nothing: no .swml input changed).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    public const int Documents = 1_000;

    private ImmutableArray<AdditionalText> _texts;
    private AdditionalText _edited = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _compilationWithEdit = null!;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        _texts = Enumerable.Range(0, Documents)
            .Select(i => (AdditionalText)new MemoryText($"/bench/flows/flow_{i}.swml", Document(i)))
            .ToImmutableArray();
        _edited = new MemoryText(_texts[0].Path, Document(0).Replace("Hello", "Good morning"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Swml.Runtime.SwmlFlow).Assembly.Location));
        var tree = CSharpSyntaxTree.ParseText("namespace Bench; public static class Program { public static int Main() => 0; }");
        _compilation = CSharpCompilation.Create("Bench", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _compilationWithEdit = _compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText("namespace Bench; public static class Program { public static int Main() => 1; }"));
        _warm = NewDriver().RunGenerators(_compilation);
    }

    [Benchmark(Description = "cold: 1,000 documents")]
    public GeneratorDriver Cold() => NewDriver().RunGenerators(_compilation);

    [Benchmark(Description = "warm: one .swml edited")]
    public GeneratorDriver WarmSwmlEdit() => _warm.ReplaceAdditionalText(_texts[0], _edited).RunGenerators(_compilation);

    [Benchmark(Description = "warm: a C# edit")]
    public GeneratorDriver WarmCSharpEdit() => _warm.RunGenerators(_compilationWithEdit);

    private GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
        new[] { new SwmlGenerator().AsSourceGenerator() },
        _texts,
        CSharpParseOptions.Default,
        new Options());

    /// <summary>A realistic flow, different for each index.</summary>
    private static string Document(int index)
    {
        var i = index.ToString(CultureInfo.InvariantCulture);
        return $$"""
            version: 1.0.0
            sections:
              main:
                - answer: {}
                - play:
                    url: "say: Hello caller {{i}}, ${call.from}."
                - label: transfer
                - sip_refer:
                    to_uri: "sip:agent{{i}}@example.com"
                    status_url: "https://example.com/refer/{{i}}"
                - cond:
                    - when: sip_refer_result == 'busy'
                      then:
                        - play: {url: "say: Busy."}
                        - goto: {label: transfer, max: 3}
                    - else:
                        - set: {attempt: "${sip_refer_to_response_code}", note: "caller {{i}}"}
                - execute:
                    dest: report
                    params: {result: "${sip_refer_result}"}
                - hangup: {}
              report:
                - request:
                    url: "https://example.com/report/{{i}}"
                    method: POST
                    body: {result: "${params.result}"}
                - return: "${request_result}"
            """;
    }

    private sealed class MemoryText : AdditionalText
    {
        private readonly SourceText _text;

        public MemoryText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class Options : AnalyzerConfigOptionsProvider
    {
        private static readonly DictionaryOptions Global = new(new Dictionary<string, string>
        {
            ["build_property.RootNamespace"] = "Bench",
            ["build_property.ProjectDir"] = "/bench/",
        });

        private static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions => Global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
    }

    private sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

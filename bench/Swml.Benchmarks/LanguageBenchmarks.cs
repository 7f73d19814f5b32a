using BenchmarkDotNet.Attributes;
using Swml.Language.Binding;
using Swml.Language.Syntax;

namespace Swml.Benchmarks;

/// <summary>
/// Parse + validate (the whole of <see cref="SwmlDocument.Parse"/>) over every document of the
/// corpus, and parsing alone for comparison. One operation is one pass over the corpus; Program
/// divides by the document count to report documents per second and bytes per document.
/// </summary>
[MemoryDiagnoser]
public class LanguageBenchmarks
{
    private (string Name, string Text)[] _corpus = Array.Empty<(string, string)>();

    public int DocumentCount => _corpus.Length;

    [GlobalSetup]
    public void Setup() => _corpus = Corpus.Load().ToArray();

    [Benchmark(Baseline = true, Description = "parse + validate corpus")]
    public int ParseAndValidate()
    {
        var errors = 0;
        foreach (var (name, text) in _corpus)
        {
            errors += SwmlDocument.Parse(text, name).HasErrors ? 1 : 0;
        }

        return errors;
    }

    [Benchmark(Description = "parse only corpus")]
    public int ParseOnly()
    {
        var nodes = 0;
        foreach (var (name, text) in _corpus)
        {
            nodes += SwmlSyntaxTree.Parse(text, name).Root is null ? 0 : 1;
        }

        return nodes;
    }
}

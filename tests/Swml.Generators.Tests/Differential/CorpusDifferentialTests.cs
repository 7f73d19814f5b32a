using Swml.Language.Binding;

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// Compiled and interpreted flows run alike, over every document we have: the repository's .swml
/// files, SignalWire's documentation examples and the SWML written inline in test sources. Each
/// runnable document is compiled by the generator (all in one compilation) and interpreted, both
/// are run with the same options and scripted step answers, and their traces, end reasons, return
/// values, step arguments, fetches, sleeps and variables must match. All differing documents are
/// reported at once; excluded documents are listed with the reason.
/// </summary>
public sealed class CorpusDifferentialTests
{
    /// <summary>Repository files that have SWML errors on purpose (none today), with the error id.</summary>
    private static readonly Dictionary<string, string> ExpectedFileErrors = new(StringComparer.Ordinal);

    [Fact]
    public async Task RepositoryFlowFilesRunAlikeCompiledAndInterpreted() =>
        await CompareAsync(DocumentOrigin.RepositoryFile);

    [Fact]
    public async Task SignalWireDocumentationExamplesRunAlikeCompiledAndInterpreted()
    {
        SkipUnlessSignalWireDocs();
        await CompareAsync(DocumentOrigin.SignalWireDocs);
    }

    [Fact]
    public async Task SwmlWrittenInTestSourcesRunsAlikeCompiledAndInterpreted() =>
        await CompareAsync(DocumentOrigin.TestSourceLiteral);

    [Fact]
    public async Task RepositoryFlowFilesHaveNoUnexpectedErrors()
    {
        var (corpus, _) = await CompiledCorpus.GetAsync();
        var unexpected = corpus.Excluded
            .Where(e => e.Document.Origin == DocumentOrigin.RepositoryFile && e.Detail.Length > 0 && !e.Reason.StartsWith("the same text", StringComparison.Ordinal))
            .Where(e => !(ExpectedFileErrors.TryGetValue(e.Document.Source, out var id) && e.Reason.StartsWith(id, StringComparison.Ordinal)))
            .Select(e => e.Detail)
            .ToList();
        Assert.True(unexpected.Count == 0, "Repository .swml files with errors:\n" + string.Join("\n", unexpected));
    }

    [Fact]
    public void SignalWireDocumentationExamplesHaveNoErrors()
    {
        SkipUnlessSignalWireDocs();

        // Read here, not from the shared corpus: a duplicate there is not checked again.
        var folder = Path.Combine(Environment.GetEnvironmentVariable(FlowCorpus.ConformanceVariable)!, "swml-docs");
        var errors = Directory.GetFiles(folder)
            .Where(f => Path.GetExtension(f) is ".swml" or ".json")
            .SelectMany(f => SwmlDocument.Parse(File.ReadAllText(f), f).Diagnostics.Where(d => d.IsError).Select(d => d.ToString(Path.GetFileName(f))))
            .ToList();
        Assert.True(errors.Count == 0, "SignalWire's examples must have no SWML error:\n" + string.Join("\n", errors));
    }

    private static async Task CompareAsync(DocumentOrigin origin)
    {
        var (corpus, flows) = await CompiledCorpus.GetAsync();
        var exclusions = corpus.DescribeExclusions(origin);
        TestContext.Current.TestOutputHelper?.WriteLine($"Corpus compiled in {flows.Elapsed.TotalSeconds:F1} s.\n{exclusions}");

        var documents = corpus.Runnable.Where(r => r.Document.Origin == origin).ToList();
        Assert.NotEmpty(documents);
        var drifts = await DifferentialRun.CompareAsync(documents, flows);
        Assert.True(drifts.Count == 0, DifferentialRun.Report(drifts, documents.Count) + "\n" + exclusions);
    }

    private static void SkipUnlessSignalWireDocs()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(FlowCorpus.ConformanceVariable)))
        {
            Assert.Skip($"{FlowCorpus.ConformanceVariable} is not set; point it at the shared conformance folder (.ci/run does) to run SignalWire's examples.");
        }
    }
}

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// The corpus, collected and compiled once for all the tests that run it: compiling a few hundred
/// documents is the slow part.
/// </summary>
internal static class CompiledCorpus
{
    private static readonly Lazy<Task<(FlowCorpus Corpus, CompiledFlows Flows)>> Shared = new(BuildAsync);

    public static Task<(FlowCorpus Corpus, CompiledFlows Flows)> GetAsync() => Shared.Value;

    private static async Task<(FlowCorpus, CompiledFlows)> BuildAsync()
    {
        var corpus = FlowCorpus.Collect();

        // Not one test's token: the result outlives the test that happens to build it.
        var flows = await CompiledFlows.CompileAsync(corpus.Runnable.Select(r => (r.VirtualPath, r.Document.Text)).ToList(), CancellationToken.None);
        return (corpus, flows);
    }
}

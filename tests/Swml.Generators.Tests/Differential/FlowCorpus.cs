using System.Text;
using Swml.Generators.Tests.Infrastructure;
using Swml.Language.Binding;

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// Every SWML document we have: the repository's .swml files, SignalWire's documentation examples
/// (when $SWML_CONFORMANCE_DIR is set) and the SWML written inline in test and sample sources.
/// Each is parsed; one with errors cannot be compiled, so it is excluded with its first error as
/// the reason, and every exclusion is kept for the report: coverage is never lost in silence.
/// </summary>
internal sealed class FlowCorpus
{
    public const string ConformanceVariable = "SWML_CONFORMANCE_DIR";

    /// <summary>The folder (relative to the repository) whose literals are the differential tests' own probes.</summary>
    private static readonly string OwnSources = Path.Combine("tests", "Swml.Generators.Tests", "Differential") + Path.DirectorySeparatorChar;

    /// <summary>Where test documents carry the diagnostic tests' span markers, which are not SWML.</summary>
    private static readonly string MarkedUpSources = Path.Combine("tests", "Swml.Language.Tests", "Diagnostics") + Path.DirectorySeparatorChar;

    private FlowCorpus(IReadOnlyList<RunnableDocument> runnable, IReadOnlyList<ExcludedDocument> excluded, bool hasSignalWireDocs)
    {
        Runnable = runnable;
        Excluded = excluded;
        HasSignalWireDocs = hasSignalWireDocs;
    }

    public IReadOnlyList<RunnableDocument> Runnable { get; }

    public IReadOnlyList<ExcludedDocument> Excluded { get; }

    /// <summary>Whether $SWML_CONFORMANCE_DIR was set, so SignalWire's examples are in.</summary>
    public bool HasSignalWireDocs { get; }

    public static FlowCorpus Collect()
    {
        var conformance = Environment.GetEnvironmentVariable(ConformanceVariable);
        var hasDocs = !string.IsNullOrWhiteSpace(conformance);
        var found = RepositoryFiles()
            .Concat(hasDocs ? SignalWireDocs(conformance!) : Array.Empty<CorpusDocument>())
            .Concat(TestSourceLiterals());

        var runnable = new List<RunnableDocument>();
        var excluded = new List<ExcludedDocument>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in found)
        {
            if (document.Origin == DocumentOrigin.TestSourceLiteral && document.Source.StartsWith(OwnSources, StringComparison.Ordinal))
            {
                excluded.Add(new ExcludedDocument(document, "in the differential tests' own sources (their probes run in CraftedProbeTests)", string.Empty));
                continue;
            }

            var text = document.Text.Replace("\r\n", "\n");
            if (seen.TryGetValue(text, out var first))
            {
                excluded.Add(new ExcludedDocument(document, "the same text as an earlier document", first));
                continue;
            }

            seen[text] = document.Source;
            var parsed = SwmlDocument.Parse(document.Text, document.Source);
            if (parsed.Diagnostics.FirstOrDefault(d => d.IsError) is { } error)
            {
                excluded.Add(new ExcludedDocument(document, $"{error.Id} {error.Descriptor.Title}", error.ToString(document.Source)));
                continue;
            }

            runnable.Add(new RunnableDocument(document, $"corpus/d{runnable.Count:D3}_{Slug(document.Source)}.swml"));
        }

        return new FlowCorpus(runnable, excluded, hasDocs);
    }

    /// <summary>Exclusions of one origin as "count  reason" lines, most frequent first, then each document.</summary>
    public string DescribeExclusions(DocumentOrigin origin)
    {
        var mine = Excluded.Where(e => e.Document.Origin == origin).ToList();
        var text = new StringBuilder();
        text.Append($"{Runnable.Count(r => r.Document.Origin == origin)} runnable, {mine.Count} excluded ({origin}):\n");
        foreach (var group in mine.GroupBy(e => e.Reason).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append($"  {group.Count(),4}  {group.Key}\n");
            foreach (var item in group)
            {
                text.Append($"          {item.Document.Source}{(item.Detail.Length > 0 ? "  <- " + item.Detail : string.Empty)}\n");
            }
        }

        return text.ToString();
    }

    private static IEnumerable<CorpusDocument> RepositoryFiles() =>
        new[] { "tests", "samples", "bench" }
            .SelectMany(folder => SourceFiles(Path.Combine(RepoPaths.Root, folder), "*.swml"))
            .Select(file => new CorpusDocument(DocumentOrigin.RepositoryFile, Path.GetRelativePath(RepoPaths.Root, file), File.ReadAllText(file)));

    private static IEnumerable<CorpusDocument> SignalWireDocs(string conformance)
    {
        var folder = Path.Combine(conformance, "swml-docs");
        if (!Directory.Exists(folder))
        {
            Assert.Fail($"{ConformanceVariable} is '{conformance}', which has no swml-docs folder.");
        }

        return Directory.GetFiles(folder)
            .Where(f => Path.GetExtension(f) is ".swml" or ".json")
            .Order(StringComparer.Ordinal)
            .Select(f => new CorpusDocument(DocumentOrigin.SignalWireDocs, Path.Combine("swml-docs", Path.GetFileName(f)), File.ReadAllText(f)));
    }

    private static IEnumerable<CorpusDocument> TestSourceLiterals() =>
        new[] { "tests", "samples" }
            .SelectMany(folder => SourceFiles(Path.Combine(RepoPaths.Root, folder), "*.cs"))
            .SelectMany(file => InlineSwmlLiterals.Find(file).Select(literal =>
            {
                var source = Path.GetRelativePath(RepoPaths.Root, file);
                var text = source.StartsWith(MarkedUpSources, StringComparison.Ordinal) ? DiagnosticMarkup.Strip(literal.Text) : literal.Text;
                return new CorpusDocument(DocumentOrigin.TestSourceLiteral, $"{source}:{literal.Line}", text);
            }));

    /// <summary>Files under a folder, in a stable order, leaving out build output.</summary>
    private static IEnumerable<string> SourceFiles(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    /// <summary>A short, readable file-name part from where a document was found.</summary>
    private static string Slug(string source)
    {
        var name = Path.GetFileName(source).Replace(".swml", string.Empty).Replace(".json", "_json").Replace(".cs:", "_line");
        var slug = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        return slug.Length <= 48 ? slug : slug[^48..];
    }
}

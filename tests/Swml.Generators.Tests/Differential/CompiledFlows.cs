using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Swml.Generators.Tests.Infrastructure;
using Swml.Runtime;

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// Many .swml documents compiled by the generator in one in-memory compilation, emitted and
/// loaded: the flow class of each document, found by its SourcePath. A document whose generated
/// code does not compile (or that the generator fails on) is a finding, not a reason to lose the
/// others: it is set aside with its first error and the rest compiled again.
/// </summary>
internal sealed partial class CompiledFlows
{
    private const int MaxRounds = 6;

    private CompiledFlows(IReadOnlyDictionary<string, Type> flowTypes, IReadOnlyDictionary<string, string> failures, TimeSpan elapsed)
    {
        FlowTypes = flowTypes;
        Failures = failures;
        Elapsed = elapsed;
    }

    /// <summary>Flow classes by the path they were compiled at (relative to the project).</summary>
    public IReadOnlyDictionary<string, Type> FlowTypes { get; }

    /// <summary>Documents that did not compile, by path: the first error.</summary>
    public IReadOnlyDictionary<string, string> Failures { get; }

    public TimeSpan Elapsed { get; }

    public SwmlFlow Create(string relativePath) => (SwmlFlow)Activator.CreateInstance(FlowTypes[relativePath])!;

    /// <param name="files">Paths relative to the project, each unique, and their SWML (YAML or JSON).</param>
    public static async Task<CompiledFlows> CompileAsync(IReadOnlyList<(string RelativePath, string Text)> files, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var references = (await TestReferences.Net100.ResolveAsync(LanguageNames.CSharp, cancellationToken))
            .AddRange(TestReferences.RuntimeAssemblies.Select(a => MetadataReference.CreateFromFile(a)));
        var name = "SwmlDifferential" + Guid.NewGuid().ToString("N")[..8];
        var compilation = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText("namespace Corpus { internal static class Project { } }", GeneratorRunner.ParseOptions, cancellationToken: cancellationToken) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var remaining = files.ToDictionary(f => f.RelativePath, f => f.Text, StringComparer.Ordinal);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var round = 0; round < MaxRounds; round++)
        {
            var texts = remaining.Select(f => (AdditionalText)new InMemoryAdditionalText(SwmlGeneratorTest.ProjectDir + f.Key, f.Value)).ToArray();
            var driver = GeneratorRunner.CreateDriver(texts, TestAnalyzerConfigOptionsProvider.ForProject("Corpus", SwmlGeneratorTest.ProjectDir))
                .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics, cancellationToken);
            var documentOfTree = driver.GetRunResult().GeneratedTrees.ToDictionary(t => t.FilePath, t => SourcePathOf(t, cancellationToken), StringComparer.Ordinal);

            using var image = new MemoryStream();
            var emitted = output.Emit(image, cancellationToken: cancellationToken);
            var errors = generatorDiagnostics.Concat(emitted.Diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count == 0 && emitted.Success)
            {
                image.Position = 0;
                var assembly = new AssemblyLoadContext(name, isCollectible: true).LoadFromStream(image);
                return new CompiledFlows(FlowTypesOf(assembly), failures, clock.Elapsed);
            }

            foreach (var error in errors)
            {
                var path = DocumentOf(error, documentOfTree)
                    ?? throw new InvalidOperationException($"A compile error that belongs to no document: {error}");
                if (remaining.Remove(path))
                {
                    failures[path] = error.ToString();
                }
            }
        }

        throw new InvalidOperationException($"Still not compiling after setting aside {failures.Count} documents in {MaxRounds} rounds.");
    }

    /// <summary>Every flow class, by its SourcePath const.</summary>
    private static Dictionary<string, Type> FlowTypesOf(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(SwmlFlow).IsAssignableFrom(t))
            .ToDictionary(t => (string)t.GetField("SourcePath")!.GetRawConstantValue()!, StringComparer.Ordinal);

    /// <summary>A generator diagnostic sits in its .swml file; a compiler error in a generated file names its SourcePath.</summary>
    private static string? DocumentOf(Diagnostic error, IReadOnlyDictionary<string, string?> documentOfTree)
    {
        var tree = error.Location.SourceTree;
        if (tree is not null)
        {
            return documentOfTree.TryGetValue(tree.FilePath, out var path) ? path : null;
        }

        var file = error.Location.GetLineSpan().Path;
        return file.StartsWith(SwmlGeneratorTest.ProjectDir, StringComparison.Ordinal) ? file[SwmlGeneratorTest.ProjectDir.Length..] : null;
    }

    private static string? SourcePathOf(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var match = SourcePathConst().Match(tree.GetText(cancellationToken).ToString());
        return match.Success ? Regex.Unescape(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("public const string SourcePath = \"((?:[^\"\\\\]|\\\\.)*)\";")]
    private static partial Regex SourcePathConst();
}

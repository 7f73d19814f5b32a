using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Swml.Generators.Tests.Infrastructure;

/// <summary>Runs SwmlGenerator with a GeneratorDriver of our own, for snapshots and incrementality.</summary>
internal static class GeneratorRunner
{
    public const string ProjectDir = SwmlGeneratorTest.ProjectDir;

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>A consumer compilation; the generator reads no C#, so one small tree will do.</summary>
    public static CSharpCompilation Compilation() => CSharpCompilation.Create(
        "Consumer",
        new[] { CSharpSyntaxTree.ParseText("namespace Acme; public static class Existing { }", ParseOptions, path: ProjectDir + "Existing.cs") },
        new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>A driver that records every step of every run (IncrementalGeneratorRunStep).</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts, AnalyzerConfigOptionsProvider options) =>
        CSharpGeneratorDriver.Create(
            new[] { new SwmlGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// Runs the generator in a consumer compilation with <paramref name="userSource"/> and the real
    /// references (.NET 10 reference assemblies, Swml.Runtime and friends); returns every compiler
    /// and generator diagnostic.
    /// </summary>
    public static async Task<IReadOnlyList<Diagnostic>> CompileAsync(string userSource, params (string RelativePath, string Text)[] files)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var references = (await TestReferences.Net100.ResolveAsync(LanguageNames.CSharp, cancellationToken))
            .AddRange(TestReferences.RuntimeAssemblies.Select(a => MetadataReference.CreateFromFile(a)));
        var compilation = CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(userSource, ParseOptions, path: ProjectDir + "Use.cs", cancellationToken: cancellationToken) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var texts = files.Select(f => (AdditionalText)new InMemoryAdditionalText(ProjectDir + f.RelativePath, f.Text)).ToArray();
        CreateDriver(texts, TestAnalyzerConfigOptionsProvider.ForProject("Acme", ProjectDir))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics, cancellationToken);
        return generatorDiagnostics.Concat(output.GetDiagnostics(cancellationToken)).ToList();
    }

    /// <summary>Runs once over files given as (path relative to the project, text) in a project with RootNamespace Acme.</summary>
    public static GeneratorRunResult Run(params (string RelativePath, string Text)[] files) => Run("Acme", files);

    public static GeneratorRunResult Run(string rootNamespace, params (string RelativePath, string Text)[] files)
    {
        var texts = files.Select(f => (AdditionalText)new InMemoryAdditionalText(ProjectDir + f.RelativePath, f.Text)).ToArray();
        var driver = CreateDriver(texts, TestAnalyzerConfigOptionsProvider.ForProject(rootNamespace, ProjectDir));
        var result = driver.RunGenerators(Compilation(), TestContext.Current.CancellationToken).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result;
    }
}

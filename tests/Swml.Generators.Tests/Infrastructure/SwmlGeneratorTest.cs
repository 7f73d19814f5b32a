using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Swml.Generators.Tests.Infrastructure;

/// <summary>
/// The Roslyn generator harness set up as a consumer project of the generator: .swml files as
/// AdditionalFiles (no markup parsing: they are raw YAML), MSBuild properties and item metadata
/// through a global analyzer config, and Swml.Runtime and its dependencies as references. The
/// compilation is checked for warnings as well as errors, with nullable on and every warning wave.
/// </summary>
internal sealed class SwmlGeneratorTest : CSharpSourceGeneratorTest<SwmlGenerator, DefaultVerifier>
{
    /// <summary>The project folder of every test: files live under it, as in a real project.</summary>
    public const string ProjectDir = "/project/";

    private readonly List<(string Path, string Key, string Value)> _metadata = new();
    private readonly List<(string Name, string Value)> _properties = new();

    public SwmlGeneratorTest(string rootNamespace = "Acme")
    {
        RootNamespace = rootNamespace;
        ReferenceAssemblies = TestReferences.Net100;
        TestState.MarkupHandling = MarkupMode.None;

        // The default (Errors) would let warnings in generated code pass.
        CompilerDiagnostics = CompilerDiagnostics.Warnings;

        // The harness wants one C# file; a consumer project has some anyway.
        TestState.Sources.Add(($"{ProjectDir}Project.cs", SourceText.From("namespace Acme { internal static class Project { } }\n", Encoding.UTF8)));
        foreach (var assembly in TestReferences.RuntimeAssemblies)
        {
            TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(assembly));
        }
    }

    public string RootNamespace { get; }

    /// <summary>Adds a .swml file at <paramref name="relativePath"/> in the project; returns its full path.</summary>
    public string AddFlow(string relativePath, string yaml)
    {
        var path = ProjectDir + relativePath;
        TestState.AdditionalFiles.Add((path, SourceText.From(yaml, Encoding.UTF8)));
        return path;
    }

    /// <summary>Adds a .swml file outside the project folder, as a linked item is; returns <paramref name="path"/>.</summary>
    public string AddLinkedFlow(string path, string yaml)
    {
        TestState.AdditionalFiles.Add((path, SourceText.From(yaml, Encoding.UTF8)));
        return path;
    }

    /// <summary>Item metadata of one .swml file (build_metadata.AdditionalFiles.<paramref name="name"/>).</summary>
    public SwmlGeneratorTest WithMetadata(string relativePath, string name, string value) =>
        WithMetadataAt(ProjectDir + relativePath, name, value);

    /// <summary>Item metadata of the .swml file at the full <paramref name="path"/>.</summary>
    public SwmlGeneratorTest WithMetadataAt(string path, string name, string value)
    {
        _metadata.Add((path, name, value));
        return this;
    }

    /// <summary>An MSBuild property the generator can see (build_property.<paramref name="name"/>).</summary>
    public SwmlGeneratorTest WithProperty(string name, string value)
    {
        _properties.Add((name, value));
        return this;
    }

    /// <summary>C# in the consuming project, e.g. code that uses the generated classes.</summary>
    public SwmlGeneratorTest WithSource(string code)
    {
        TestState.Sources.Add(($"{ProjectDir}Use{TestState.Sources.Count}.cs", SourceText.From(code, Encoding.UTF8)));
        return this;
    }

    /// <summary>Expects exactly these generated files (the harness compares the text).</summary>
    public SwmlGeneratorTest ExpectGenerated(string hintName, string text)
    {
        TestState.GeneratedSources.Add((typeof(SwmlGenerator), hintName, SourceText.From(text, Encoding.UTF8)));
        return this;
    }

    public new Task RunAsync(CancellationToken cancellationToken = default)
    {
        var config = new StringBuilder()
            .Append("is_global = true\n")
            .Append("build_property.RootNamespace = ").Append(RootNamespace).Append('\n')
            .Append("build_property.ProjectDir = ").Append(ProjectDir).Append('\n');
        foreach (var (name, value) in _properties)
        {
            config.Append("build_property.").Append(name).Append(" = ").Append(value).Append('\n');
        }

        foreach (var group in _metadata.GroupBy(m => m.Path))
        {
            config.Append('\n').Append('[').Append(group.Key).Append("]\n");
            foreach (var (_, key, value) in group)
            {
                config.Append("build_metadata.AdditionalFiles.").Append(key).Append(" = ").Append(value).Append('\n');
            }
        }

        TestState.AnalyzerConfigFiles.Add(("/.globalconfig", config.ToString()));
        return base.RunAsync(cancellationToken);
    }

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions())
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithWarningLevel(9999);

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
}

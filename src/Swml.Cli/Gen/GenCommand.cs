using System.CommandLine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Swml.Generators;

namespace Swml.Cli.Gen;

/// <summary>
/// <c>swml gen &lt;file.swml&gt;</c>: prints the C# the source generator makes of a file, by running
/// the generator itself (the one a project's build runs), with its diagnostics on standard error.
/// </summary>
public static class GenCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The .swml file (YAML or JSON)." };
        var ns = new Option<string?>("--namespace") { Description = "The namespace of the class, as a project's RootNamespace and folder would give it; SwmlFlows by default." };
        var className = new Option<string?>("--class") { Description = "The class name, as SwmlClassName metadata would give it; from the file name by default." };
        var command = new Command("gen", "Print the C# the source generator makes of a .swml file.") { file, ns, className };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(ns), result.GetValue(className), output, error));
        return command;
    }

    public static int Run(string path, string? ns, string? className, TextWriter output, TextWriter error)
    {
        string text;
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
            text = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"swml: cannot read {path}: {ex.Message}");
            return ExitCodes.UsageOrIo;
        }

        // The file's folder is the project: the class takes the file's name and the namespace given.
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(ns))
        {
            metadata["build_metadata.AdditionalFiles.SwmlNamespace"] = ns;
        }

        if (!string.IsNullOrWhiteSpace(className))
        {
            metadata["build_metadata.AdditionalFiles.SwmlClassName"] = className;
        }

        var global = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["build_property.ProjectDir"] = Path.GetDirectoryName(fullPath) + Path.DirectorySeparatorChar,
        };
        var driver = CSharpGeneratorDriver.Create(
            new[] { new SwmlGenerator().AsSourceGenerator() },
            new AdditionalText[] { new FileText(fullPath, text) },
            new CSharpParseOptions(LanguageVersion.Latest),
            new FixedAnalyzerConfigOptionsProvider(global, metadata));
        var result = driver.RunGenerators(CSharpCompilation.Create("swml-gen")).GetRunResult().Results.Single();

        foreach (var diagnostic in result.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var span = diagnostic.Location.GetLineSpan();
            var severity = diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => "error",
                DiagnosticSeverity.Warning => "warning",
                _ => "info",
            };
            error.WriteLine($"{path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {severity} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        foreach (var source in result.GeneratedSources)
        {
            output.Write(source.SourceText.ToString());
        }

        return result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? ExitCodes.ErrorsFound : ExitCodes.Success;
    }
}

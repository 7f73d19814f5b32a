using System.CommandLine;
using Swml.Language;
using Swml.Language.Binding;
using Swml.Language.Diagnostics;
using Swml.Language.Syntax;

namespace Swml.Cli.Check;

/// <summary><c>swml check &lt;files or directories&gt;...</c>: validates SWML files and reports every diagnostic.</summary>
public static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "SWML files, or directories searched recursively for .swml, .yaml, .yml and .json files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<OutputFormat>("--format")
        {
            Description = "text: one MSBuild-style line per diagnostic and a summary; json: a JSON array only.",
            DefaultValueFactory = _ => OutputFormat.Text,
        };
        var handled = new Option<string[]>("--handled-method")
        {
            Description = "A method your application runs with a handler of its own (repeatable): no SWML0503 for it.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("check", "Check SWML documents and report their diagnostics.") { paths, format, handled };
        command.SetAction(result => Run(result.GetValue(paths)!, result.GetValue(format), output, error, result.GetValue(handled)));
        return command;
    }

    public static int Run(IReadOnlyList<string> paths, OutputFormat format, TextWriter output, TextWriter error, IReadOnlyCollection<string>? handledMethods = null)
    {
        var options = new SwmlParseOptions { HandledMethods = handledMethods ?? Array.Empty<string>() };
        IReadOnlyList<string> files;
        try
        {
            files = SwmlFiles.Expand(paths);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            error.WriteLine($"swml: {ex.Message}");
            return ExitCodes.UsageOrIo;
        }

        var found = new List<(string Path, SwmlDiagnostic Diagnostic)>();
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"swml: cannot read {file}: {ex.Message}");
                return ExitCodes.UsageOrIo;
            }

            var document = SwmlDocument.Parse(text, file, options);
            found.AddRange(document.Diagnostics.Select(d => (file, d)));
        }

        if (format == OutputFormat.Json)
        {
            DiagnosticWriter.WriteJson(output, found);
        }
        else
        {
            DiagnosticWriter.WriteText(output, found);
            output.WriteLine(Summary(files.Count, found.Select(f => f.Diagnostic).ToList()));
        }

        return found.Any(f => f.Diagnostic.IsError) ? ExitCodes.ErrorsFound : ExitCodes.Success;
    }

    private static string Summary(int files, IReadOnlyList<SwmlDiagnostic> diagnostics)
    {
        static string Count(int n, string what) => $"{n} {what}{(n == 1 ? string.Empty : "s")}";
        var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        var infos = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Info);
        return $"{Count(files, "file")} checked: {Count(errors, "error")}, {Count(warnings, "warning")}, {Count(infos, "message")}.";
    }
}

using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Swml.Generators.Helpers;
using Swml.Generators.Model;
using Swml.Language.Diagnostics;
using Swml.Language.Lowering;

namespace Swml.Generators;

/// <summary>
/// Compiles each .swml AdditionalFile into a flow class, and reports its SWML diagnostics at their
/// place in the file. The pipeline keeps only plain, equatable data (no symbols, syntax nodes,
/// locations or SourceText), so editing one .swml file recomputes only that file, and a C# edit
/// recomputes nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class SwmlGenerator : IIncrementalGenerator
{
    private const string Extension = ".swml";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.Files);

        var inputs = files
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ReadInput(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Inputs);

        // Names are checked across the project, from the names alone: editing a document leaves
        // them equal, so the check and every other file stay cached.
        var names = inputs
            .Select(static (input, _) => input.Name)
            .WithTrackingName(TrackingNames.Names)
            .Collect()
            .Select(static (all, _) => FlowNames.Resolve(all))
            .WithTrackingName(TrackingNames.ProjectNames);
        var namedInputs = inputs
            .Combine(names)
            .Select(static (pair, _) => FlowNames.Apply(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.NamedInputs);

        var models = namedInputs
            .Select(static (input, cancellationToken) => ParseSafely(input, cancellationToken))
            .WithTrackingName(TrackingNames.Models);

        // Two outputs, so that a change that moves only diagnostics does not re-emit source.
        var flows = models
            .Select(static (model, _) => model.Flow)
            .WithTrackingName(TrackingNames.Flows);
        var diagnostics = models
            .Select(static (model, _) => model.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(flows, static (production, flow) =>
        {
            if (flow is null)
            {
                return;
            }

            SourceText source;
            try
            {
                source = SourceText.From(Emitter.Emit(flow), Encoding.UTF8);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An emitter bug must not drop every flow of the project (CS8785): it is this file's SWML0199.
                var message = DiagnosticDescriptors.InternalError.Format(ex.GetType().Name + ": " + ex.Message);
                production.ReportDiagnostic(Diagnostic.Create(SwmlDiagnosticDescriptors.Get(DiagnosticDescriptors.InternalError.Id), LocationInfo.StartOf(flow.SourcePath).ToLocation(), message));
                return;
            }

            try
            {
                production.AddSource(flow.HintName, source);
            }
            catch (ArgumentException)
            {
                // Hint names are unique per file (FlowNames), so only a file listed twice in
                // AdditionalFiles comes here: its source was added once already.
            }
        });
        context.RegisterSourceOutput(diagnostics, static (production, items) =>
        {
            foreach (var item in items)
            {
                production.ReportDiagnostic(Diagnostic.Create(SwmlDiagnosticDescriptors.Get(item.Id), item.Location.ToLocation(), item.Message));
            }
        });
    }

    /// <summary>The file's text and the names it compiles to, from MSBuild properties and item metadata.</summary>
    private static SwmlInput ReadInput(AdditionalText file, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken)?.ToString();
        var global = options.GlobalOptions;
        var local = options.GetOptions(file);
        global.TryGetValue("build_property.RootNamespace", out var rootNamespace);
        global.TryGetValue("build_property.ProjectDir", out var projectDirectory);
        global.TryGetValue("build_property.SwmlHandledMethods", out var handledMethods);
        local.TryGetValue("build_metadata.AdditionalFiles.SwmlNamespace", out var namespaceOverride);
        local.TryGetValue("build_metadata.AdditionalFiles.SwmlClassName", out var classOverride);
        local.TryGetValue("build_metadata.AdditionalFiles.Link", out var link);

        var (relative, inProject) = RelativePath(file.Path, projectDirectory, link);
        // String work, not System.IO.Path: on .NET Framework (the compiler inside Visual Studio) Path
        // throws on characters a Link or file name may hold, and this step must never throw.
        var slash = relative.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : relative.Substring(0, slash);
        var fileName = relative.Substring(slash + 1);
        var ns = !string.IsNullOrWhiteSpace(namespaceOverride)
            ? Names.Namespace(namespaceOverride!)
            : Names.Namespace(string.Join(".", new[] { rootNamespace ?? string.Empty, folder }.Where(p => !string.IsNullOrWhiteSpace(p))));
        if (ns.Length == 0)
        {
            ns = "SwmlFlows";
        }

        var className = !string.IsNullOrWhiteSpace(classOverride)
            ? Names.Identifier(classOverride!.Trim())
            : Names.ToPascalCase(fileName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? fileName.Substring(0, fileName.Length - Extension.Length) : fileName);
        var notes = ValueList<DiagnosticInfo>.Empty;
        if (FlowMembers.Reserved.Contains(className) || className.StartsWith("s_", StringComparison.Ordinal))
        {
            // section.swml, build_definition.swml: a class may not have a member of its own name (CS0542).
            var renamed = className + "Flow";
            var message = DiagnosticDescriptors.FlowClassRenamed.Format(className, renamed);
            notes = ValueList.Of(new DiagnosticInfo(DiagnosticDescriptors.FlowClassRenamed.Id, message, LocationInfo.StartOf(file.Path)));
            className = renamed;
        }

        // Readable, and unique: hint names compare ignoring case, and the readable part loses
        // punctuation (a-b.swml, a_b.swml), so a hash of the exact path keeps two files apart.
        // The path within the project hashes the same on every machine; a file outside it (linked)
        // hashes its full path, since two such files may share their name.
        var normalized = relative.Replace('\\', '/');
        var hashed = inProject ? normalized : file.Path.Replace('\\', '/');
        var hintName = Names.Identifier(normalized.Replace('/', '.')).TrimStart('_') + "." + StableHash(hashed) + ".g.cs";
        var handled = (handledMethods ?? string.Empty)
            .Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(m => m, StringComparer.Ordinal)
            .ToValueList();
        return new SwmlInput(file.Path, normalized, text, ns, className, hintName, notes, handled);
    }

    /// <summary>FNV-1a over the path's characters: the same on every machine and run, unlike string.GetHashCode.</summary>
    private static string StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The file's path within the project; for a file outside it, its Link (where the project shows
    /// it), else its file name.
    /// </summary>
    private static (string Relative, bool InProject) RelativePath(string path, string? projectDirectory, string? link)
    {
        if (!string.IsNullOrWhiteSpace(projectDirectory))
        {
            var directory = projectDirectory!.Replace('\\', '/').TrimEnd('/') + "/";
            var normalized = path.Replace('\\', '/');
            if (normalized.StartsWith(directory, StringComparison.OrdinalIgnoreCase))
            {
                return (normalized.Substring(directory.Length), true);
            }
        }

        var normalizedPath = path.Replace('\\', '/');
        return (string.IsNullOrWhiteSpace(link) ? normalizedPath.Substring(normalizedPath.LastIndexOf('/') + 1) : link!.Trim().Replace('\\', '/').TrimStart('/'), false);
    }

    /// <summary>A generator exception must never escape: it becomes a diagnostic in the .swml file.</summary>
    private static FlowModel ParseSafely(SwmlInput input, CancellationToken cancellationToken)
    {
        try
        {
            return Parser.Parse(input, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var message = DiagnosticDescriptors.InternalError.Format(ex.GetType().Name + ": " + ex.Message);
            return new FlowModel(null, input.NameDiagnostics.Concat(new[] { new DiagnosticInfo(DiagnosticDescriptors.InternalError.Id, message, LocationInfo.StartOf(input.Path)) }).ToValueList());
        }
    }
}

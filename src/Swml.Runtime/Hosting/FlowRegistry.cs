using System.Reflection;
using Swml.Language;
using Swml.Language.Binding;
using Swml.Language.Diagnostics;
using Swml.Language.Lowering;
using Swml.Language.Syntax;
using Swml.Runtime.Flow;

namespace Swml.Runtime.Hosting;

/// <summary>
/// The flows a server runs, by name: generated classes, and documents read at start (interpreted).
/// Each is built once and shared by every call (a definition holds no call's state). An inbound
/// call runs the flow named by its request-URI user, else the default flow.
/// </summary>
public sealed class FlowRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, FlowDefinition> _flows = new(StringComparer.Ordinal);

    /// <summary>The flow for calls whose request-URI user names none; with one flow registered, that one.</summary>
    public string? DefaultFlow { get; set; }

    /// <summary>The names registered, in order of name.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                return _flows.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>Registers a flow built already.</summary>
    public void Add(string name, FlowDefinition definition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(definition);
        lock (_gate)
        {
            if (!_flows.TryAdd(name, definition))
            {
                throw new ArgumentException($"A flow named '{name}' is registered already.", nameof(name));
            }
        }
    }

    /// <summary>Registers a generated flow class, by default under its .swml file's name (refer_and_report).</summary>
    public void Add<TFlow>(string? name = null)
        where TFlow : SwmlFlow, new() =>
        Add(name ?? NameOf(typeof(TFlow)), new TFlow().Definition);

    /// <summary>
    /// Reads, checks and registers a document. Its diagnostics are those of swml check; an error
    /// throws <see cref="FlowDocumentException"/> listing them all, so a bad flow stops a start.
    /// Returns the warnings and infos.
    /// </summary>
    public IReadOnlyList<SwmlDiagnostic> AddDocument(string name, string text, string path, SwmlParseOptions? options = null)
    {
        var document = SwmlDocument.Parse(text, path, options);
        if (document.HasErrors)
        {
            throw new FlowDocumentException(path, document.Diagnostics);
        }

        Add(name, Interpretation.DocumentInterpreter.Build(FlowLowering.Lower(document)));
        return document.Diagnostics;
    }

    /// <summary>
    /// Registers every SWML file of a file or folder (as swml check finds them), each under its file
    /// name without extension. Every file is checked before any is registered.
    /// </summary>
    public IReadOnlyList<(string Path, SwmlDiagnostic Diagnostic)> AddFiles(string fileOrDirectory, SwmlParseOptions? options = null)
    {
        var files = SwmlFiles.Expand(new[] { fileOrDirectory });
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"no SWML files in {fileOrDirectory}", fileOrDirectory);
        }

        var documents = new List<(string Name, string Path, SwmlDocument Document)>();
        var errors = new List<(string Path, SwmlDiagnostic Diagnostic)>();
        foreach (var file in files)
        {
            var document = SwmlDocument.Parse(File.ReadAllText(file), file, options);
            errors.AddRange(document.Diagnostics.Where(d => d.IsError).Select(d => (file, d)));
            documents.Add((Path.GetFileNameWithoutExtension(file), file, document));
        }

        if (errors.Count > 0)
        {
            throw new FlowDocumentException(errors);
        }

        foreach (var duplicate in documents.GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new ArgumentException($"Two files would both be the flow '{duplicate.Key}': {string.Join(", ", duplicate.Select(d => d.Path))}.", nameof(fileOrDirectory));
        }

        foreach (var (name, _, document) in documents)
        {
            Add(name, Interpretation.DocumentInterpreter.Build(FlowLowering.Lower(document)));
        }

        return documents.SelectMany(d => d.Document.Diagnostics.Select(x => (d.Path, x))).ToArray();
    }

    /// <summary>The flow an inbound call runs: the one its request-URI user names, else the default.</summary>
    public (string Name, FlowDefinition Definition)? Resolve(string? user)
    {
        lock (_gate)
        {
            if (user is not null && _flows.TryGetValue(user, out var named))
            {
                return (user, named);
            }

            var fallback = DefaultFlow ?? (_flows.Count == 1 ? _flows.Keys.First() : null);
            return fallback is not null && _flows.TryGetValue(fallback, out var definition) ? (fallback, definition) : null;
        }
    }

    /// <summary>refer_and_report for a class generated from flows/refer_and_report.swml.</summary>
    private static string NameOf(Type type) =>
        type.GetField("SourcePath", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() is string path
            ? Path.GetFileNameWithoutExtension(path)
            : type.Name;
}

/// <summary>SWML documents with errors, which a server does not start with; the message lists them as swml check prints them.</summary>
public sealed class FlowDocumentException : Exception
{
    public FlowDocumentException(string path, IEnumerable<SwmlDiagnostic> diagnostics)
        : this(diagnostics.Where(d => d.IsError).Select(d => (path, d)).ToList())
    {
    }

    public FlowDocumentException(IReadOnlyList<(string Path, SwmlDiagnostic Diagnostic)> errors)
        : base("SWML flows with errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => e.Diagnostic.ToString(e.Path))))
    {
        Errors = errors;
    }

    public IReadOnlyList<(string Path, SwmlDiagnostic Diagnostic)> Errors { get; }
}

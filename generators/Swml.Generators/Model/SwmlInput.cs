using Swml.Language.Lowering;

namespace Swml.Generators.Model;

/// <summary>
/// One .swml file and the names it compiles to: the first pipeline step. Plain strings only, so an
/// unchanged file gives an equal input and everything after it stays cached.
/// </summary>
/// <param name="Path">The file's path as the compiler knows it (used for locations and #line).</param>
/// <param name="RelativePath">The path within the project (or its Link), for names and docs.</param>
/// <param name="NameDiagnostics">What naming the class had to say (SWML0601, SWML0602), reported with the file's own diagnostics.</param>
/// <param name="HandledMethods">The project's SwmlHandledMethods, sorted: methods its own handlers run.</param>
internal sealed record SwmlInput(string Path, string RelativePath, string? Text, string Namespace, string ClassName, string HintName, ValueList<DiagnosticInfo> NameDiagnostics, ValueList<string> HandledMethods = default)
{
    /// <summary>The names alone: what the project-wide check for clashes compares.</summary>
    public FlowName Name => new(Path, RelativePath, Namespace, ClassName, HintName);
}

/// <summary>The names one file compiles to, without its text, so editing a document does not redo the project-wide check.</summary>
/// <param name="Conflict">After the check: what already had the file's class name ("the class of 'flows/a-b.swml'"), or null.</param>
internal sealed record FlowName(string Path, string RelativePath, string Namespace, string ClassName, string HintName, string? Conflict = null)
{
    public string FullName => Namespace + "." + ClassName;
}

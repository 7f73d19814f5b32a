using Swml.Language.Lowering;

namespace Swml.Generators.Model;

/// <summary>
/// What one .swml file gives: the flow to emit (null when the document has errors) and its
/// diagnostics. Immutable and structurally equal, or the generator's caching breaks.
/// </summary>
internal sealed record FlowModel(FlowSpec? Flow, ValueList<DiagnosticInfo> Diagnostics);

/// <summary>
/// A flow class to emit: the names of its public surface, decided here, and the lowered flow it
/// prints. What the steps mean was decided by Swml.Language's lowering; the emitter only writes it
/// as C#. Immutable and structurally equal.
/// </summary>
internal sealed record FlowSpec(
    string Namespace,
    string ClassName,
    string HintName,
    string SourcePath,
    string RelativePath,
    ValueList<SectionSpec> Sections,
    ValueList<VariableSpec> Variables,
    LoweredFlow Flow)
{
    public VariableSpec? FindVariable(string name) => Variables.FirstOrDefault(v => v.Name == name);
}

/// <summary>A section: its SWML name and its member of the Section enum.</summary>
internal sealed record SectionSpec(string Name, string EnumMember);

/// <summary>A typed property for a variable the flow can read (a method output or a set key).</summary>
internal sealed record VariableSpec(string Name, string Property, bool IsText, string Description);

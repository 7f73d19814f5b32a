using Swml.Language.Expressions;
using Swml.Language.Text;

namespace Swml.Language.Binding;

public enum ReferenceKind
{
    /// <summary>A <c>${...}</c> holding a plain path.</summary>
    Path,

    /// <summary>A <c>${...}</c> holding JavaScript.</summary>
    JavaScript,

    /// <summary>A field that is JavaScript as a whole (<c>cond[].when</c>, <c>goto.when</c>).</summary>
    RawJavaScript,

    /// <summary>A field that names a variable (<c>switch.variable</c>).</summary>
    VariableName,
}

/// <summary>One variable an expression reads: its scope and top-level name (<c>vars.x.y</c> reads vars x).</summary>
public sealed class ReferencedVariable
{
    internal ReferencedVariable(VariableScope scope, string? name, SourceSpan span)
    {
        Scope = scope;
        Name = name;
        Span = span;
    }

    public VariableScope Scope { get; }

    /// <summary>The name inside the scope, or null when the whole scope object is read (<c>${params}</c>).</summary>
    public string? Name { get; }

    public SourceSpan Span { get; }

    public override string ToString() => Name is null ? Scope.ToString() : $"{Scope}.{Name}";
}

/// <summary>
/// An expression in the document that reads variables: a <c>${...}</c> in a string, or a field that
/// is JavaScript or a variable name as a whole.
/// </summary>
public sealed class VariableReference
{
    internal VariableReference(ReferenceKind kind, string text, string code, SourceSpan span, VariablePath? path, StepSymbol? step)
    {
        Kind = kind;
        Text = text;
        Code = code;
        Span = span;
        Path = path;
        Step = step;
    }

    public ReferenceKind Kind { get; }

    /// <summary>The expression as written, e.g. <c>${sip_refer_result}</c>.</summary>
    public string Text { get; }

    /// <summary>The path or JavaScript code, trimmed.</summary>
    public string Code { get; }

    /// <summary>Where it is: the <c>${...}</c> inside its string, or the whole field.</summary>
    public SourceSpan Span { get; }

    /// <summary>The parsed path, for <see cref="ReferenceKind.Path"/> and <see cref="ReferenceKind.VariableName"/>.</summary>
    public VariablePath? Path { get; }

    /// <summary>The step whose arguments hold it (null only for references outside any step).</summary>
    public StepSymbol? Step { get; }

    public List<ReferencedVariable> Variables { get; } = new();

    /// <summary>Names that an earlier key of the same <c>set</c> defines, visible to this reference.</summary>
    internal HashSet<string>? LocallyDefined { get; set; }

    /// <summary>Evaluated once the step has run (a <c>result</c> switch or cond), so it sees the step's outputs.</summary>
    public bool IsEvaluatedAfterStep { get; internal set; }

    public override string ToString() => Text;
}

using Swml.Language.Text;

namespace Swml.Language.Lowering;

/// <summary>
/// A value of a lowered step, as the document gives it: a literal, a text template with
/// <c>${...}</c> parts, a mapping or a list, or a default that reads a variable first. Compiled
/// code and the interpreter compute it the same way; immutable and compared by value.
/// </summary>
public abstract record LoweredValue;

public sealed record NullValue : LoweredValue
{
    public static readonly NullValue Instance = new();
}

public sealed record BoolValue(bool Value) : LoweredValue;

public sealed record IntegerValue(long Value) : LoweredValue;

/// <summary>A finite number that is not an integer of 64 bits (NaN and infinities never reach here).</summary>
public sealed record NumberValue(double Value) : LoweredValue;

/// <summary>
/// A string. When its template is exactly one <c>${...}</c> (<see cref="Template.IsWhole"/>) the
/// value keeps the type of what it reads (a number stays a number); otherwise it is text.
/// </summary>
public sealed record TextValue(Template Template) : LoweredValue;

public sealed record ObjectValue(ValueList<LoweredProperty> Properties) : LoweredValue
{
    public LoweredValue? this[string name] => Properties.FirstOrDefault(p => p.Name == name)?.Value;
}

public sealed record LoweredProperty(string Name, LoweredValue Value);

public sealed record ArrayValue(ValueList<LoweredValue> Items) : LoweredValue;

/// <summary>
/// <see cref="Value"/>, unless it computes to nothing (an unset variable), then <see cref="Otherwise"/>:
/// how a parameter's default stands in for a value that is not there. play's <c>say_voice</c>
/// left out of a step is <c>${say_voice}</c>, else <c>Polly.Salli</c>.
/// </summary>
public sealed record Coalesce(LoweredValue Value, LoweredValue Otherwise) : LoweredValue;

public enum TemplatePartKind
{
    /// <summary>Text as written.</summary>
    Literal,

    /// <summary>A <c>${...}</c> holding a variable path, looked up in the call's variables.</summary>
    Path,

    /// <summary>A <c>${...}</c> holding JavaScript, evaluated at run time.</summary>
    Script,
}

/// <param name="Text">The literal text, the variable path, or the JavaScript code (trimmed).</param>
/// <param name="Span">Where the <c>${...}</c> is in the document, for messages and #line; null for literal text.</param>
public sealed record TemplatePart(TemplatePartKind Kind, string Text, SourceSpan? Span)
{
    public static TemplatePart Literal(string text) => new(TemplatePartKind.Literal, text, null);
}

/// <summary>A string with <c>${...}</c> parts, in order.</summary>
public sealed record Template(ValueList<TemplatePart> Parts)
{
    public static Template Literal(string text) => new(ValueList.Of(TemplatePart.Literal(text)));

    /// <summary><c>${name}</c>: the variable, read as a bare name is (vars, then envs).</summary>
    public static Template Variable(string name) => new(ValueList.Of(new TemplatePart(TemplatePartKind.Path, name, null)));

    public static readonly Template Empty = Literal(string.Empty);

    /// <summary>Only literal text: known when the document is read.</summary>
    public bool IsLiteral => Parts.All(p => p.Kind == TemplatePartKind.Literal);

    /// <summary>The text, for a literal template.</summary>
    public string LiteralText => string.Concat(Parts.Select(p => p.Text));

    /// <summary>Exactly one <c>${...}</c> and nothing around it: the schema's SWMLVar, which keeps its value's type.</summary>
    public bool IsWhole => Parts.Count == 1 && Parts[0].Kind != TemplatePartKind.Literal;
}

/// <summary>
/// An integer parameter whose value may be computed at run time (<c>max: "${m}"</c>): its range,
/// and what to use when the computed value is not a number in that range (the parameter's
/// default, or 0 without one), decided when lowering.
/// </summary>
public sealed record IntegerArgument(LoweredValue Value, long Fallback, long Minimum, long Maximum)
{
    /// <summary>The value when the document gives it as a literal, so it need not be computed; else null.</summary>
    public long? Constant => Value switch
    {
        IntegerValue integer => Resolve(integer.Value, Fallback, Minimum, Maximum),
        NumberValue number => Resolve(number.Value, Fallback, Minimum, Maximum),
        NullValue or BoolValue => Fallback,
        _ => null,
    };

    /// <summary>
    /// The integer a number gives: cut to an integer when it is in the range; no number (null or
    /// NaN) or one outside the range gives the fallback, as a parameter left out would. A
    /// computed sleep of -5 ms does not wait forever, a goto max of 2^32 + 1 does not wrap to 1.
    /// The runtime resolves computed values with this too.
    /// </summary>
    public static long Resolve(double? number, long fallback, long minimum, long maximum) =>
        number is not { } value || double.IsNaN(value) || value < minimum || value >= maximum + 1.0 ? fallback
        : (long)value;
}

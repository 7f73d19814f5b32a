using Swml.Language.Binding;
using Swml.Language.Catalog;
using Swml.Language.Expressions;
using Swml.Language.Syntax;

namespace Swml.Language.Lowering;

/// <summary>
/// Reads the values of one step's arguments: literals as their types, strings as templates whose
/// <c>${...}</c> parts keep the places the binder found them at. AI methods keep their strings as
/// written, since the AI engine, not SWML, expands what is inside.
/// </summary>
internal sealed class StepValues
{
    private readonly StepSymbol _step;
    private readonly bool _interpolate;

    public StepValues(StepSymbol step)
    {
        _step = step;
        _interpolate = step.Method?.IsAiMethod != true;
    }

    public LoweredValue Value(SyntaxNode? node)
    {
        switch (node)
        {
            case ScalarNode scalar:
                return scalar.Type switch
                {
                    ScalarType.Null => NullValue.Instance,
                    ScalarType.Boolean => new BoolValue(scalar.TryGetBoolean(out var b) && b),
                    ScalarType.Integer when scalar.TryGetInt64(out var integer) => new IntegerValue(integer),
                    ScalarType.Integer or ScalarType.Float when scalar.TryGetDouble(out var number) && !double.IsNaN(number) && !double.IsInfinity(number) => new NumberValue(number),
                    _ => new TextValue(_interpolate ? Template(scalar) : Lowering.Template.Literal(scalar.Value)),
                };
            case MappingNode mapping:
                return new ObjectValue(mapping.Entries.Select(e => new LoweredProperty(e.Name, Value(e.Value))).ToValueList());
            case SequenceNode sequence:
                return new ArrayValue(sequence.Items.Select(Value).ToValueList());
            default:
                return NullValue.Instance;
        }
    }

    /// <summary>A value read as text: a string's template, a scalar's text, or <paramref name="fallback"/> when absent.</summary>
    public Template Text(SyntaxNode? node, string? fallback = null) => node switch
    {
        ScalarNode { Type: ScalarType.String } text => Template(text),
        ScalarNode { IsNull: false } scalar => Lowering.Template.Literal(scalar.Value),
        _ => Lowering.Template.Literal(fallback ?? string.Empty),
    };

    /// <summary>
    /// An integer parameter: the document's value, else its default; a value computed at run time
    /// that is not a number falls back to the default (0 without one) and is held to the range.
    /// </summary>
    public IntegerArgument Integer(StepSymbol step, string name)
    {
        var definition = (step.Method?.Arguments as ObjectShape)?.Find(name);
        var fallback = definition is null ? null : ParameterDefaults.Of(definition) as IntegerValue;
        var shape = definition?.Shape as IntegerShape;
        var node = step.GetParameter(name);
        var value = node is null ? (LoweredValue?)fallback ?? new IntegerValue(0) : Value(node);
        return new IntegerArgument(value, fallback?.Value ?? 0, shape?.Minimum ?? long.MinValue, shape?.Maximum ?? long.MaxValue);
    }

    /// <summary>A string's parts, each <c>${...}</c> at the place the binder found it in the file.</summary>
    private Template Template(ScalarNode scalar)
    {
        var value = scalar.Value;
        if (!Interpolation.Contains(value))
        {
            return Lowering.Template.Literal(value);
        }

        var located = _step.References
            .Where(r => scalar.Span.Contains(r.Span) && r.Kind is ReferenceKind.Path or ReferenceKind.JavaScript)
            .ToList();
        var parts = new List<TemplatePart>();
        var literal = new System.Text.StringBuilder();
        var position = 0;
        foreach (var token in Interpolation.Scan(value))
        {
            literal.Append(value, position, token.Start - position);
            position = token.End;
            var text = token.GetText(value);
            if (!token.IsTerminated)
            {
                // Reported as an error when checked; the text stays as written.
                literal.Append(text);
                continue;
            }

            if (literal.Length > 0)
            {
                parts.Add(TemplatePart.Literal(literal.ToString()));
                literal.Clear();
            }

            var reference = located.FirstOrDefault(r => r.Text == text);
            if (reference is not null)
            {
                located.Remove(reference);
            }

            var code = token.Code.Trim();
            var kind = VariablePath.TryParse(code, out _) ? TemplatePartKind.Path : TemplatePartKind.Script;
            parts.Add(new TemplatePart(kind, code, reference?.Span));
        }

        literal.Append(value, position, value.Length - position);
        if (literal.Length > 0)
        {
            parts.Add(TemplatePart.Literal(literal.ToString()));
        }

        return new Template(parts.ToValueList());
    }
}

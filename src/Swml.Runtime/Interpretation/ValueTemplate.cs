using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Swml.Language.Expressions;
using Swml.Language.Syntax;
using Swml.Runtime.Expressions;
using Swml.Runtime.Flow;

namespace Swml.Runtime.Interpretation;

/// <summary>
/// Turns a document's value (a syntax node) into a function that computes it for a running flow:
/// literals as they are, strings with their <c>${...}</c> filled in, and a string that is exactly
/// one <c>${...}</c> keeping its value's type (a number stays a number).
/// </summary>
internal static class ValueTemplate
{
    public static Func<FlowContext, JsonNode?> Compile(SyntaxNode? node, bool interpolate = true)
    {
        switch (node)
        {
            case null:
                return static _ => null;
            case ScalarNode { Type: ScalarType.String } text when interpolate && Interpolation.Contains(text.Value):
                return CompileString(text.Value);
            case ScalarNode scalar:
                var literal = Literal(scalar);
                return _ => literal?.DeepClone();
            case MappingNode mapping:
                var entries = mapping.Entries.Select(e => (e.Name, Value: Compile(e.Value, interpolate))).ToArray();
                return context =>
                {
                    var result = new JsonObject();
                    foreach (var (name, value) in entries)
                    {
                        result[name] = value(context);
                    }

                    return result;
                };
            case SequenceNode sequence:
                var items = sequence.Items.Select(i => Compile(i, interpolate)).ToArray();
                return context => new JsonArray(items.Select(i => i(context)).ToArray());
            default:
                return static _ => null;
        }
    }

    /// <summary>A string template; its result is always text.</summary>
    public static Func<FlowContext, string> CompileText(SyntaxNode? node)
    {
        if (node is ScalarNode { Type: ScalarType.String } text && Interpolation.Contains(text.Value))
        {
            var parts = Parts(text.Value);
            return context => Render(parts, context);
        }

        var value = node is ScalarNode scalar ? scalar.Value : string.Empty;
        return _ => value;
    }

    private static Func<FlowContext, JsonNode?> CompileString(string value)
    {
        var parts = Parts(value);
        if (Interpolation.IsWholeValue(value) && parts.Count == 1 && parts[0] is not string)
        {
            // "${x}" keeps x's type, so numbers, booleans and objects survive set and return.
            return parts[0] switch
            {
                VariablePath path => context => context.Variables.Get(path)?.DeepClone(),
                PreparedExpression expression => context => context.Evaluate(expression),
                _ => _ => null,
            };
        }

        return context => JsonValue.Create(Render(parts, context));
    }

    /// <summary>A template's pieces: literal strings, variable paths and JavaScript expressions.</summary>
    internal static List<object> Parts(string value)
    {
        var parts = new List<object>();
        var position = 0;
        foreach (var token in Interpolation.Scan(value))
        {
            if (token.Start > position)
            {
                parts.Add(value.Substring(position, token.Start - position));
            }

            var code = token.Code.Trim();
            if (!token.IsTerminated)
            {
                parts.Add(token.GetText(value));
            }
            else if (VariablePath.TryParse(code, out var path))
            {
                parts.Add(path);
            }
            else
            {
                parts.Add(PreparedExpression.Get(code));
            }

            position = token.End;
        }

        if (position < value.Length)
        {
            parts.Add(value.Substring(position));
        }

        return parts;
    }

    internal static string Render(List<object> parts, FlowContext context)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            builder.Append(part switch
            {
                string text => text,
                VariablePath path => Values.SwmlValue.ToText(context.Variables.Get(path)),
                PreparedExpression expression => context.Text(expression),
                _ => string.Empty,
            });
        }

        return builder.ToString();
    }

    private static JsonNode? Literal(ScalarNode scalar) => scalar.Type switch
    {
        ScalarType.Null => null,
        ScalarType.Boolean => JsonValue.Create(scalar.TryGetBoolean(out var b) && b),
        ScalarType.Integer when scalar.TryGetInt64(out var integer) => JsonValue.Create(integer),
        ScalarType.Integer or ScalarType.Float when scalar.TryGetDouble(out var number) && !double.IsNaN(number) && !double.IsInfinity(number) => JsonValue.Create(number),
        _ => JsonValue.Create(scalar.Value),
    };

    /// <summary>A number from a computed value (integers and numeric strings both count).</summary>
    public static long ToInteger(JsonNode? value, long fallback) =>
        Values.SwmlValue.TryGetNumber(value, out var number) ? (long)number : fallback;

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Text;
using System.Text.Json.Nodes;
using Swml.Language.Expressions;
using Swml.Language.Lowering;
using Swml.Runtime.Expressions;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;

namespace Swml.Runtime.Interpretation;

/// <summary>
/// Turns the lowered values of a document into functions that compute them for a running flow,
/// as the generator turns them into C#: literals as they are, templates with their <c>${...}</c>
/// filled in, and a template that is exactly one <c>${...}</c> keeping its value's type.
/// </summary>
internal static class ValueCompiler
{
    public static Func<FlowContext, JsonNode?> Value(LoweredValue value)
    {
        switch (value)
        {
            case BoolValue flag:
                return _ => JsonValue.Create(flag.Value);
            case IntegerValue integer:
                return _ => JsonValue.Create(integer.Value);
            case NumberValue number:
                return _ => JsonValue.Create(number.Value);
            case TextValue { Template.IsLiteral: true } literal:
                var text = literal.Template.LiteralText;
                return _ => JsonValue.Create(text);
            case TextValue { Template.IsWhole: true } whole:
                return Whole(whole.Template.Parts[0]);
            case TextValue template:
                var render = Text(template.Template);
                return context => JsonValue.Create(render(context));
            case ObjectValue obj:
                var properties = obj.Properties.Select(p => (p.Name, Value: Value(p.Value))).ToArray();
                return context =>
                {
                    var result = new JsonObject();
                    foreach (var (name, compute) in properties)
                    {
                        result[name] = compute(context);
                    }

                    return result;
                };
            case ArrayValue array:
                var items = array.Items.Select(Value).ToArray();
                return context => new JsonArray(items.Select(i => i(context)).ToArray());
            case Coalesce coalesce:
                var first = Value(coalesce.Value);
                var otherwise = Value(coalesce.Otherwise);
                return context => first(context) ?? otherwise(context);
            default:
                return static _ => null;
        }
    }

    /// <summary>A template's text ("" for what is unset).</summary>
    public static Func<FlowContext, string> Text(Template template)
    {
        if (template.IsLiteral)
        {
            var literal = template.LiteralText;
            return _ => literal;
        }

        var parts = template.Parts.Select(Part).ToArray();
        if (parts.Length == 1)
        {
            return parts[0];
        }

        return context =>
        {
            var builder = new StringBuilder();
            foreach (var part in parts)
            {
                builder.Append(part(context));
            }

            return builder.ToString();
        };
    }

    /// <summary>A JavaScript condition; a ${...} in it is pasted in as text first, so such code is prepared at each run.</summary>
    public static Func<FlowContext, bool> Condition(Template code)
    {
        if (code.IsLiteral)
        {
            var expression = PreparedExpression.Get(code.LiteralText);
            return context => context.IsTrue(expression);
        }

        var text = Text(code);
        return context => context.IsTrue(PreparedExpression.Get(text(context)));
    }

    public static Func<FlowContext, long> Integer(IntegerArgument argument)
    {
        if (argument.Constant is { } constant)
        {
            return _ => constant;
        }

        var value = Value(argument.Value);
        return context => Arg.Integer(value(context), argument.Fallback, argument.Minimum, argument.Maximum);
    }

    private static Func<FlowContext, JsonNode?> Whole(TemplatePart part)
    {
        if (part.Kind == TemplatePartKind.Script)
        {
            var expression = PreparedExpression.Get(part.Text);
            return context => context.Evaluate(expression);
        }

        var path = Path(part.Text);
        return context => context.Value(path);
    }

    private static Func<FlowContext, string> Part(TemplatePart part)
    {
        switch (part.Kind)
        {
            case TemplatePartKind.Path:
                var path = Path(part.Text);
                return context => context.Text(path);
            case TemplatePartKind.Script:
                var expression = PreparedExpression.Get(part.Text);
                return context => context.Text(expression);
            default:
                var text = part.Text;
                return _ => text;
        }
    }

    private static VariablePath Path(string text) => FlowContext.Path(text);
}

using Swml.Language.Catalog;
using Swml.Language.Diagnostics;
using Swml.Language.Expressions;
using Swml.Language.Syntax;

namespace Swml.Language.Binding;

internal sealed partial class Binder
{
    /// <summary>Where in a step a value sits, for messages and for how its strings are read.</summary>
    private readonly record struct ValueContext(
        StepSymbol Step,
        string Path,
        string Name,
        ScalarNode OwnerKey,
        ExpressionContext Expressions,
        bool AfterStep)
    {
        public ValueContext Child(string name, ScalarNode key) => this with
        {
            Path = $"{Path}.{name}",
            Name = Name == "case" ? $"case '{name}'" : name,
            OwnerKey = key,
        };

        public ValueContext Item(int index) => this with { Path = $"{Path}[{index}]" };
    }

    private void BindArguments(StepSymbol step, MethodDefinition method)
    {
        var expressions = method.IsAiMethod ? ExpressionContext.AiTemplate : ExpressionContext.Template;
        var context = new ValueContext(step, method.Name, method.Name, step.MethodKey, expressions, AfterStep: false);
        if (method.Name == "set")
        {
            BindSet(step, context);
            return;
        }

        var arguments = step.Arguments;
        if (method.ScalarShorthand is { } shorthand && arguments is ScalarNode && method.Arguments is ObjectShape shape && shape.Find(shorthand) is { } parameter)
        {
            Validate(arguments, parameter.Shape, context, parameter);
        }
        else
        {
            Validate(arguments, method.Arguments, context, parameter: null);
        }

        BindMethodMeaning(step, context);
    }

    private void Validate(SyntaxNode node, ValueShape shape, in ValueContext context, ParameterDefinition? parameter)
    {
        switch (shape)
        {
            case StringShape text:
                ValidateString(node, text, context, parameter);
                break;
            case IntegerShape or NumberShape or BooleanShape:
                ValidateScalar(node, shape, context);
                break;
            case AnyShape:
                VisitAny(node, context);
                break;
            case ObjectShape obj:
                ValidateObject(node, obj, context);
                break;
            case ArrayShape array:
                ValidateArray(node, array, context);
                break;
            case StepListShape steps:
                BindNestedBlock(node, context, steps.AllowedMethods);
                break;
            case CondListShape:
                ValidateCond(node, context);
                break;
            case UnionShape union:
                ValidateUnion(node, union, context, parameter);
                break;
        }
    }

    private void ReportWrongType(SyntaxNode node, ValueShape shape, in ValueContext context)
    {
        var found = node.Describe();
        if (node is ScalarNode { IsNull: true } && shape is ObjectShape)
        {
            found += $" (write '{context.Name}: {{}}' for no parameters)";
        }
        else if (node is ScalarNode { Type: not ScalarType.String and not ScalarType.Null } && AcceptsString(shape))
        {
            found += " (quote it to make it a string)";
        }

        Report(DiagnosticDescriptors.WrongType, node.Span, context.Path, shape.Description, found);
    }

    private static bool AcceptsString(ValueShape shape) =>
        shape is StringShape || (shape is UnionShape union && union.Alternatives.Any(a => a is StringShape));

    private void ValidateScalar(SyntaxNode node, ValueShape shape, in ValueContext context)
    {
        if (node is not ScalarNode scalar)
        {
            ReportWrongType(node, shape, context);
            return;
        }

        if (scalar.Type == ScalarType.String && Interpolation.IsWholeValue(scalar.Value))
        {
            // The schema's SWMLVar: the value is only known at run time.
            AnalyzeTemplate(scalar, context);
            return;
        }

        switch (shape)
        {
            case BooleanShape when scalar.Type != ScalarType.Boolean:
                ReportWrongType(node, shape, context);
                return;
            case IntegerShape integer:
                if (!scalar.TryGetDouble(out var whole) || scalar.Type is not (ScalarType.Integer or ScalarType.Float) || Math.Floor(whole) != whole || double.IsInfinity(whole))
                {
                    ReportWrongType(node, shape, context);
                    return;
                }

                CheckRange(scalar, whole, integer.Minimum, integer.Maximum, integer.Description, context);
                return;
            case NumberShape number:
                if (!scalar.TryGetDouble(out var value) || scalar.Type is not (ScalarType.Integer or ScalarType.Float) || double.IsNaN(value))
                {
                    ReportWrongType(node, shape, context);
                    return;
                }

                CheckRange(scalar, value, number.Minimum, number.Maximum, number.Description, context);
                return;
        }
    }

    private void CheckRange(ScalarNode scalar, double value, double? minimum, double? maximum, string description, in ValueContext context)
    {
        if ((minimum is { } min && value < min) || (maximum is { } max && value > max))
        {
            Report(DiagnosticDescriptors.OutOfRange, scalar.Span, context.Path, description, scalar.Value);
        }
    }

    private void VisitAny(SyntaxNode node, in ValueContext context)
    {
        switch (node)
        {
            case ScalarNode { Type: ScalarType.String } scalar:
                if (context.Expressions == ExpressionContext.Template)
                {
                    AnalyzeTemplate(scalar, context);
                }

                break;
            case MappingNode mapping:
                foreach (var entry in mapping.Entries)
                {
                    VisitAny(entry.Value, context.Child(entry.Name, entry.Key));
                }

                break;
            case SequenceNode sequence:
                for (var i = 0; i < sequence.Count; i++)
                {
                    VisitAny(sequence.Items[i], context.Item(i));
                }

                break;
        }
    }

    private void ValidateObject(SyntaxNode node, ObjectShape shape, in ValueContext context)
    {
        if (node is not MappingNode mapping)
        {
            ReportWrongType(node, shape, context);
            return;
        }

        foreach (var entry in mapping.Entries)
        {
            var child = context.Child(entry.Name, entry.Key);
            if (shape.Find(entry.Name) is { } parameter)
            {
                if (parameter.Name == "result" && context.Path == context.Step.MethodName)
                {
                    // A method's own 'result' (execute, connect) is evaluated after the step has run;
                    // a key of that name anywhere else (a request body, a set) is not.
                    child = child with { AfterStep = true };
                }

                Validate(entry.Value, parameter.Shape, child, parameter);
            }
            else if (shape.AdditionalProperties is { } additional)
            {
                Validate(entry.Value, additional, child, parameter: null);
            }
            else
            {
                Report(
                    DiagnosticDescriptors.UnknownParameter,
                    entry.Key.Span,
                    entry.Name,
                    context.Path,
                    Suggestions.DidYouMean(entry.Name, shape.Properties.Select(p => p.Name)));
            }
        }

        foreach (var parameter in shape.Properties)
        {
            if (parameter.IsRequired && mapping.Find(parameter.Name) is null)
            {
                Report(DiagnosticDescriptors.MissingParameter, context.OwnerKey.Span, context.Path, parameter.Name);
            }
        }

        foreach (var group in shape.Groups)
        {
            var present = group.Names.Select(mapping.Find).Where(e => e is not null).Select(e => e!).ToArray();
            var ok = group.Kind switch
            {
                PropertyGroupKind.ExactlyOne => present.Length == 1,
                PropertyGroupKind.AtLeastOne => present.Length >= 1,
                _ => present.Length <= 1,
            };
            if (!ok)
            {
                var found = present.Length == 0 ? "none" : string.Join(" and ", present.Select(e => $"'{e.Name}'"));
                var span = present.Length > 1 ? present[1].Key.Span : context.OwnerKey.Span;
                Report(DiagnosticDescriptors.ConflictingParameters, span, context.Path, group.Describe(), found);
            }
        }
    }

    private void ValidateArray(SyntaxNode node, ArrayShape shape, in ValueContext context)
    {
        if (node is not SequenceNode sequence)
        {
            ReportWrongType(node, shape, context);
            return;
        }

        if (sequence.Count < shape.MinItems)
        {
            Report(DiagnosticDescriptors.EmptyValue, sequence.Span, context.Path);
        }

        if (shape.MaxItems is { } max && sequence.Count > max)
        {
            Report(DiagnosticDescriptors.OutOfRange, sequence.Span, context.Path, $"a list of at most {max} items", $"{sequence.Count} items");
        }

        for (var i = 0; i < sequence.Count; i++)
        {
            Validate(sequence.Items[i], shape.Items, context.Item(i), parameter: null);
        }
    }

    private void ValidateUnion(SyntaxNode node, UnionShape union, in ValueContext context, ParameterDefinition? parameter)
    {
        var chosen = union.Alternatives.FirstOrDefault(a => Accepts(a, node));
        if (chosen is null)
        {
            ReportWrongType(node, union, context);
            return;
        }

        Validate(node, chosen, context, parameter);
    }

    /// <summary>Whether a union alternative is the one meant for this kind of node.</summary>
    private static bool Accepts(ValueShape shape, SyntaxNode node) => (shape, node) switch
    {
        (AnyShape, _) => true,
        (ObjectShape, MappingNode) => true,
        (ArrayShape or StepListShape or CondListShape, SequenceNode) => true,
        (StringShape, ScalarNode { Type: ScalarType.String }) => true,
        (IntegerShape or NumberShape or BooleanShape, ScalarNode { Type: ScalarType.String } s) => Interpolation.IsWholeValue(s.Value),
        (IntegerShape, ScalarNode s) => s.Type == ScalarType.Integer || (s.Type == ScalarType.Float && s.TryGetDouble(out var d) && Math.Floor(d) == d),
        (NumberShape, ScalarNode s) => s.Type is ScalarType.Integer or ScalarType.Float,
        (BooleanShape, ScalarNode s) => s.Type == ScalarType.Boolean,
        _ => false,
    };

    private void BindNestedBlock(SyntaxNode node, in ValueContext context, IReadOnlyList<string>? allowedMethods = null)
    {
        if (node is not SequenceNode sequence)
        {
            Report(DiagnosticDescriptors.WrongType, node.Span, context.Path, "a list of steps", node.Describe());
            return;
        }

        var kind = context.Name switch
        {
            "on_return" => BlockKind.OnReturn,
            "then" or "else" or "default" => BlockKind.Branch,
            _ when context.Name.StartsWith("case ", StringComparison.Ordinal) => BlockKind.Branch,
            _ => BlockKind.Other,
        };
        var name = context.Path.Substring(context.Step.MethodName.Length).TrimStart('.');
        var block = new StepBlock(kind, name.Length == 0 ? context.Name : name, context.Step.Section, context.Step, sequence);
        context.Step.Blocks.Add(block);
        BindBlock(sequence, block);
        if (allowedMethods is null)
        {
            return;
        }

        foreach (var step in block.Steps.Where(s => s.Method is not null && !allowedMethods.Contains(s.MethodName)))
        {
            Report(DiagnosticDescriptors.MethodNotAllowedHere, step.MethodKey.Span, step.MethodName, context.Path, string.Join(", ", allowedMethods));
        }
    }

    private static readonly string[] CondKeys = { "when", "then", "else" };

    private void ValidateCond(SyntaxNode node, in ValueContext context)
    {
        if (node is not SequenceNode entries)
        {
            ReportWrongType(node, Shapes.CondEntries, context);
            return;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var itemContext = context.Item(i);
            if (entries.Items[i] is not MappingNode entry)
            {
                Report(DiagnosticDescriptors.WrongType, entries.Items[i].Span, itemContext.Path, "a {when, then} or {else} mapping", entries.Items[i].Describe());
                continue;
            }

            foreach (var unknown in entry.Entries.Where(e => !CondKeys.Contains(e.Name)))
            {
                Report(DiagnosticDescriptors.UnknownParameter, unknown.Key.Span, unknown.Name, itemContext.Path, Suggestions.DidYouMean(unknown.Name, CondKeys));
            }

            var when = entry.Find("when");
            var then = entry.Find("then");
            var otherwise = entry.Find("else");
            var entryKey = entry.Entries.Count > 0 ? entry.Entries[0].Key : context.OwnerKey;
            if (when is not null)
            {
                Validate(when.Value, Shapes.JavaScript, itemContext.Child("when", when.Key), parameter: null);
                if (then is null)
                {
                    Report(DiagnosticDescriptors.MissingParameter, when.Key.Span, itemContext.Path, "then");
                }
            }
            else if (then is not null)
            {
                Report(DiagnosticDescriptors.MissingParameter, then.Key.Span, itemContext.Path, "when");
            }
            else if (otherwise is null)
            {
                Report(DiagnosticDescriptors.InvalidCondEntry, entry.Span, "a cond entry needs 'when' and 'then', or 'else' alone");
            }

            if (then is not null)
            {
                BindNestedBlock(then.Value, itemContext.Child("then", then.Key));
            }

            if (otherwise is not null)
            {
                if (when is null && i < entries.Count - 1)
                {
                    Report(DiagnosticDescriptors.InvalidCondEntry, otherwise.Key.Span, "an 'else' entry must be the last one: the entries after it are never tested");
                }

                BindNestedBlock(otherwise.Value, itemContext.Child("else", otherwise.Key));
            }
        }
    }
}

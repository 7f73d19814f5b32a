using Swml.Language.Catalog;
using Swml.Language.Diagnostics;
using Swml.Language.Expressions;
using Swml.Language.Syntax;

namespace Swml.Language.Binding;

internal sealed partial class Binder
{
    /// <summary>What a step means beyond its shape: labels, jumps, destinations, variables it sets.</summary>
    private void BindMethodMeaning(StepSymbol step, in ValueContext context)
    {
        foreach (var output in step.Method!.Outputs)
        {
            step.DefinedVariables.Add(output.Name);
        }

        switch (step.MethodName)
        {
            case "label":
                BindLabel(step);
                break;
            case "goto":
                if (step.GetParameter("label") is ScalarNode { Type: ScalarType.String } label && !Interpolation.Contains(label.Value) && label.Value.Length > 0)
                {
                    step.GotoLabel = label.Value;
                    _gotos.Add(step);
                }

                break;
            case "execute" or "transfer":
                BindDestination(step, context);
                break;
            case "switch":
                if (step.Arguments is MappingNode { } arguments && arguments.Find("default") is null && arguments.Find("variable")?.Value is ScalarNode variable)
                {
                    Report(DiagnosticDescriptors.SwitchWithoutDefault, step.MethodKey.Span, variable.Value);
                }

                break;
        }
    }

    private void BindLabel(StepSymbol step)
    {
        if (step.Arguments is not ScalarNode { Type: ScalarType.String } label || label.Value.Length == 0)
        {
            return;
        }

        step.LabelName = label.Value;
        if (step.Section.Labels.TryGetValue(label.Value, out var first))
        {
            Report(DiagnosticDescriptors.DuplicateLabel, label.Span, label.Value, step.Section.Name, first.MethodKey.Span.Start.Line);
            return;
        }

        step.Section.Labels.Add(label.Value, step);
    }

    private void BindDestination(StepSymbol step, in ValueContext context)
    {
        if (step.GetParameter("dest") is not ScalarNode { Type: ScalarType.String } dest || dest.Value.Trim().Length == 0)
        {
            return;
        }

        var value = dest.Value.Trim();
        var path = $"{step.MethodName}.dest";
        DestinationKind kind;
        if (StringFormats.IsHttpUrl(value))
        {
            kind = DestinationKind.Url;
            // dest is a plain string in the schema, and SignalWire's examples hold placeholders
            // with spaces (https://<NGROK UUID>.ngrok-free.app): require only a host.
            if (!Interpolation.Contains(value) && !StringFormats.HasHost(value))
            {
                Report(DiagnosticDescriptors.InvalidUrl, dest.Span, path, value);
            }

            CheckUrlPassword(dest, context with { Path = path });
        }
        else if (value[0] is '{' or '[')
        {
            // Inline SWML may hold ${...} of its own, so it is checked only when it has none.
            kind = DestinationKind.InlineDocument;
            if (!Interpolation.Contains(value))
            {
                CheckInlineDocument(dest, value, path);
            }
        }
        else if (Interpolation.Contains(value))
        {
            kind = DestinationKind.Dynamic;
        }
        else if (value.StartsWith("relay:", StringComparison.OrdinalIgnoreCase))
        {
            Report(DiagnosticDescriptors.UnsupportedDestination, dest.Span, "relay:", "SignalWire documents relay: applications as not implemented");
            return;
        }
        else
        {
            kind = DestinationKind.Section;
        }

        step.Destination = new Destination(kind, value, dest.Span, section: null);
        _jumps.Add(step);
    }

    /// <summary>An inline JSON document (or bare step list) in dest is validated as a document of its own.</summary>
    private void CheckInlineDocument(ScalarNode dest, string json, string path)
    {
        var text = json[0] == '[' ? "{\"sections\": {\"main\": " + json + "}}" : json;
        var inline = SwmlDocument.Parse(text, string.Empty, _options);

        // The inline steps run with the call's variables, which this document and earlier fetches
        // set; on its own the inline document cannot know them, so unknown names are not errors here.
        var error = inline.Diagnostics.FirstOrDefault(d =>
            d.IsError &&
            d.Descriptor != DiagnosticDescriptors.UnknownVariable &&
            d.Descriptor != DiagnosticDescriptors.UnknownJavaScriptName);
        if (error is not null)
        {
            Report(DiagnosticDescriptors.InvalidInlineDocument, dest.Span, path, $"{error.Id}: {error.Message}");
        }
    }

    /// <summary>set: each key is a variable in vars; later values see earlier keys.</summary>
    private void BindSet(StepSymbol step, in ValueContext context)
    {
        if (step.Arguments is not MappingNode variables)
        {
            ReportWrongType(step.Arguments, step.Method!.Arguments, context);
            return;
        }

        _locallyDefined = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in variables.Entries)
            {
                VisitAny(entry.Value, context.Child(entry.Name, entry.Key));
                if (SetTarget(entry.Key) is { } name)
                {
                    step.DefinedVariables.Add(name);
                    _locallyDefined.Add(name);
                }
            }
        }
        finally
        {
            _locallyDefined = null;
        }
    }

    /// <summary>The vars name a set key writes, or null (with a diagnostic) when it cannot be set.</summary>
    private string? SetTarget(ScalarNode key)
    {
        if (!VariablePath.TryParse(key.Value, out var path) || path.Segments.Any(s => s.StartsWith("[", StringComparison.Ordinal)))
        {
            Report(DiagnosticDescriptors.InvalidVariableName, key.Span, key.Value, ": a variable name is letters, digits and '_', not starting with a digit");
            return null;
        }

        switch (KnownNames.ScopeOf(path.Root))
        {
            case VariableScope.Call or VariableScope.Envs or VariableScope.Params:
                Report(DiagnosticDescriptors.ReadOnlyVariable, key.Span, key.Value, "set", path.Root);
                return null;
            case VariableScope.Vars when path.Segments.Count == 2:
                return path.Segments[1];
            case VariableScope.Vars when path.Segments.Count > 2:
                // vars.a.b: dropping 'vars.' would leave a.b, which is no name either.
                Report(DiagnosticDescriptors.InvalidVariableName, key.Span, key.Value, $"; set '{path.Segments[1]}' to a mapping to give it members");
                return null;
            case VariableScope.Vars:
                Report(DiagnosticDescriptors.InvalidVariableName, key.Span, key.Value, "; write the name without 'vars.'");
                return null;
        }

        if (path.Segments.Count > 1)
        {
            Report(DiagnosticDescriptors.InvalidVariableName, key.Span, key.Value, $"; set '{path.Root}' to a mapping to give it members");
            return null;
        }

        return path.Root;
    }
}

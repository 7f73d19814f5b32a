using Swml.Language.Binding;
using Swml.Language.Catalog;
using Swml.Language.Diagnostics;
using Swml.Language.Expressions;
using Swml.Language.Syntax;

namespace Swml.Language.Lowering;

/// <summary>
/// Lowers a bound document to a <see cref="LoweredFlow"/>: which state each step becomes, with
/// which values and defaults. Every decision about what a SWML step means before it runs is made
/// here, once, for the source generator and the runtime interpreter alike.
/// </summary>
public static class FlowLowering
{
    /// <summary>
    /// The first error that stops a document from running. Unknown variable and JavaScript names
    /// are not: a document that arrives at run time reads the variables of the call, which earlier
    /// documents set (the binder treats inline SWML the same way). The generator, which builds a
    /// document on its own, lowers only documents without any error.
    /// </summary>
    public static SwmlDiagnostic? FirstBlockingError(SwmlDocument document) =>
        document.Diagnostics.FirstOrDefault(d =>
            d.IsError &&
            d.Descriptor != DiagnosticDescriptors.UnknownVariable &&
            d.Descriptor != DiagnosticDescriptors.UnknownJavaScriptName);

    /// <summary>Lowers a document that <see cref="FirstBlockingError"/> lets run.</summary>
    /// <exception cref="ArgumentException">The document has an error that stops it from running.</exception>
    public static LoweredFlow Lower(SwmlDocument document)
    {
        if (FirstBlockingError(document) is { } error)
        {
            throw new ArgumentException($"Only a document without errors can run: {error}", nameof(document));
        }

        var sections = document.Sections.Select(s => new LoweredSection(s.Name, Block(s.Body))).ToValueList();
        var names = document.AllSteps().SelectMany(s => s.DefinedVariables).Distinct(StringComparer.Ordinal).ToValueList();
        var secrets = SecretEnvironmentNames.Of(sections.SelectMany(s => s.Body.AllSteps()));
        return new LoweredFlow(sections, names, Variables(document), secrets);
    }

    /// <summary>Each variable a step sets, text only when every step that sets it sets text.</summary>
    private static ValueList<FlowVariable> Variables(SwmlDocument document)
    {
        var variables = new Dictionary<string, FlowVariable>(StringComparer.Ordinal);
        void Declare(string name, bool isText, string description)
        {
            if (!variables.TryGetValue(name, out var existing))
            {
                variables[name] = new FlowVariable(name, isText, description);
            }
            else if (existing.IsText && !isText)
            {
                variables[name] = existing with { IsText = false };
            }
        }

        foreach (var step in document.AllSteps())
        {
            foreach (var output in step.Method?.Outputs ?? Array.Empty<OutputVariable>())
            {
                Declare(output.Name, output.Type == VariableType.String, $"Set by {step.MethodName}: {output.Description}");
            }

            if (step.MethodName == "set")
            {
                foreach (var name in step.DefinedVariables)
                {
                    Declare(name, isText: false, "Set by a set step.");
                }
            }
        }

        return variables.Values.OrderBy(v => v.Name, StringComparer.Ordinal).ToValueList();
    }

    private static LoweredBlock Block(StepBlock block) => new(block.Steps.Select(Step).ToValueList());

    /// <summary>The block the binder made of a list inside <paramref name="owner"/>; null when <paramref name="node"/> is none.</summary>
    private static LoweredBlock? Nested(StepSymbol owner, SyntaxNode? node) =>
        node is SequenceNode sequence && owner.Blocks.FirstOrDefault(b => ReferenceEquals(b.Node, sequence)) is { } block
            ? Block(block)
            : null;

    private static LoweredStep Step(StepSymbol step)
    {
        var (section, path) = (step.Section.Name, step.Path);
        var arguments = step.Arguments;
        var values = new StepValues(step);
        switch (step.Method?.Kind == MethodKind.ControlFlow ? step.MethodName : null)
        {
            case "label":
                return new LabelStep(section, path, ((ScalarNode)arguments).Value);
            case "goto":
                return new GotoStep(
                    section,
                    path,
                    values.Text(step.GetParameter("label")),
                    step.GetParameter("when") is { } when ? values.Text(when) : null,
                    values.Integer(step, "max"));
            case "execute":
                return new ExecuteStep(
                    section,
                    path,
                    values.Text(step.GetParameter("dest")),
                    Optional(values, step.GetParameter("params")),
                    Nested(step, step.GetParameter("on_return")),
                    Result(step, values, step.GetParameter("result")));
            case "transfer":
                return new TransferStep(section, path, values.Text(step.GetParameter("dest")), Optional(values, step.GetParameter("params")));
            case "cond":
                return new CondStep(section, path, Branches(step, values, arguments as SequenceNode));
            case "switch":
                var switchShape = (ObjectShape)step.Method!.Arguments;
                return new SwitchStep(section, path, Switch(step, arguments as MappingNode, switchShape));
            case "set":
                return new SetStep(section, path, ((arguments as MappingNode)?.Entries ?? Array.Empty<MappingEntry>())
                    .Select(e => new Assignment(VarsName(e.Name), values.Value(e.Value)))
                    .ToValueList());
            case "unset":
                var names = arguments is SequenceNode list ? list.Items.OfType<ScalarNode>().Select(n => n.Value) : new[] { ((ScalarNode)arguments).Value };
                return new UnsetStep(section, path, names.Select(VarsName).ToValueList());
            case "return":
                return new ReturnStep(section, path, values.Value(arguments));
            case "hangup":
                var reason = ((ObjectShape)step.Method!.Arguments).Find("reason");
                return new HangupStep(section, path, step.GetParameter("reason") is { } given
                    ? OrDefault(values.Value(given), reason)
                    : (reason is null ? null : ParameterDefaults.Of(reason)) ?? NullValue.Instance);
            case "sleep":
                return new SleepStep(section, path, values.Integer(step, "duration"));
            default:
                return new ActionStep(step.MethodName, section, path, Arguments(step, values));
        }
    }

    /// <summary>
    /// What a method's handler receives. A method the runtime runs gets its catalog defaults: the
    /// document's keys as written, each one that may compute to nothing (<c>"${v}"</c>, null)
    /// backed by its parameter's default, then each parameter left out that has one. A method the
    /// runtime does not run is handed over as written, for a handler of your own: its defaults
    /// depend on how SignalWire would run it (connect's stream-only ones on a phone dial). AI
    /// methods keep their ${...} for the AI engine.
    /// </summary>
    private static LoweredValue Arguments(StepSymbol step, StepValues values)
    {
        if (step.Method is not { IsRunBySipRefer: true, Arguments: ObjectShape shape } || step.Arguments is not MappingNode mapping)
        {
            return values.Value(step.Arguments);
        }

        var properties = mapping.Entries
            .Select(e => new LoweredProperty(e.Name, OrDefault(values.Value(e.Value), shape.Find(e.Name))))
            .ToList();
        foreach (var parameter in shape.Properties)
        {
            if (mapping.Find(parameter.Name) is null && ParameterDefaults.Of(parameter) is { } value)
            {
                properties.Add(new LoweredProperty(parameter.Name, value));
            }
        }

        return new ObjectValue(properties.ToValueList());
    }

    /// <summary>A value, or its parameter's default where the value computes to nothing: "${v}" with v unset is as if left out.</summary>
    private static LoweredValue OrDefault(LoweredValue value, ParameterDefinition? parameter)
    {
        if (parameter is null || ParameterDefaults.Of(parameter) is not { } fallback)
        {
            return value;
        }

        return value switch
        {
            NullValue => fallback,
            TextValue { Template.IsWhole: true } => new Coalesce(value, fallback),
            _ => value,
        };
    }

    private static LoweredValue? Optional(StepValues values, SyntaxNode? node) => node is null ? null : values.Value(node);

    /// <summary>vars.x and x name the same variable.</summary>
    private static string VarsName(string name) => name.StartsWith("vars.", StringComparison.Ordinal) ? name.Substring(5) : name;

    private static ValueList<CondBranch> Branches(StepSymbol owner, StepValues values, SequenceNode? entries) =>
        (entries?.Items ?? Array.Empty<SyntaxNode>()).OfType<MappingNode>().Select(entry =>
        {
            var then = Nested(owner, entry["then"]) ?? LoweredBlock.Empty;
            var otherwise = Nested(owner, entry["else"]);
            return entry["when"] is { } when
                ? new CondBranch(values.Text(when), then, otherwise)
                : new CondBranch(null, otherwise ?? LoweredBlock.Empty, null);
        }).ToValueList();

    /// <summary>
    /// A switch, or execute's result as a mapping: the variable (or its default, return_value for
    /// result), each case in document order (a case that is not a list of steps runs nothing), and
    /// the default.
    /// </summary>
    private static SwitchChoice Switch(StepSymbol owner, MappingNode? node, ObjectShape shape)
    {
        var variable = (node?["variable"] as ScalarNode)?.Value
            ?? (shape.Find("variable") is { DefaultValue: { } name } ? name : string.Empty);
        var cases = ((node?["case"] as MappingNode)?.Entries ?? Array.Empty<MappingEntry>())
            .Select(e => new SwitchCase(e.Name, Nested(owner, e.Value) ?? LoweredBlock.Empty))
            .ToValueList();
        return new SwitchChoice(variable, cases, Nested(owner, node?["default"]));
    }

    private static ResultChoice? Result(StepSymbol owner, StepValues values, SyntaxNode? node) => node switch
    {
        SequenceNode entries => new ResultChoice(null, Branches(owner, values, entries)),
        MappingNode mapping => new ResultChoice(Switch(owner, mapping, MethodCatalog.ResultSwitchShape), ValueList<CondBranch>.Empty),
        _ => null,
    };
}

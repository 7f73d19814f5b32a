using System.Text.Json.Nodes;
using Swml.Language.Binding;
using Swml.Language.Diagnostics;
using Swml.Language.Expressions;
using Swml.Language.Syntax;
using Swml.Runtime.Expressions;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;
using Swml.Runtime.Values;

namespace Swml.Runtime.Interpretation;

/// <summary>
/// Builds a <see cref="FlowDefinition"/> from a bound document: the same states a generated flow
/// class builds, with value templates where the generator writes C#. Used for SWML that arrives at
/// run time (an execute URL's answer, <c>swml run</c>).
/// </summary>
public static class DocumentInterpreter
{
    public static FlowDefinition Build(SwmlDocument document)
    {
        if (FirstBlockingError(document) is { } error)
        {
            throw new ArgumentException($"Only a document without errors can run: {error}", nameof(document));
        }

        return BuildChecked(document);
    }

    private static FlowDefinition BuildChecked(SwmlDocument document)
    {
        var sections = document.Sections.Select(s => new SectionDefinition(s.Name, Block(s.Body))).ToArray();
        var names = document.AllSteps().SelectMany(s => s.DefinedVariables).Distinct(StringComparer.Ordinal).ToArray();
        return new FlowDefinition(sections, names);
    }

    /// <summary>
    /// The first error that stops a document from running. Unknown variable and JavaScript names
    /// are not: a document that arrives at run time reads the variables of the call, which earlier
    /// documents set (the binder treats inline SWML the same way).
    /// </summary>
    public static SwmlDiagnostic? FirstBlockingError(SwmlDocument document) =>
        document.Diagnostics.FirstOrDefault(d =>
            d.IsError &&
            d.Descriptor != DiagnosticDescriptors.UnknownVariable &&
            d.Descriptor != DiagnosticDescriptors.UnknownJavaScriptName);

    private static StateBlock Block(StepBlock block) => new(block.Steps.Select(State).ToArray());

    private static FlowState State(StepSymbol step)
    {
        var id = new StepId(step.Section.Name, step.Path);
        var arguments = step.Arguments;
        switch (step.MethodName)
        {
            case "label":
                return new LabelState(id, ((ScalarNode)arguments).Value);
            case "goto":
                var max = step.GetParameter("max");
                var when = step.GetParameter("when");
                return new GotoState(
                    id,
                    ValueTemplate.CompileText(step.GetParameter("label")),
                    when is null ? null : Condition(when),
                    max is null ? null : Integer(max, FlowEngine.DefaultGotoMax));
            case "execute":
                return new ExecuteState(
                    id,
                    ValueTemplate.CompileText(step.GetParameter("dest")),
                    Parameters(step.GetParameter("params")),
                    step.GetParameter("on_return") is SequenceNode onReturn ? Nested(step, onReturn) : null,
                    Result(step, step.GetParameter("result")));
            case "transfer":
                return new TransferState(id, ValueTemplate.CompileText(step.GetParameter("dest")), Parameters(step.GetParameter("params")));
            case "cond":
                return new CondState(id, Branches(step, (SequenceNode)arguments));
            case "switch":
                var (variable, cases, otherwise) = Switch(step, (MappingNode)arguments, defaultVariable: null);
                return new SwitchState(id, variable, cases, otherwise);
            case "set":
                return new SetState(id, ((MappingNode)arguments).Entries
                    .Select(e => (Name: SetName(e.Name), Value: ValueTemplate.Compile(e.Value)))
                    .ToArray());
            case "unset":
                var names = arguments is SequenceNode list ? list.Items.Cast<ScalarNode>().Select(n => n.Value) : new[] { ((ScalarNode)arguments).Value };
                return new UnsetState(id, names.Select(SetName).ToArray());
            case "return":
                return new ReturnState(id, ValueTemplate.Compile(arguments));
            case "hangup":
                var reason = step.GetParameter("reason");
                Func<FlowContext, string?> reasonText = reason is null ? static _ => null : ValueTemplate.CompileText(reason) as Func<FlowContext, string?>;
                return new HangupState(id, reasonText);
            case "sleep":
                var duration = Integer(step.GetParameter("duration")!, 0);
                return new SleepState(id, context => duration(context));
            default:
                var method = step.MethodName;
                var value = ValueTemplate.Compile(arguments, interpolate: step.Method?.IsAiMethod != true);
                return new ActionState(id, method, context => StepArgumentsFactory.Create(method, value(context)));
        }
    }

    /// <summary>vars.x and x name the same variable.</summary>
    private static string SetName(string name) => name.StartsWith("vars.", StringComparison.Ordinal) ? name.Substring(5) : name;

    private static Func<FlowContext, JsonObject>? Parameters(SyntaxNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var value = ValueTemplate.Compile(node);
        return context => value(context) as JsonObject ?? new JsonObject();
    }

    private static Func<FlowContext, int> Integer(SyntaxNode node, long fallback)
    {
        var value = ValueTemplate.Compile(node);
        return context => (int)Math.Clamp(ValueTemplate.ToInteger(value(context), fallback), int.MinValue, int.MaxValue);
    }

    /// <summary>A raw JavaScript condition; any ${...} in it is pasted in as text first.</summary>
    private static Func<FlowContext, bool> Condition(SyntaxNode node)
    {
        var code = ((ScalarNode)node).Value;
        if (!Interpolation.Contains(code))
        {
            var expression = PreparedExpression.Get(code);
            return context => context.IsTrue(expression);
        }

        var parts = ValueTemplate.Parts(code);
        return context => context.IsTrue(PreparedExpression.Get(ValueTemplate.Render(parts, context)));
    }

    private static StateBlock Nested(StepSymbol owner, SequenceNode node) =>
        owner.Blocks.FirstOrDefault(b => ReferenceEquals(b.Node, node)) is { } block ? Block(block) : StateBlock.Empty;

    private static IReadOnlyList<CondBranch> Branches(StepSymbol owner, SequenceNode entries) =>
        entries.Items.Cast<MappingNode>().Select(entry =>
        {
            var when = entry["when"];
            var then = entry["then"] as SequenceNode;
            var otherwise = entry["else"] as SequenceNode;
            return when is null
                ? new CondBranch(null, otherwise is null ? StateBlock.Empty : Nested(owner, otherwise))
                : new CondBranch(Condition(when), then is null ? StateBlock.Empty : Nested(owner, then), otherwise is null ? null : Nested(owner, otherwise));
        }).ToArray();

    private static (string Variable, IReadOnlyList<(string Value, StateBlock Steps)> Cases, StateBlock? Default) Switch(StepSymbol owner, MappingNode node, string? defaultVariable)
    {
        var variable = (node["variable"] as ScalarNode)?.Value ?? defaultVariable ?? FlowEngine.ReturnValueVariable;
        var cases = (node["case"] as MappingNode)?.Entries
            .Where(e => e.Value is SequenceNode)
            .Select(e => (e.Name, Nested(owner, (SequenceNode)e.Value)))
            .ToArray() ?? Array.Empty<(string, StateBlock)>();
        var otherwise = node["default"] is SequenceNode d ? Nested(owner, d) : null;
        return (variable, cases, otherwise);
    }

    private static ResultSelector? Result(StepSymbol owner, SyntaxNode? node) => node switch
    {
        SequenceNode entries => ResultSelector.Cond(Branches(owner, entries)),
        MappingNode mapping => Switch(owner, mapping, FlowEngine.ReturnValueVariable) is var (variable, cases, otherwise)
            ? ResultSelector.Switch(variable, cases, otherwise)
            : null,
        _ => null,
    };
}

using System.Text.Json.Nodes;
using Swml.Language.Binding;
using Swml.Language.Diagnostics;
using Swml.Language.Lowering;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;
using CondBranch = Swml.Runtime.Flow.CondBranch;

namespace Swml.Runtime.Interpretation;

/// <summary>
/// Builds a <see cref="FlowDefinition"/> from a lowered flow: the same states a generated flow
/// class builds from the same lowered flow, with compiled value functions where the generator
/// writes C#. Used for SWML that arrives at run time (an execute URL's answer, <c>swml run</c>).
/// It decides nothing about what a step means; <see cref="FlowLowering"/> did.
/// </summary>
public static class DocumentInterpreter
{
    public static FlowDefinition Build(SwmlDocument document) => Build(FlowLowering.Lower(document));

    public static FlowDefinition Build(LoweredFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var sections = flow.Sections.Select(s => new SectionDefinition(s.Name, Block(s.Body))).ToArray();
        return new FlowDefinition(sections, flow.VariableNames.ToArray(), flow.SecretEnvironmentNames.ToArray());
    }

    /// <summary>The first error that stops a document from running; see <see cref="FlowLowering.FirstBlockingError"/>.</summary>
    public static SwmlDiagnostic? FirstBlockingError(SwmlDocument document) => FlowLowering.FirstBlockingError(document);

    private static StateBlock Block(LoweredBlock block) => new(block.Steps.Select(State).ToArray());

    private static StateBlock? OptionalBlock(LoweredBlock? block) => block is null ? null : Block(block);

    private static FlowState State(LoweredStep step)
    {
        var id = new StepId(step.Section, step.Path);
        switch (step)
        {
            case LabelStep label:
                return new LabelState(id, label.Name);
            case GotoStep jump:
                return new GotoState(
                    id,
                    ValueCompiler.Text(jump.Label),
                    jump.When is null ? null : ValueCompiler.Condition(jump.When),
                    ValueCompiler.Integer(jump.Max));
            case ExecuteStep execute:
                return new ExecuteState(id, ValueCompiler.Text(execute.Destination), Parameters(execute.Parameters), OptionalBlock(execute.OnReturn), Result(execute.Result));
            case TransferStep transfer:
                return new TransferState(id, ValueCompiler.Text(transfer.Destination), Parameters(transfer.Parameters));
            case CondStep cond:
                return new CondState(id, Branches(cond.Branches));
            case SwitchStep choice:
                return new SwitchState(id, choice.Choice.Variable, Cases(choice.Choice), OptionalBlock(choice.Choice.Default));
            case SetStep set:
                return new SetState(id, set.Assignments.Select(a => (a.Name, ValueCompiler.Value(a.Value))).ToArray());
            case UnsetStep unset:
                return new UnsetState(id, unset.Names.ToArray());
            case ReturnStep ret:
                return new ReturnState(id, ValueCompiler.Value(ret.Value));
            case HangupStep hangup:
                var reason = ValueCompiler.Value(hangup.Reason);
                return new HangupState(id, context => Arg.Text(reason(context)));
            case SleepStep sleep:
                return new SleepState(id, ValueCompiler.Integer(sleep.Milliseconds));
            case ActionStep action:
                var method = action.Method;
                var arguments = ValueCompiler.Value(action.Arguments);
                return new ActionState(id, method, context => StepArguments.Create(method, arguments(context)));
            default:
                throw new ArgumentException($"A lowered step of kind {step.Kind} has no state.", nameof(step));
        }
    }

    /// <summary>params: a mapping, or an empty one when what it computes is not one.</summary>
    private static Func<FlowContext, JsonObject>? Parameters(LoweredValue? value)
    {
        if (value is null)
        {
            return null;
        }

        var compute = ValueCompiler.Value(value);
        return context => compute(context) as JsonObject ?? new JsonObject();
    }

    private static IReadOnlyList<CondBranch> Branches(ValueList<Language.Lowering.CondBranch> branches) =>
        branches.Select(b => new CondBranch(b.When is null ? null : ValueCompiler.Condition(b.When), Block(b.Then), OptionalBlock(b.Else))).ToArray();

    private static IReadOnlyList<(string Value, StateBlock Steps)> Cases(SwitchChoice choice) =>
        choice.Cases.Select(c => (c.Value, Block(c.Steps))).ToArray();

    private static ResultSelector? Result(ResultChoice? result) => result switch
    {
        null => null,
        { Switch: { } choice } => ResultSelector.Switch(choice.Variable, Cases(choice), OptionalBlock(choice.Default)),
        _ => ResultSelector.Cond(Branches(result.Branches)),
    };
}

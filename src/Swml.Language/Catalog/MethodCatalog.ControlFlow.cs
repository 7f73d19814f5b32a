using static Swml.Language.Catalog.Shapes;

namespace Swml.Language.Catalog;

public static partial class MethodCatalog
{
    /// <summary>The mapping form of <c>result</c>: a switch on a variable, return_value unless named.</summary>
    internal static readonly ObjectShape ResultSwitchShape = Object(
        Optional("variable", VariableName, "The variable to switch on.", "return_value"),
        Required("case", MapOf(Steps), "Steps to run for each value, keyed by the value as a string."),
        Optional("default", Steps, "Steps to run when no case matches."));

    /// <summary><c>result</c> of execute/connect: a switch on a variable (return_value by default) or cond entries.</summary>
    internal static readonly ValueShape ResultShape = OneOf(ResultSwitchShape, CondEntries);

    private static readonly StringShape Destination = new() { NonEmpty = true };

    private static IEnumerable<MethodDefinition> ControlFlowMethods()
    {
        yield return new MethodDefinition(
            "cond",
            CondEntries,
            "Runs the steps of the first entry whose JavaScript 'when' is true, or the final 'else'.",
            MethodKind.ControlFlow,
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "execute",
            Object(
                Required("dest", Destination, "The section name, http(s) URL or inline SWML to run as a subroutine."),
                Optional("params", OpenObject, "Named parameters, seen as params.* by the subroutine."),
                Optional("meta", OpenObject, "User data, ignored."),
                Optional("on_return", Steps, "Steps to run when the subroutine returns."),
                Optional("result", ResultShape, "A switch (mapping) or cond (list) over return_value, run when the subroutine returned a value.")),
            "Runs a section or a fetched document as a subroutine, then continues with the next step.",
            MethodKind.ControlFlow,
            outputs: new[] { ReturnValue("The value the subroutine returned.") },
            scalarShorthand: "dest",
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "goto",
            Object(
                Required("label", NonEmptyString, "The label to jump to, in the current section."),
                Optional("when", JavaScript, "A JavaScript condition; the jump happens only when it is true."),
                Optional("max", Int(1, 100), "How many times gotos to this label may jump.", "100")),
            "Jumps to a label in the current section, optionally on a condition and at most 'max' times.",
            MethodKind.ControlFlow,
            scalarShorthand: "label",
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "label",
            NonEmptyString,
            "Marks a place in the section that goto can jump to.",
            MethodKind.ControlFlow,
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "return",
            Any,
            "Leaves the current execute subroutine with a value, or ends the script at top level.",
            MethodKind.ControlFlow,
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "set",
            MapOf(Any),
            "Sets variables in vars, in order, so later keys can read earlier ones.",
            MethodKind.ControlFlow,
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "switch",
            Object(
                Required("variable", VariableName, "The variable (a name or path, not ${...}) whose value picks the case."),
                Required("case", MapOf(Steps), "Steps to run for each value, keyed by the value as a string."),
                Optional("default", Steps, "Steps to run when no case matches.")),
            "Runs the steps of the case whose key equals the variable's value as a string.",
            MethodKind.ControlFlow,
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "transfer",
            Object(
                Required("dest", Destination, "The section name or http(s) URL to continue with."),
                Optional("params", OpenObject, "Named parameters, seen as params.* by the destination."),
                Optional("meta", OpenObject, "User data, ignored.")),
            "Continues the call in another section or fetched document; the steps after it never run.",
            MethodKind.ControlFlow,
            scalarShorthand: "dest",
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "unset",
            OneOf(VariableTarget, ListOf(VariableTarget)),
            "Removes one variable or a list of variables.",
            MethodKind.ControlFlow,
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "sleep",
            Object(Required("duration", Int(-1), "Milliseconds to pause; -1 pauses forever.")),
            "Pauses the script for a number of milliseconds.",
            MethodKind.ControlFlow,
            scalarShorthand: "duration",
            isRunBySipRefer: true);
    }
}

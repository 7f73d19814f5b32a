using Swml.Runtime.Flow;
using Swml.Runtime.Steps;

namespace Swml.Runtime;

/// <summary>
/// A SWML flow: the base of every generated flow class and of flows interpreted at run time. Its
/// definition (the states) is built on first use; the states read only the running call's
/// context, so runs do not disturb each other. <see cref="Context"/> and the typed properties of a
/// generated class show the instance's last run, for code that inspects it afterwards.
/// </summary>
public abstract class SwmlFlow
{
    private FlowDefinition? _definition;

    /// <summary>The flow's sections and states.</summary>
    public FlowDefinition Definition => _definition ??= BuildDefinition();

    /// <summary>The context of the instance's last run; null before <see cref="RunAsync"/> starts.</summary>
    public FlowContext? Context { get; private set; }

    protected abstract FlowDefinition BuildDefinition();

    public async Task<FlowResult> RunAsync(IStepHandler handler, FlowRunOptions? options = null, CancellationToken cancellationToken = default) =>
        await FlowEngine.RunAsync(Definition, handler, options, context => Context = context, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A variable of the last run as text, for the typed properties of generated flows; looked up as
    /// a bare name in ${...} is: vars, then envs.
    /// </summary>
    protected string? GetString(string name) => Context?.GetString(name);

    /// <summary>A copy of a variable's value in the last run (vars, then envs), for the typed properties of generated flows.</summary>
    protected System.Text.Json.Nodes.JsonNode? GetValue(string name) => Context?.GetValue(name)?.DeepClone();

    /// <summary>The text a value interpolates as ("" when unset).</summary>
    protected static string Text(System.Text.Json.Nodes.JsonNode? value) => Values.SwmlValue.ToText(value);
}

/// <summary>A flow built from a SWML document at run time.</summary>
public sealed class InterpretedFlow : SwmlFlow
{
    private readonly Language.Binding.SwmlDocument _document;

    public InterpretedFlow(Language.Binding.SwmlDocument document) => _document = document;

    protected override FlowDefinition BuildDefinition() => Interpretation.DocumentInterpreter.Build(_document);
}

using Swml.Runtime.Flow;
using Swml.Runtime.Steps;

namespace Swml.Runtime;

/// <summary>
/// A SWML flow: the base of every generated flow class and of flows interpreted at run time.
/// One instance runs one call; its definition (the states) is built on first use.
/// </summary>
public abstract class SwmlFlow
{
    private FlowDefinition? _definition;

    /// <summary>The flow's sections and states.</summary>
    public FlowDefinition Definition => _definition ??= BuildDefinition();

    /// <summary>The running flow's context; null before <see cref="RunAsync"/> starts.</summary>
    public FlowContext? Context { get; private set; }

    protected abstract FlowDefinition BuildDefinition();

    public async Task<FlowResult> RunAsync(IStepHandler handler, FlowRunOptions? options = null, CancellationToken cancellationToken = default) =>
        await FlowEngine.RunAsync(Definition, handler, options, context => Context = context, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A variable as text, for the typed properties of generated flows. Looked up as a bare name in
    /// ${...} is: vars, then envs.
    /// </summary>
    protected string? GetString(string name) => Values.SwmlValue.ToTextOrNull(GetValue(name));

    /// <summary>A variable's value (vars, then envs), for the typed properties of generated flows.</summary>
    protected System.Text.Json.Nodes.JsonNode? GetValue(string name) => Context?.Variables.Get(name);

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

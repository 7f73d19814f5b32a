using System.Text.Json.Nodes;
using Swml.Language.Expressions;
using Swml.Runtime.Expressions;
using Swml.Runtime.Steps;
using Swml.Runtime.Values;

namespace Swml.Runtime.Flow;

/// <summary>
/// What the states of one running flow see: its variables, its JavaScript evaluator and its step
/// handler. Generated code and the interpreter compute step arguments through it, and only
/// through it, so one flow definition can serve many calls at once.
/// </summary>
public sealed class FlowContext
{
    internal FlowContext(VariableStore variables, ScriptEvaluator scripts, IStepHandler handler, TimeProvider time, CancellationToken cancellation)
    {
        Variables = variables;
        Scripts = scripts;
        Handler = handler;
        Time = time;
        Cancellation = cancellation;
    }

    public VariableStore Variables { get; }

    public ScriptEvaluator Scripts { get; }

    public IStepHandler Handler { get; }

    public TimeProvider Time { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>A variable path parsed once, for generated code to keep in a static field.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> is not a variable path.</exception>
    public static VariablePath Path(string text) => VariablePath.TryParse(text, out var path)
        ? path
        : throw new ArgumentException($"'{text}' is not a variable path.", nameof(text));

    /// <summary>A copy of the value at a variable path, to put into arguments; null when unset.</summary>
    public JsonNode? Value(VariablePath path) => Variables.Get(path)?.DeepClone();

    /// <summary>A copy of the value at a variable path, to put into arguments; null when unset.</summary>
    public JsonNode? Value(string path) => Variables.Get(path)?.DeepClone();

    /// <summary>The text a variable path interpolates as ("" when unset).</summary>
    public string Text(VariablePath path) => SwmlValue.ToText(Variables.Get(path));

    /// <summary>The text a variable path interpolates as ("" when unset).</summary>
    public string Text(string path) => SwmlValue.ToText(Variables.Get(path));

    /// <summary>A bare variable name as <c>${name}</c> reads it (vars, then envs), as text; null when unset.</summary>
    public string? GetString(string name) => SwmlValue.ToTextOrNull(Variables.GetName(name));

    /// <summary>A bare variable name as <c>${name}</c> reads it (vars, then envs); null when unset.</summary>
    public JsonNode? GetValue(string name) => Variables.GetName(name);

    /// <summary>The text a JavaScript expression interpolates as.</summary>
    public string Text(PreparedExpression expression) => Scripts.EvaluateText(expression);

    /// <summary>The value of a JavaScript expression, keeping its type.</summary>
    public JsonNode? Evaluate(PreparedExpression expression) => Scripts.Evaluate(expression);

    public bool IsTrue(PreparedExpression expression) => Scripts.EvaluateCondition(expression);

    /// <summary>The text a value interpolates as ("" when unset).</summary>
    public static string Text(JsonNode? value) => SwmlValue.ToText(value);

    /// <summary>An integer parameter computed at run time, held to its range; see <see cref="Arg.Integer"/>.</summary>
    public static long Integer(JsonNode? value, long fallback, long minimum, long maximum) => Arg.Integer(value, fallback, minimum, maximum);
}

using System.Text.Json.Nodes;
using Swml.Runtime.Expressions;
using Swml.Runtime.Steps;
using Swml.Runtime.Values;

namespace Swml.Runtime.Flow;

/// <summary>
/// What the states of a running flow see: its variables, its JavaScript evaluator and its step
/// handler. Generated code and the interpreter compute step arguments through it.
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

    /// <summary>The value at a variable path (null when unset).</summary>
    public JsonNode? Value(string path) => Variables.Get(path);

    /// <summary>The text a variable path interpolates as ("" when unset).</summary>
    public string Text(string path) => SwmlValue.ToText(Variables.Get(path));

    /// <summary>The text a JavaScript expression interpolates as.</summary>
    public string Text(PreparedExpression expression) => Scripts.EvaluateText(expression);

    /// <summary>The value of a JavaScript expression, keeping its type.</summary>
    public JsonNode? Evaluate(PreparedExpression expression) => Scripts.Evaluate(expression);

    public bool IsTrue(PreparedExpression expression) => Scripts.EvaluateCondition(expression);
}

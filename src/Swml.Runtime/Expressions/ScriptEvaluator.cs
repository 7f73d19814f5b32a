using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Swml.Runtime.Values;

namespace Swml.Runtime.Expressions;

/// <summary>
/// Evaluates JavaScript for one running flow with Jint. The scopes (call, vars, params, envs) and
/// every bare variable name are globals, bound in full when the engine is made and afterwards
/// updated only where the variables changed. Each expression sees the variables as the store has
/// them: one that may change what it was given leaves its engine behind, and the next expression
/// gets a fresh one. Limits follow SignalWire's: 150 ms and no runaway loops or recursion.
/// </summary>
public sealed class ScriptEvaluator
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(150);

    private readonly VariableStore _variables;
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);

    // Both made on first use: a flow with no JavaScript pays for no engine and records no changes.
    private VariableChanges? _changes;
    private ScriptGlobals? _globals;

    public ScriptEvaluator(VariableStore variables, IEnumerable<string>? declaredNames = null)
    {
        _variables = variables;
        if (declaredNames is not null)
        {
            _declared.UnionWith(declaredNames);
        }
    }

    /// <summary>Engines made so far: one per run, plus one after each expression that may have changed its values.</summary>
    internal int EnginesCreated { get; private set; }

    /// <summary>The engine the next expression runs in, if it is made yet.</summary>
    internal Engine? CurrentEngine => _globals?.Engine;

    /// <summary>More names a running flow may set (a document fetched at run time brings its own).</summary>
    public void Declare(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (_declared.Add(name))
            {
                _globals?.Declare(name);
            }
        }
    }

    /// <summary>Evaluates an expression to a JSON value (undefined and null become null).</summary>
    public JsonNode? Evaluate(PreparedExpression expression)
    {
        try
        {
            return ToJson(Run(expression), expression);
        }
        finally
        {
            AfterRun(expression);
        }
    }

    /// <summary>Evaluates a condition with JavaScript truthiness.</summary>
    public bool EvaluateCondition(PreparedExpression expression)
    {
        try
        {
            return TypeConverter.ToBoolean(Run(expression));
        }
        finally
        {
            AfterRun(expression);
        }
    }

    /// <summary>Evaluates to the text an interpolation shows.</summary>
    public string EvaluateText(PreparedExpression expression)
    {
        try
        {
            var value = Run(expression);
            return value.IsUndefined() || value.IsNull() ? string.Empty : value.IsString() ? value.AsString() : SwmlValue.ToText(ToJson(value, expression));
        }
        finally
        {
            AfterRun(expression);
        }
    }

    private Engine CreateEngine()
    {
        EnginesCreated++;
        return new Engine(options => options
            .TimeoutInterval(TimeLimit)
            .MaxStatements(10_000)
            .LimitRecursion(64)
            .LimitMemory(16 * 1024 * 1024)
            .Strict(false));
    }

    private Engine Engine => _globals!.Engine;

    private JsValue Run(PreparedExpression expression)
    {
        if (expression.ParseError is { } error)
        {
            throw new ScriptEvaluationException(expression.Code, error);
        }

        try
        {
            Bind();
            return Engine.Evaluate(in expression.Script);
        }
        catch (Exception ex) when (IsScriptFailure(ex))
        {
            throw new ScriptEvaluationException(expression.Code, ex.Message, ex);
        }
    }

    /// <summary>Binds everything into a new engine, or only what changed since the last evaluation.</summary>
    private void Bind()
    {
        _changes ??= _variables.WatchChanges();
        if (_globals is null)
        {
            _changes.Clear();
            _globals = new ScriptGlobals(CreateEngine(), _variables, _declared);
        }
        else if (_changes.Any)
        {
            _globals.Update(_changes);
            _changes.Clear();
        }
    }

    /// <summary>
    /// SignalWire evaluates each expression on fresh values and JavaScript never changes SWML
    /// variables: after code that may have changed its objects, globals or built-ins (list.push(4),
    /// x = 5, Object.prototype.y = 1) the engine is dropped, and the next expression binds anew.
    /// </summary>
    private void AfterRun(PreparedExpression expression)
    {
        if (expression.MayMutate)
        {
            _globals = null;
        }
    }

    /// <summary>What JavaScript, or Jint's limits on it, can throw: the expression's failure, not the engine's.</summary>
    private static bool IsScriptFailure(Exception ex) =>
        ex is JavaScriptException or StatementsCountOverflowException or TimeoutException
            or RecursionDepthOverflowException or MemoryLimitExceededException or JintException;

    private JsonNode? ToJson(JsValue value, PreparedExpression expression)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        if (value.IsString())
        {
            return JsonValue.Create(value.AsString());
        }

        if (value.IsBoolean())
        {
            return JsonValue.Create(value.AsBoolean());
        }

        if (value.IsNumber())
        {
            var number = value.AsNumber();
            if (double.IsNaN(number) || double.IsInfinity(number))
            {
                // JSON has no NaN or Infinity; keep the text JavaScript would print.
                return JsonValue.Create(SwmlValue.FormatNumber(number));
            }

            return number == Math.Floor(number) && Math.Abs(number) < 9e15 ? JsonValue.Create((long)number) : JsonValue.Create(number);
        }

        try
        {
            var json = new JsonSerializer(Engine).Serialize(value);
            return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
        }
        catch (Exception ex) when (IsScriptFailure(ex) || ex is System.Text.Json.JsonException)
        {
            // A value JSON cannot hold (a BigInt, a cycle) is the expression's error, not the engine's.
            throw new ScriptEvaluationException(expression.Code, $"its value cannot be stored: {ex.Message}", ex);
        }
    }
}

using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Swml.Language.Expressions;
using Swml.Runtime.Values;

namespace Swml.Runtime.Expressions;

/// <summary>
/// Evaluates JavaScript for one running flow with Jint. The scopes (call, vars, params, envs) and
/// every bare variable name are globals; they are re-bound only when the variables changed since
/// the last evaluation. Limits follow SignalWire's: 150 ms and no runaway loops or recursion.
/// </summary>
public sealed class ScriptEvaluator
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(150);

    private readonly VariableStore _variables;
    private Engine? _engine;
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly HashSet<string> _boundNames = new(StringComparer.Ordinal);
    private int _boundVersion = -1;

    public ScriptEvaluator(VariableStore variables, IEnumerable<string>? declaredNames = null)
    {
        _variables = variables;
        if (declaredNames is not null)
        {
            _declared.UnionWith(declaredNames);
        }
    }

    /// <summary>More names a running flow may set (a document fetched at run time brings its own).</summary>
    public void Declare(IEnumerable<string> names)
    {
        var before = _declared.Count;
        _declared.UnionWith(names);
        if (_declared.Count != before)
        {
            _boundVersion = -1;
        }
    }

    /// <summary>Evaluates an expression to a JSON value (undefined and null become null).</summary>
    public JsonNode? Evaluate(PreparedExpression expression) => ToJson(Run(expression));

    /// <summary>Evaluates a condition with JavaScript truthiness.</summary>
    public bool EvaluateCondition(PreparedExpression expression) => TypeConverter.ToBoolean(Run(expression));

    /// <summary>Evaluates to the text an interpolation shows.</summary>
    public string EvaluateText(PreparedExpression expression)
    {
        var value = Run(expression);
        return value.IsUndefined() || value.IsNull() ? string.Empty : value.IsString() ? value.AsString() : SwmlValue.ToText(ToJson(value));
    }

    /// <summary>Created on first use: a flow with no JavaScript never pays for an engine.</summary>
    private Engine Engine => _engine ??= new Engine(options => options
        .TimeoutInterval(TimeLimit)
        .MaxStatements(10_000)
        .LimitRecursion(64)
        .LimitMemory(16 * 1024 * 1024)
        .Strict(false));

    private JsValue Run(PreparedExpression expression)
    {
        if (expression.ParseError is { } error)
        {
            throw new ScriptEvaluationException(expression.Code, error);
        }

        Bind();
        try
        {
            return Engine.Evaluate(in expression.Script);
        }
        catch (Exception ex) when (ex is JavaScriptException or StatementsCountOverflowException or TimeoutException
                                       or RecursionDepthOverflowException or MemoryLimitExceededException or JintException)
        {
            throw new ScriptEvaluationException(expression.Code, ex.Message, ex);
        }
    }

    private void Bind()
    {
        if (_boundVersion == _variables.Version)
        {
            return;
        }

        var parser = new JsonParser(Engine);
        JsValue Parse(JsonNode node) => parser.Parse(node.ToJsonString());

        var call = Parse(_variables.Call);
        var vars = Parse(_variables.Vars);
        var envs = Parse(_variables.Envs);
        Engine.SetValue(KnownNames.CallScope, call);
        Engine.SetValue(KnownNames.VarsScope, vars);
        Engine.SetValue(KnownNames.ParamsScope, Parse(_variables.Params));
        Engine.SetValue(KnownNames.EnvsScope, envs);

        // Bare names look in vars, then envs, then call; names the document may set but has not
        // yet are undefined rather than a ReferenceError.
        var names = new Dictionary<string, JsValue>(StringComparer.Ordinal);
        foreach (var name in _declared)
        {
            names[name] = JsValue.Undefined;
        }

        foreach (var (scope, value) in new[] { (_variables.Call, call), (_variables.Envs, envs), (_variables.Vars, vars) })
        {
            foreach (var property in scope)
            {
                names[property.Key] = value.AsObject().Get(property.Key);
            }
        }

        foreach (var stale in _boundNames.Where(n => !names.ContainsKey(n)).ToList())
        {
            Engine.Global.RemoveOwnProperty(stale);
            _boundNames.Remove(stale);
        }

        foreach (var (name, value) in names)
        {
            if (!KnownNames.IsScope(name))
            {
                Engine.SetValue(name, value);
                _boundNames.Add(name);
            }
        }

        _boundVersion = _variables.Version;
    }

    private JsonNode? ToJson(JsValue value)
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

        var json = new JsonSerializer(Engine).Serialize(value);
        return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
    }
}

using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Swml.Language.Expressions;
using Swml.Runtime.Values;

namespace Swml.Runtime.Expressions;

/// <summary>
/// The globals one Jint engine's scripts see: the scopes <c>call</c>, <c>vars</c>, <c>params</c>
/// and <c>envs</c>, and each variable by its bare name (vars, then envs, then call; a name the
/// document may set but has not is undefined). Bound in full once, then updated name by name
/// from the store's <see cref="VariableChanges"/>. Call and envs do not change during a run.
/// </summary>
internal sealed class ScriptGlobals
{
    private readonly VariableStore _variables;
    private readonly IReadOnlySet<string> _declared;
    private readonly JsObject _call;
    private readonly JsObject _envs;
    private readonly JsObject _vars;

    // Bare names defined on the global object by us, so one no longer set anywhere can go again.
    private readonly HashSet<string> _bareNames = new(StringComparer.Ordinal);

    // Scratch for UpdateVars: names to add at the end of vars.
    private readonly HashSet<string> _appending = new(StringComparer.Ordinal);

    public ScriptGlobals(Engine engine, VariableStore variables, IReadOnlySet<string> declared)
    {
        Engine = engine;
        _variables = variables;
        _declared = declared;
        _call = JsonToJsValue.Object(engine, variables.Call);
        _envs = JsonToJsValue.Object(engine, variables.Envs);
        _vars = JsonToJsValue.Object(engine, variables.Vars);
        engine.SetValue(KnownNames.CallScope, _call);
        engine.SetValue(KnownNames.EnvsScope, _envs);
        engine.SetValue(KnownNames.VarsScope, _vars);
        BindParams();

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in declared.Concat(variables.Call.Select(p => p.Key)).Concat(variables.Envs.Select(p => p.Key)).Concat(variables.Vars.Select(p => p.Key)))
        {
            if (seen.Add(name))
            {
                BindBareName(name);
            }
        }
    }

    public Engine Engine { get; }

    /// <summary>Brings params, and the changed vars members and bare names, up to date with the store.</summary>
    public void Update(VariableChanges changes)
    {
        if (changes.Params)
        {
            BindParams();
        }

        if (changes.Vars.Count > 0)
        {
            UpdateVars(changes);
        }
    }

    /// <summary>Binds a name the document may set from now on: undefined until it is set, never a ReferenceError.</summary>
    public void Declare(string name) => BindBareName(name);

    private void BindParams() => Engine.SetValue(KnownNames.ParamsScope, JsonToJsValue.Object(Engine, _variables.Params));

    private void UpdateVars(VariableChanges changes)
    {
        // Keep vars' key order the store's: a value replaced keeps its place; one added, or unset
        // and set again, goes to the end, in the order the store has them.
        _appending.Clear();
        foreach (var name in changes.Vars)
        {
            if (!_variables.Vars.TryGetPropertyValue(name, out var node))
            {
                _vars.RemoveOwnProperty(name);
            }
            else if (!changes.WasUnset(name) && _vars.HasOwnProperty(name))
            {
                _vars.CreateDataProperty(name, JsonToJsValue.Convert(Engine, node));
            }
            else
            {
                _appending.Add(name);
            }
        }

        if (_appending.Count > 0)
        {
            foreach (var (name, node) in _variables.Vars)
            {
                if (_appending.Contains(name))
                {
                    _vars.RemoveOwnProperty(name);
                    _vars.CreateDataProperty(name, JsonToJsValue.Convert(Engine, node));
                }
            }
        }

        foreach (var name in changes.Vars)
        {
            BindBareName(name);
        }
    }

    private void BindBareName(string name)
    {
        // __proto__ as a global would set the global object's prototype, not define a name; the
        // variable stays readable as vars.__proto__.
        if (KnownNames.IsScope(name) || name == "__proto__")
        {
            return;
        }

        if (ValueOf(name) is { } value)
        {
            Engine.SetValue(name, value);
            _bareNames.Add(name);
        }
        else if (_bareNames.Remove(name))
        {
            Engine.Global.RemoveOwnProperty(name);
        }
    }

    /// <summary>What a bare name means: vars, then envs, then call; undefined if declared; null if it must not exist.</summary>
    private JsValue? ValueOf(string name) =>
        _variables.Vars.ContainsKey(name) ? _vars.Get(name)
        : _variables.Envs.ContainsKey(name) ? _envs.Get(name)
        : _variables.Call.ContainsKey(name) ? _call.Get(name)
        : _declared.Contains(name) ? JsValue.Undefined
        : null;
}

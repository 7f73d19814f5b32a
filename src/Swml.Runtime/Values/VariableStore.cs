using System.Text.Json.Nodes;
using Swml.Language.Expressions;

namespace Swml.Runtime.Values;

/// <summary>
/// The variables of one running flow, in SWML's four scopes: <c>call</c> (read-only facts about
/// the call), <c>vars</c> (set by <c>set</c> and by methods), <c>params</c> (the current execute's
/// or transfer's parameters, replaced and restored around an execute) and <c>envs</c> (read-only
/// environment). A bare name is looked up in vars, then envs.
/// </summary>
public sealed class VariableStore
{
    private readonly Stack<JsonObject> _params = new();

    // Readers that keep their own copy of the variables (the JavaScript engine). None until one
    // asks, so a flow that never runs JavaScript records nothing.
    private List<VariableChanges>? _watchers;

    public VariableStore(JsonObject? call = null, JsonObject? envs = null, JsonObject? vars = null)
    {
        Call = call ?? new JsonObject();
        Envs = envs ?? new JsonObject();
        Vars = vars ?? new JsonObject();
        _params.Push(new JsonObject());
    }

    public JsonObject Call { get; }

    public JsonObject Vars { get; }

    public JsonObject Envs { get; }

    public JsonObject Params => _params.Peek();

    /// <summary>Bumped on every change, so cached views of the variables know when to refresh.</summary>
    public int Version { get; private set; }

    /// <summary>The value at a path such as <c>call.from</c>, <c>vars.x.y</c>, <c>return_value[0].a</c>; null when unset.</summary>
    public JsonNode? Get(VariablePath path)
    {
        JsonNode? node;
        var segments = path.Segments;
        var start = 1;
        switch (path.Root)
        {
            case KnownNames.CallScope:
                node = Call;
                break;
            case KnownNames.VarsScope:
                node = Vars;
                break;
            case KnownNames.ParamsScope:
                node = Params;
                break;
            case KnownNames.EnvsScope:
                node = Envs;
                break;
            default:
                node = GetName(path.Root);
                break;
        }

        for (var i = start; i < segments.Count && node is not null; i++)
        {
            node = Member(node, segments[i]);
        }

        return node;
    }

    public JsonNode? Get(string path) => VariablePath.TryParse(path, out var parsed) ? Get(parsed) : null;

    /// <summary>A bare name as <c>${name}</c> reads it: vars, then envs; null when unset.</summary>
    public JsonNode? GetName(string name) => Vars.TryGetPropertyValue(name, out var value) ? value : Envs[name];

    public string? GetString(string name) => SwmlValue.ToTextOrNull(Vars[name]);

    public bool IsSet(string name) => Vars.ContainsKey(name);

    /// <summary>Whether anything is recording changes (see <see cref="WatchChanges"/>).</summary>
    internal bool IsWatched => _watchers is not null;

    /// <summary>Sets a variable in vars (a copy of the value is stored).</summary>
    public void Set(string name, JsonNode? value)
    {
        Vars[name] = SwmlValue.Clone(value);
        VarChanged(name, unset: false);
    }

    public void Unset(string name)
    {
        if (Vars.Remove(name))
        {
            VarChanged(name, unset: true);
        }
    }

    /// <summary>Replaces params for an execute; <see cref="PopParams"/> restores the caller's.</summary>
    public void PushParams(JsonObject parameters)
    {
        _params.Push(parameters);
        ParamsChanged();
    }

    public void PopParams()
    {
        if (_params.Count > 1)
        {
            _params.Pop();
            ParamsChanged();
        }
    }

    /// <summary>Replaces params for a transfer, which never returns.</summary>
    public void ReplaceParams(JsonObject parameters)
    {
        _params.Clear();
        _params.Push(parameters);
        ParamsChanged();
    }

    /// <summary>
    /// Starts recording what changes from now on, for a reader that keeps its own copy of the
    /// variables and updates only what changed. The reader clears the record as it catches up.
    /// </summary>
    internal VariableChanges WatchChanges()
    {
        var changes = new VariableChanges();
        (_watchers ??= new List<VariableChanges>()).Add(changes);
        return changes;
    }

    private void VarChanged(string name, bool unset)
    {
        Version++;
        if (_watchers is null)
        {
            return;
        }

        foreach (var watcher in _watchers)
        {
            if (unset)
            {
                watcher.VarUnset(name);
            }
            else
            {
                watcher.VarSet(name);
            }
        }
    }

    private void ParamsChanged()
    {
        Version++;
        if (_watchers is null)
        {
            return;
        }

        foreach (var watcher in _watchers)
        {
            watcher.ParamsReplaced();
        }
    }

    private static JsonNode? Member(JsonNode node, string segment)
    {
        if (segment.StartsWith('['))
        {
            var index = int.Parse(segment.AsSpan(1, segment.Length - 2), System.Globalization.CultureInfo.InvariantCulture);
            return node is JsonArray array && index < array.Count ? array[index] : null;
        }

        return node is JsonObject obj && obj.TryGetPropertyValue(segment, out var value) ? value : null;
    }
}

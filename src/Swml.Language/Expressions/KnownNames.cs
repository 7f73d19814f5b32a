namespace Swml.Language.Expressions;

/// <summary>The variable scopes of calling SWML.</summary>
public enum VariableScope
{
    /// <summary><c>call.*</c>: read-only facts about the current call leg.</summary>
    Call,

    /// <summary><c>vars.*</c> or a bare name: set by <c>set</c> and by methods.</summary>
    Vars,

    /// <summary><c>params.*</c>: the parameters of the current execute/transfer; any name.</summary>
    Params,

    /// <summary><c>envs.*</c>: read-only environment variables of the project; any name.</summary>
    Envs,
}

/// <summary>Names the binder knows without reading the document.</summary>
public static class KnownNames
{
    public const string CallScope = "call";
    public const string VarsScope = "vars";
    public const string ParamsScope = "params";
    public const string EnvsScope = "envs";

    /// <summary>Fields of <c>call</c>, as SignalWire documents them.</summary>
    public static IReadOnlyList<string> CallFields { get; } = new[]
    {
        "call_id", "call_state", "direction", "from", "from_number", "headers", "node_id", "project_id",
        "segment_id", "sip_data", "space_id", "to", "to_number", "type",
    };

    /// <summary>Variables the runtime may set at any point, which no step declares.</summary>
    public static IReadOnlyList<string> AmbientVariables { get; } = new[] { "script_error" };

    /// <summary>Globals an expression may use (ECMAScript built-ins that make sense in a single expression).</summary>
    public static IReadOnlyCollection<string> JavaScriptGlobals { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Array", "BigInt", "Boolean", "Date", "Error", "Infinity", "Intl", "JSON", "Map", "Math", "NaN", "Number",
        "Object", "RegExp", "Set", "String", "Symbol", "decodeURI", "decodeURIComponent", "encodeURI",
        "encodeURIComponent", "escape", "globalThis", "isFinite", "isNaN", "parseFloat", "parseInt", "undefined",
        "unescape",
    };

    public static bool IsScope(string name) =>
        name is CallScope or VarsScope or ParamsScope or EnvsScope;

    public static VariableScope? ScopeOf(string root) => root switch
    {
        CallScope => VariableScope.Call,
        VarsScope => VariableScope.Vars,
        ParamsScope => VariableScope.Params,
        EnvsScope => VariableScope.Envs,
        _ => null,
    };
}

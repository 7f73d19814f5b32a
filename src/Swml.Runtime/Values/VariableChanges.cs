namespace Swml.Runtime.Values;

/// <summary>
/// What changed in a <see cref="VariableStore"/> since its reader last caught up: the vars names set
/// or unset, and whether params were replaced. A set, not a log, so it never holds more than one
/// entry per name however long the reader stays away.
/// </summary>
internal sealed class VariableChanges
{
    private readonly HashSet<string> _vars = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unset = new(StringComparer.Ordinal);

    /// <summary>Names set or unset in vars.</summary>
    public IReadOnlyCollection<string> Vars => _vars;

    /// <summary>Whether params is another object (pushed, popped or replaced).</summary>
    public bool Params { get; private set; }

    public bool Any => Params || _vars.Count > 0;

    /// <summary>Whether the name was unset at some point, so a value it has now was added anew (at the end of vars).</summary>
    public bool WasUnset(string name) => _unset.Contains(name);

    public void Clear()
    {
        _vars.Clear();
        _unset.Clear();
        Params = false;
    }

    internal void VarSet(string name) => _vars.Add(name);

    internal void VarUnset(string name)
    {
        _vars.Add(name);
        _unset.Add(name);
    }

    internal void ParamsReplaced() => Params = true;
}

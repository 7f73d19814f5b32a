using System.Collections.Concurrent;
using Acornima.Ast;
using Jint;

namespace Swml.Runtime.Expressions;

/// <summary>
/// A JavaScript expression parsed once and evaluated many times. Instances are shared by code
/// text across flows and calls; a generated flow keeps its own in static fields.
/// </summary>
public sealed class PreparedExpression
{
    // Bounded: a condition with ${...} in it is code pasted together at run time from the call's
    // values (SWML0311), so each caller can make a new text. When the cache is full it starts
    // over; the flows' own texts come back at their next use, the callers' do not pile up.
    internal const int MaxCached = 4096;

    private static readonly ConcurrentDictionary<string, PreparedExpression> Cache = new(StringComparer.Ordinal);

    private readonly Prepared<Script> _script;

    public PreparedExpression(string code)
    {
        Code = code;
        try
        {
            _script = Engine.PrepareScript(code, options: new ScriptPreparationOptions { ParsingOptions = ScriptParsingOptions.Default with { Tolerant = false } });
            MayMutate = _script.Program is not { } program || MutationCheck.MayMutate(program);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Documents are checked before they run, so this is only reached by code that bypassed the checker.
            ParseError = ex.Message;
        }
    }

    public string Code { get; }

    /// <summary>Why the code could not be parsed, or null.</summary>
    public string? ParseError { get; }

    internal ref readonly Prepared<Script> Script => ref _script;

    /// <summary>Whether evaluating it may change values or globals, so its engine must not serve the next expression.</summary>
    internal bool MayMutate { get; }

    public static PreparedExpression Get(string code)
    {
        if (Cache.TryGetValue(code, out var cached))
        {
            return cached;
        }

        if (Cache.Count >= MaxCached)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(code, static c => new PreparedExpression(c));
    }

    internal static int CachedCount => Cache.Count;

    public override string ToString() => Code;
}

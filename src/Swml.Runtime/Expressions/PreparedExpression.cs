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
    private static readonly ConcurrentDictionary<string, PreparedExpression> Cache = new(StringComparer.Ordinal);

    private readonly Prepared<Script> _script;

    public PreparedExpression(string code)
    {
        Code = code;
        try
        {
            _script = Engine.PrepareScript(code, options: new ScriptPreparationOptions { ParsingOptions = ScriptParsingOptions.Default with { Tolerant = false } });
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

    public static PreparedExpression Get(string code) => Cache.GetOrAdd(code, static c => new PreparedExpression(c));

    public override string ToString() => Code;
}

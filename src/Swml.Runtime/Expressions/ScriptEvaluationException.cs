namespace Swml.Runtime.Expressions;

/// <summary>A JavaScript expression failed: a syntax or runtime error, or a limit was reached.</summary>
public sealed class ScriptEvaluationException : Exception
{
    public ScriptEvaluationException(string code, string message, Exception? inner = null)
        : base($"relay_script_js_eval_error: {message} (in '{code}')", inner)
    {
        Code = code;
    }

    /// <summary>The expression that failed.</summary>
    public string Code { get; }
}

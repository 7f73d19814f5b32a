namespace Swml.Language.Syntax;

/// <summary>
/// Limits that keep hostile or broken input from exhausting time, memory or stack. Each limit
/// reached is a located diagnostic, never an exception.
/// </summary>
public sealed class SwmlParseOptions
{
    public static SwmlParseOptions Default { get; } = new();

    /// <summary>Largest text accepted, in characters (4 MiB: a SWML document is rarely over 100 KiB).</summary>
    public int MaxTextLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Deepest nesting of mappings and lists. Each SWML nesting level (a cond inside a cond) takes
    /// about four, so 256 allows well over the runtime's 32 levels.
    /// </summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Most nodes after expanding aliases, which bounds "billion laughs" documents.</summary>
    public int MaxNodes { get; init; } = 250_000;

    /// <summary>
    /// Methods the application runs with handlers of its own (an IMethodHandler of Swml.Runtime):
    /// SWML0503, which warns that the SipRefer runtime does not run a method, is not reported for
    /// them. The generator reads them from the MSBuild property SwmlHandledMethods, swml check from
    /// --handled-method.
    /// </summary>
    public IReadOnlyCollection<string> HandledMethods { get; init; } = Array.Empty<string>();
}

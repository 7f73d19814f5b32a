using System.Text.Json.Nodes;
using Swml.Language.Lowering;
using Swml.Runtime.Values;

namespace Swml.Runtime.Steps;

/// <summary>
/// Conversions of values known only at run time (a parameter written as a whole <c>${...}</c>),
/// shared by generated flows, the interpreter and the typed arguments.
/// </summary>
public static class Arg
{
    public static string? Text(JsonNode? value) => SwmlValue.ToTextOrNull(value);

    /// <summary>A boolean, or the string "true" in any case; <paramref name="fallback"/> when unset.</summary>
    public static bool Bool(JsonNode? value, bool fallback) => value switch
    {
        null => fallback,
        JsonValue scalar when scalar.TryGetValue<bool>(out var b) => b,
        _ => string.Equals(SwmlValue.ToText(value), "true", StringComparison.OrdinalIgnoreCase),
    };

    public static double Number(JsonNode? value, double fallback) => SwmlValue.TryGetNumber(value, out var number) ? number : fallback;

    /// <summary>
    /// An integer parameter computed at run time (goto's max, sleep's duration): a number is cut to
    /// an integer and held to the parameter's range; anything else is <paramref name="fallback"/>.
    /// </summary>
    public static long Integer(JsonNode? value, long fallback, long minimum, long maximum) =>
        IntegerArgument.Resolve(SwmlValue.TryGetNumber(value, out var number) ? number : null, fallback, minimum, maximum);
}

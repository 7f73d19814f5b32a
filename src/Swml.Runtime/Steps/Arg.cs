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

    /// <summary>
    /// A boolean computed at run time: true or false, the strings "true" and "false" in any case
    /// and white space, or a number (0 is false); anything else, or nothing, is <paramref name="fallback"/>.
    /// </summary>
    public static bool Bool(JsonNode? value, bool fallback)
    {
        if (value is JsonValue scalar && scalar.TryGetValue<bool>(out var flag))
        {
            return flag;
        }

        if (SwmlValue.TryGetNumber(value, out var number) && !double.IsNaN(number))
        {
            return number != 0;
        }

        if (value is not JsonValue)
        {
            return fallback;
        }

        return SwmlValue.ToText(value).Trim().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => fallback,
        };
    }

    public static double Number(JsonNode? value, double fallback) => SwmlValue.TryGetNumber(value, out var number) ? number : fallback;

    /// <summary>
    /// An integer parameter computed at run time (goto's max, sleep's duration): a number is cut to
    /// an integer and held to the parameter's range; anything else is <paramref name="fallback"/>.
    /// </summary>
    public static long Integer(JsonNode? value, long fallback, long minimum, long maximum) =>
        IntegerArgument.Resolve(SwmlValue.TryGetNumber(value, out var number) ? number : null, fallback, minimum, maximum);
}

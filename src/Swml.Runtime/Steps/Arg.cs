using System.Text.Json.Nodes;
using Swml.Runtime.Values;

namespace Swml.Runtime.Steps;

/// <summary>
/// Conversions generated flows use to build typed arguments from values known only at run time
/// (a parameter written as a whole <c>${...}</c>).
/// </summary>
public static class Arg
{
    public static string? Text(JsonNode? value) => SwmlValue.ToTextOrNull(value);

    public static bool Bool(JsonNode? value, bool fallback) => value switch
    {
        null => fallback,
        JsonValue scalar when scalar.TryGetValue<bool>(out var b) => b,
        _ => string.Equals(SwmlValue.ToText(value), "true", StringComparison.OrdinalIgnoreCase),
    };

    public static double Number(JsonNode? value, double fallback) => SwmlValue.TryGetNumber(value, out var number) ? number : fallback;

    public static long? Integer(JsonNode? value) => SwmlValue.TryGetNumber(value, out var number) ? (long)number : null;
}

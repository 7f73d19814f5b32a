using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Swml.Runtime.Values;

/// <summary>
/// How SWML turns variable values (JSON nodes) into text and compares them. An unset value
/// interpolates as an empty string; numbers use invariant culture; objects and lists as JSON.
/// </summary>
public static class SwmlValue
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The text a value interpolates as.</summary>
    public static string ToText(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue scalar => ScalarText(scalar),
        _ => value.ToJsonString(Compact),
    };

    /// <summary>The text of a value, or null when it is unset.</summary>
    public static string? ToTextOrNull(JsonNode? value) => value is null ? null : ToText(value);

    public static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue scalar when scalar.TryGetValue<bool>(out var b) => b,
        JsonValue scalar when scalar.TryGetValue<string>(out var s) => s.Length > 0,
        JsonValue scalar when TryGetNumber(scalar, out var d) => d != 0 && !double.IsNaN(d),
        _ => true,
    };

    public static bool TryGetNumber(JsonNode? value, out double number)
    {
        number = 0;
        if (value is not JsonValue scalar)
        {
            return false;
        }

        // A JsonValue built in C# keeps its CLR type (int, long...), one parsed from JSON converts to any.
        if (scalar.TryGetValue(out number))
        {
            return true;
        }

        if (scalar.TryGetValue<long>(out var integer))
        {
            number = integer;
            return true;
        }

        if (scalar.TryGetValue<int>(out var small))
        {
            number = small;
            return true;
        }

        if (scalar.TryGetValue<decimal>(out var dec))
        {
            number = (double)dec;
            return true;
        }

        return scalar.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>A deep copy, so a stored value never aliases one still held elsewhere.</summary>
    public static JsonNode? Clone(JsonNode? value) => value?.DeepClone();

    private static string ScalarText(JsonValue scalar)
    {
        if (scalar.TryGetValue<string>(out var text))
        {
            return text;
        }

        if (scalar.TryGetValue<bool>(out var boolean))
        {
            return boolean ? "true" : "false";
        }

        if (TryGetNumber(scalar, out var number))
        {
            return FormatNumber(number);
        }

        return scalar.ToJsonString(Compact).Trim('"');
    }

    /// <summary>Numbers as JavaScript prints them: 5, not 5.0; 0.5; no exponent for ordinary sizes.</summary>
    public static string FormatNumber(double number)
    {
        if (double.IsNaN(number))
        {
            return "NaN";
        }

        if (double.IsInfinity(number))
        {
            return number > 0 ? "Infinity" : "-Infinity";
        }

        return number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
    }
}

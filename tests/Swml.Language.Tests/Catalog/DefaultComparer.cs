using System.Globalization;
using System.Text.Json;
using Swml.Language.Catalog;
using Swml.Language.Lowering;

namespace Swml.Language.Tests.Catalog;

/// <summary>
/// One parameter's default beside the schema's <c>default</c>. The catalog's text is read the way
/// the lowering reads it (<see cref="ParameterDefaults.Literal"/>), so what is compared is the value
/// a step runs with: <c>true</c> is not <c>"true"</c>, 5 is 5.0, lists compare item by item.
/// </summary>
internal static class DefaultComparer
{
    /// <param name="forms">The property's schema in each object form that has it (connect's four device forms).</param>
    public static IEnumerable<string> Compare(ParameterDefinition parameter, IReadOnlyList<JsonElement> forms, string path)
    {
        var schemaDefaults = forms
            .Where(f => f.ValueKind == JsonValueKind.Object && f.TryGetProperty("default", out _))
            .Select(f => f.GetProperty("default"))
            .GroupBy(Json, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        if (schemaDefaults.Count > 1)
        {
            yield return $"{path}: the schema's forms give different defaults: {string.Join(", ", schemaDefaults.Select(Json))}";
            yield break;
        }

        var expected = schemaDefaults.Count == 1 ? schemaDefaults[0] : (JsonElement?)null;
        if (parameter.DefaultValue is not { } text)
        {
            if (expected is { } missing)
            {
                yield return $"{path}: the schema's default is {Json(missing)}; the catalog has none";
            }

            yield break;
        }

        if (ParameterDefaults.Literal(text, parameter.Shape) is not { } actual)
        {
            yield return $"{path}: the catalog's default '{text}' is not {parameter.Shape.Description}";
        }
        else if (expected is not { } schemaDefault)
        {
            yield return $"{path}: the catalog's default is {Json(actual)}; the schema gives none";
        }
        else if (!Same(actual, schemaDefault))
        {
            yield return $"{path}: the schema's default is {Json(schemaDefault)}; the catalog's is {Json(actual)}";
        }
    }

    private static bool Same(LoweredValue value, JsonElement json) => (value, json.ValueKind) switch
    {
        (BoolValue b, JsonValueKind.True) => b.Value,
        (BoolValue b, JsonValueKind.False) => !b.Value,
        (IntegerValue i, JsonValueKind.Number) => i.Value == json.GetDouble(),
        (NumberValue n, JsonValueKind.Number) => n.Value == json.GetDouble(),
        (TextValue t, JsonValueKind.String) => t.Template.IsLiteral && t.Template.LiteralText == json.GetString(),
        (ArrayValue a, JsonValueKind.Array) => a.Items.Count == json.GetArrayLength() && a.Items.Zip(json.EnumerateArray(), Same).All(same => same),
        _ => false,
    };

    /// <summary>A value as JSON, for messages; both sides are written alike so they read side by side.</summary>
    private static string Json(LoweredValue value) => value switch
    {
        BoolValue b => b.Value ? "true" : "false",
        IntegerValue i => i.Value.ToString(CultureInfo.InvariantCulture),
        NumberValue n => n.Value.ToString("R", CultureInfo.InvariantCulture),
        TextValue t => Quote(t.Template.LiteralText),
        ArrayValue a => "[" + string.Join(", ", a.Items.Select(Json)) + "]",
        _ => value.ToString()!,
    };

    private static string Json(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => Quote(json.GetString()!),
        JsonValueKind.Number => json.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.Array => "[" + string.Join(", ", json.EnumerateArray().Select(Json)) + "]",
        _ => json.GetRawText(),
    };

    private static string Quote(string text) => "\"" + text + "\"";
}

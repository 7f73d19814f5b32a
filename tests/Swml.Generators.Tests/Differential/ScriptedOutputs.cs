using System.Text.Json.Nodes;
using Swml.Language.Catalog;
using Swml.Runtime.Steps;

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// What a step "did", for the differential runs: every variable the method catalog says the method
/// sets, with a plausible value that depends only on the method and the variable, so the compiled
/// and the interpreted run see the same answers and branches on them are taken.
/// </summary>
internal static class ScriptedOutputs
{
    /// <summary>For outputs with a known set of values: the ones a happy call gives, when listed.</summary>
    private const string ReturnValue = "return_value";

    private static readonly string[] Preferred = { "success", "connected", "joined", "match_digits", "completed", "on", "human" };

    public static StepOutcome For(string method)
    {
        var outputs = MethodCatalog.Find(method)?.Outputs ?? Array.Empty<OutputVariable>();
        if (outputs.Count == 0)
        {
            return StepOutcome.None;
        }

        // return_value is "the same as" the method's result: its first output with known values.
        var result = outputs.FirstOrDefault(o => o.Values is { Count: > 0 });
        return StepOutcome.Set(outputs
            .Select(o => (o.Name, o.Name == ReturnValue && result is not null ? Value(result) : Value(o)))
            .ToArray());
    }

    private static JsonNode? Value(OutputVariable output) => output.Type switch
    {
        VariableType.Integer => JsonValue.Create(1),
        VariableType.Number => JsonValue.Create(0.5),
        VariableType.Boolean => JsonValue.Create(true),
        VariableType.Object or VariableType.Any => new JsonObject { ["status"] = "ok", ["count"] = 2 },
        _ => JsonValue.Create(Text(output)),
    };

    private static string Text(OutputVariable output)
    {
        if (output.Values is { Count: > 0 } values)
        {
            return values.FirstOrDefault(Preferred.Contains) ?? values[0];
        }

        var name = output.Name;
        return name switch
        {
            "prompt_value" or "prompt_value_raw" => "1",
            _ when name.EndsWith("_code", StringComparison.Ordinal) => "200",
            _ when name.EndsWith("_url", StringComparison.Ordinal) || name.EndsWith("_document", StringComparison.Ordinal) => $"https://example.com/{name}",
            _ when name.EndsWith("_uri", StringComparison.Ordinal) || name == "sip_refer_to" => "sip:agent@example.com",
            _ => name + "-value",
        };
    }
}

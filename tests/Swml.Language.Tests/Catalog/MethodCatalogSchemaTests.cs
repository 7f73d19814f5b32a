using System.Text.Json;
using Swml.Language.Catalog;
using Swml.Language.Tests.Infrastructure;

namespace Swml.Language.Tests.Catalog;

/// <summary>The hand-written method catalog must agree with SignalWire's official calling schema.</summary>
public sealed partial class MethodCatalogSchemaTests
{
    private const string Pom = "POM sections nest without limit; the catalog checks the top level and leaves nested subsections open.";
    private const string ArgumentSchemas = "A JSON Schema per argument (11 property kinds, recursive); only its outer object is checked.";
    private const string SwaigActions = "SWAIG actions (16 kinds, one embeds a whole SWML document) are left open; output's other keys are checked.";

    /// <summary>
    /// Where the catalog deliberately checks less than the schema (an open mapping or any value),
    /// with the reason. Everything below a listed path is left unchecked.
    /// </summary>
    private static readonly Dictionary<string, string> OpenOnPurpose = new(StringComparer.Ordinal)
    {
        ["ai.prompt.pom[].subsections"] = Pom,
        ["ai.prompt.contexts.default.pom[].subsections"] = Pom,
        ["ai.prompt.contexts.default.steps[].pom[].subsections"] = Pom,
        ["ai.prompt.contexts.*.pom[].subsections"] = Pom,
        ["ai.prompt.contexts.*.steps[].pom[].subsections"] = Pom,
        ["ai.post_prompt.pom[].subsections"] = Pom,
        ["ai_sidecar.prompt.pom[].subsections"] = Pom,
        ["amazon_bedrock.prompt.pom[].subsections"] = Pom,
        ["amazon_bedrock.post_prompt.pom[].subsections"] = Pom,
        ["ai.SWAIG.functions[].parameters.properties"] = ArgumentSchemas,
        ["ai.SWAIG.functions[].argument.properties"] = ArgumentSchemas,
        ["ai_sidecar.SWAIG.functions[].parameters.properties"] = ArgumentSchemas,
        ["amazon_bedrock.SWAIG.functions[].parameters.properties"] = ArgumentSchemas,
        ["ai.SWAIG.functions[].data_map.output.action"] = SwaigActions,
        ["ai.SWAIG.functions[].data_map.expressions[].output.action"] = SwaigActions,
        ["ai.SWAIG.functions[].data_map.webhooks[].output.action"] = SwaigActions,
        ["ai.SWAIG.functions[].data_map.webhooks[].expressions[].output.action"] = SwaigActions,
        ["amazon_bedrock.SWAIG.functions[].data_map.output.action"] = SwaigActions,
        ["amazon_bedrock.SWAIG.functions[].data_map.expressions[].output.action"] = SwaigActions,
        ["amazon_bedrock.SWAIG.functions[].data_map.webhooks[].output.action"] = SwaigActions,
        ["amazon_bedrock.SWAIG.functions[].data_map.webhooks[].expressions[].output.action"] = SwaigActions,
    };

    /// <summary>Disagreements with the schema that are deliberate: the exact problem text, and why.</summary>
    private static readonly Dictionary<string, string> KnownDeviations = new(StringComparer.Ordinal)
    {
        ["sleep: the schema's range is [-, -]; the catalog's is [-1, -]"] =
            "sleep: 500 is shorthand for sleep: {duration: 500}, whose documented minimum is -1 (sleep forever).",
        ["ai.params.attention_timeout: the schema's range is [10000, 600000]; the catalog's is [0, 600000]"] =
            "The schema allows 0 (off) or 10000..600000; one integer range cannot leave out 1..9999, so the catalog takes 0..600000.",
        ["amazon_bedrock.params.attention_timeout: the schema's range is [10000, 600000]; the catalog's is [0, 600000]"] =
            "The schema allows 0 (off) or 10000..600000; one integer range cannot leave out 1..9999, so the catalog takes 0..600000.",
        ["ai.params.background_file_loops: the schema accepts null; the catalog does not (it takes number)"] =
            "The catalog has no null shape; leaving the key out means the same (loop forever).",
    };

    [Fact]
    public void CatalogHasExactlyTheSchemasCallingMethods()
    {
        using var schema = LoadSchema();
        var names = SchemaMethods(schema.RootElement).Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        Assert.Equal(43, names.Length);
        Assert.Equal(names, MethodCatalog.All.Select(m => m.Name).ToArray());
    }

    [Fact]
    public void CatalogAgreesWithSchemaOnEveryParameter()
    {
        using var schema = LoadSchema();
        var comparer = CompareAll(schema.RootElement);

        AssertOnlyKnown(comparer.Problems, KnownDeviations, nameof(KnownDeviations));
        var unused = OpenOnPurpose.Keys.Where(k => !comparer.OpenPathsUsed.Contains(k)).ToArray();
        Assert.True(unused.Length == 0, "OpenOnPurpose lists paths the catalog checks in full: " + string.Join(", ", unused));
    }

    /// <summary>Every problem is listed as known, and every known one still occurs.</summary>
    private static void AssertOnlyKnown(IReadOnlyCollection<string> problems, Dictionary<string, string> known, string listName)
    {
        var unknown = problems.Where(p => !known.ContainsKey(p)).ToArray();
        Assert.True(unknown.Length == 0, $"{unknown.Length} disagreements:\n" + string.Join("\n", unknown));
        var stale = known.Keys.Where(k => !problems.Contains(k)).ToArray();
        Assert.True(stale.Length == 0, $"{listName} lists problems that no longer occur: " + string.Join("; ", stale));
    }

    private static SchemaComparer CompareAll(JsonElement root)
    {
        var comparer = new SchemaComparer(root, OpenOnPurpose);
        foreach (var (name, body) in SchemaMethods(root))
        {
            if (MethodCatalog.Find(name) is { } method)
            {
                comparer.CompareMethod(method, body);
            }
        }

        return comparer;
    }

    private static JsonDocument LoadSchema() => JsonDocument.Parse(File.ReadAllText(ConformanceData.SchemaPath));

    private static IEnumerable<(string Name, JsonElement Body)> SchemaMethods(JsonElement root)
    {
        var defs = root.GetProperty("$defs");
        foreach (var reference in defs.GetProperty("SWMLMethod").GetProperty("anyOf").EnumerateArray())
        {
            var method = defs.GetProperty(reference.GetProperty("$ref").GetString()!.Split('/').Last());
            var property = method.GetProperty("properties").EnumerateObject().Single();
            yield return (property.Name, property.Value);
        }
    }
}

using System.Text.Json.Nodes;
using Swml.Language.Binding;
using Swml.Language.Tests.Infrastructure;

namespace Swml.Language.Tests.Conformance;

/// <summary>
/// "A document the official schema rejects also gets an error from swml check", tested: the schema
/// (through <see cref="SchemaOracle"/>) and <see cref="SwmlDocument.Parse"/> judge the same
/// mutated corpus documents, and every mutant the schema rejects must get at least one error.
/// </summary>
public sealed class SchemaDifferentialTests
{
    [Fact]
    public async Task EveryCorpusDocumentIsValidForTheOracleInItsJsonForm()
    {
        var oracle = await SchemaOracle.LoadAsync(ConformanceData.SchemaPath);
        var corpus = Corpus.Load();
        Assert.True(corpus.Count >= 150, $"expected the corpus of SignalWire documents, found {corpus.Count}");

        var failures = new List<string>();
        foreach (var (name, json) in corpus)
        {
            var text = YamlJson.Write(json);
            var errors = oracle.Validate(text);
            if (errors.Count > 0)
            {
                failures.Add($"{name}: the schema rejects it: {SchemaOracle.Describe(errors)}");
            }

            // The JSON form is what the mutants start from, so it must also be clean for us.
            var ours = SwmlDocument.Parse(text, name).Diagnostics.Where(d => d.IsError).ToArray();
            failures.AddRange(ours.Select(d => $"{name} (JSON form): {d.ToString(name)}"));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n" + string.Join("\n", failures));
    }

    /// <summary>The oracle is not vacuous: each translated keyword still rejects what it should.</summary>
    [Theory]
    [InlineData("""{"sections":{"main":[]},"extra":1}""", "unevaluatedProperties at the top level")]
    [InlineData("""{"version":"2.0.0","sections":{"main":[]}}""", "const (version)")]
    [InlineData("""{"sections":{"other":[]}}""", "required main")]
    [InlineData("""{"sections":{"main":[{"plya":{}}]}}""", "anyOf of methods")]
    [InlineData("""{"sections":{"main":[{"hangup":{"reason":"bye"}}]}}""", "const inside anyOf")]
    [InlineData("""{"sections":{"main":[{"goto":{"label":"a","max":101}}]}}""", "maximum")]
    [InlineData("""{"sections":{"main":[{"goto":{"label":"a","max":5.5}}]}}""", "integer")]
    [InlineData("""{"sections":{"main":[{"sip_refer":{"to_uri":"sip:a@b","x":1}}]}}""", "unevaluatedProperties in a method")]
    [InlineData("""{"sections":{"main":[{"play":{"url":"say:hi","urls":["say:hi"]}}]}}""", "oneOf")]
    [InlineData("""{"sections":{"main":[{"play":{"url":"${x}\n"}}]}}""", "pattern anchors as in ECMA-262")]
    [InlineData("""{"sections":{"main":[{"ai":{"prompt":{"text":"hi"},"SWAIG":{"functions":[{"function":"f","description":"d","data_map":{}}]}}}]}}""", "minProperties beside $ref")]
    public async Task OracleRejectsWhatTheSchemaRejects(string json, string what)
    {
        var oracle = await SchemaOracle.LoadAsync(ConformanceData.SchemaPath);
        Assert.True(oracle.Validate(json).Count > 0, $"the oracle accepts {json} ({what})");
    }

    [Theory]
    [InlineData("""{"version":"1.0.0","sections":{"main":[{"goto":{"label":"a","max":5.0}},{"label":"a"}]}}""")]
    [InlineData("""{"sections":{"main":[{"sip_refer":{"to_uri":"sip:a@b","status_url":"https://<placeholder>/cb"}}]}}""")]
    [InlineData("""{"sections":{"main":[{"play":{"url":"${x}"}}]}}""")]
    public async Task OracleAcceptsWhatTheSchemaAccepts(string json)
    {
        var oracle = await SchemaOracle.LoadAsync(ConformanceData.SchemaPath);
        var errors = oracle.Validate(json);
        Assert.True(errors.Count == 0, SchemaOracle.Describe(errors));
    }

    [Fact]
    public void YamlScalarsAreTypedByTheCoreSchema()
    {
        var json = YamlJson.Read("a: 5\nb: '5'\nc: true\nd: ~\ne:\nf: 0x1F\ng: 1.5e3\nh: yes\ni: !!str 7\nj: \"null\"\nk: 1.\nl: -0o17\n", "x.swml");
        Assert.Equal("""{"a":5,"b":"5","c":true,"d":null,"e":null,"f":31,"g":1500,"h":"yes","i":"7","j":"null","k":1,"l":"-0o17"}""", YamlJson.Write(json));
    }
}

/// <summary>The SignalWire documents as JSON trees, in file-name order.</summary>
internal static class Corpus
{
    public static IReadOnlyList<(string Name, JsonNode? Json)> Load() =>
        Directory.GetFiles(ConformanceData.SwmlDocsDirectory)
            .Where(f => Path.GetExtension(f) is ".swml" or ".yaml" or ".yml" or ".json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), YamlJson.Read(File.ReadAllText(f), f)))
            .ToArray();
}

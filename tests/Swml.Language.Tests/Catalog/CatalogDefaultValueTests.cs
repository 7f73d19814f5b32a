using Swml.Language.Catalog;
using static Swml.Language.Catalog.Shapes;

namespace Swml.Language.Tests.Catalog;

/// <summary>Every default in the catalog is a value its parameter accepts (<see cref="DefaultValueRules"/>).</summary>
public sealed class CatalogDefaultValueTests
{
    private const string SchemaPrompt = "A prompt the AI engine uses when none is given: the words are the value (the schema's default).";

    /// <summary>Free-text defaults with white space that are values, not descriptions, and why.</summary>
    private static readonly Dictionary<string, string> VouchedProse = new(StringComparer.Ordinal)
    {
        ["swml app"] = "ai.params.app_name: the label SignalWire gives an agent, two words (the schema's default).",
        ["visa mastercard amex"] = "pay.valid_card_types: a space-separated list of card types (the schema's default).",
        [MethodCatalog.AttentionPrompt] = SchemaPrompt,
        [MethodCatalog.ConsciencePrompt] = SchemaPrompt,
        [MethodCatalog.HardStopPrompt] = SchemaPrompt,
        [MethodCatalog.InnerDialogPrompt] = SchemaPrompt,
        [MethodCatalog.BedrockHardStopPrompt] = SchemaPrompt,
    };

    [Fact]
    public void EveryDefaultIsAValueOfItsShape()
    {
        var parameters = CatalogParameters.All().ToList();
        var vouched = VouchedProse.Keys.ToHashSet(StringComparer.Ordinal);

        var problems = parameters.SelectMany(p => DefaultValueRules.Problems(p.Path, p.Parameter, vouched)).ToArray();
        Assert.True(problems.Length == 0, $"{problems.Length} defaults are not values:\n" + string.Join("\n", problems));
        var stale = VouchedProse.Keys.Where(k => !parameters.Any(p => p.Parameter.DefaultValue == k)).ToArray();
        Assert.True(stale.Length == 0, "VouchedProse lists defaults the catalog no longer has: " + string.Join("; ", stale));
    }

    [Fact]
    public void TheWalkReachesNestedParameters()
    {
        var paths = CatalogParameters.All().Select(p => p.Path).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("record.format", paths);
        Assert.Contains("ai.params.ai_model", paths);
        Assert.Contains("ai.languages[].params.stability", paths);
        Assert.Contains("live_transcribe.action.start.speech_timeout", paths);
        Assert.Contains("ai.prompt.contexts.*.steps[].end", paths);
    }

    public static TheoryData<string, ValueShape> NotValues() => new()
    {
        { "the caller's number", Str },
        { "the caller's number", Integer },
        { "the caller's number", OneOf(Bool, Str) },
        { "none", Str },
        { "forever", Int(0) },
        { "yes", Bool },
        { "True", Bool },
        { "5s", Number },
        { "5.5", Integer },
        { "101", Int(1, 100) },
        { "-41", Num(-40, 40) },
        { "ogg", Enum("wav", "mp3") },
        { "[ended, nope]", ListOf(Enum("ended", "answered")) },
        { "[]", ListOf(Str, 1) },
        { "ended", ListOf(Enum("ended")) },
        { "example.com/hook", HttpUrl },
        { "30", Matching("[0-9]+[smh]", "a duration such as 30s") },
        { "", NonEmptyString },
    };

    [Theory, MemberData(nameof(NotValues))]
    public void TheRulesRejectADefaultThatIsNotAValue(string text, ValueShape shape) =>
        Assert.NotEmpty(DefaultValueRules.Problems("x", new ParameterDefinition("x", shape, false, "X.", text), new HashSet<string>()));

    public static TheoryData<string, ValueShape> Values() => new()
    {
        { "Polly.Salli", Str },
        { "", Str },
        { "#", Str },
        { "complete,partial", OneOf(Str, Bool) },
        { "true", OneOf(Bool, Str) },
        { "14400", Integer },
        { "5.0", Number },
        { "0", Num(-40, 40) },
        { "true", Enum("true", "false", "onEnter") },
        { "[ended]", ListOf(Enum("ended", "answered")) },
        { "30s", Matching("[0-9]+[smh]", "a duration such as 30s") },
    };

    [Theory, MemberData(nameof(Values))]
    public void TheRulesAcceptAValue(string text, ValueShape shape) =>
        Assert.Empty(DefaultValueRules.Problems("x", new ParameterDefinition("x", shape, false, "X.", text), new HashSet<string>()));

    [Fact]
    public void AVouchedProseDefaultIsAccepted() =>
        Assert.Empty(DefaultValueRules.Problems("x", new ParameterDefinition("x", Str, false, "X.", "swml app"), new HashSet<string> { "swml app" }));
}

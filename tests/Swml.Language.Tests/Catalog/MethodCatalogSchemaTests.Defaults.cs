namespace Swml.Language.Tests.Catalog;

/// <summary>The catalog's defaults are values a step runs with, so they must be the schema's.</summary>
public sealed partial class MethodCatalogSchemaTests
{
    private const string StatedInDescription = "The schema states this default in the description, not as a default keyword.";
    private const string SessionTimer = "The schema's default 0 is below its own minimum of 1 (\"must be a positive, non-zero number\"; the real default is the account's setting), so the catalog gives none.";

    /// <summary>Where the catalog's default deliberately differs from the schema's: the exact problem text, and why.</summary>
    private static readonly Dictionary<string, string> KnownDefaultDeviations = new(StringComparer.Ordinal)
    {
        ["ai.params.asr_smart_format: the catalog's default is false; the schema gives none"] = StatedInDescription,
        ["ai.params.asr_diarize: the catalog's default is false; the schema gives none"] = StatedInDescription,
        ["ai.params.asr_speaker_affinity: the catalog's default is false; the schema gives none"] = StatedInDescription,
        ["ai.params.enable_accounting: the catalog's default is false; the schema gives none"] = StatedInDescription,
        ["ai.params.llm_diarize_aware: the catalog's default is false; the schema gives none"] = StatedInDescription,
        ["ai.multilingual.engine: the catalog's default is \"deepgram\"; the schema gives none"] =
            "The schema's description says \"If you leave it unset, deepgram is used\".",
        ["execute.result.variable: the catalog's default is \"return_value\"; the schema gives none"] =
            "The schema's description says a switch without a variable checks return_value; the lowering reads this default.",
        ["connect.result.variable: the catalog's default is \"return_value\"; the schema gives none"] =
            "execute and connect share one result shape. The schema's description for connect names connect_result, but connect sets return_value to the same value, so both pick the same case.",
        ["hangup.reason: the catalog's default is \"hangup\"; the schema gives none"] =
            "Neither the schema nor SignalWire's docs say what no reason does (signalwire/docs#810 asks); hangup is the plain end of call the engine's own hangups send too, and the runtime relies on it.",
        ["connect.session_timeout: the schema's default is 0; the catalog has none"] = SessionTimer,
        ["connect.serial[].session_timeout: the schema's default is 0; the catalog has none"] = SessionTimer,
        ["connect.parallel[].session_timeout: the schema's default is 0; the catalog has none"] = SessionTimer,
        ["connect.serial_parallel[][].session_timeout: the schema's default is 0; the catalog has none"] = SessionTimer,
    };

    [Fact]
    public void CatalogDefaultsAreTheSchemas()
    {
        using var schema = LoadSchema();
        var comparer = CompareAll(schema.RootElement);

        AssertOnlyKnown(comparer.DefaultProblems, KnownDefaultDeviations, nameof(KnownDefaultDeviations));
    }
}

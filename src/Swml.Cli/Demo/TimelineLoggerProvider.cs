using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Swml.Language.Catalog;

namespace Swml.Cli.Demo;

/// <summary>
/// Turns what the parties log into timeline notes: the server's line per step (its arguments), per
/// step's variables and per document fetched, which the runtime writes for operators
/// (<c>TracingStepHandler</c>), and any warning or error from anyone. Other information lines are left out: the ladder already says it.
/// </summary>
internal sealed partial class TimelineLoggerProvider(Timeline timeline) : ILoggerProvider
{
    // The runtime's step lines, by their message templates.
    private const string StepTemplate = "step {Step} {Method} {Arguments}";
    private const string SetTemplate = "step {Step} {Method} set {Variables}";
    private const string FetchTemplate = "fetching the document of {Url}";

    // Steps after an execute run the document it fetched: they are named after its URL's path
    // ("/next main[0] play"), as their ids alone ("main[0]") would repeat the first document's.
    private volatile string? _document;

    private Timeline Timeline => timeline;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    /// <summary>
    /// A step's arguments as <c>name=value</c> pairs (strings bare unless they hold a space, the rest as
    /// JSON), leaving out those that hold the catalog's default: what is left is what the document says.
    /// </summary>
    internal static string Arguments(string method, string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }

        if (node is not JsonObject arguments)
        {
            return json;
        }

        var parameters = MethodCatalog.Find(method)?.Arguments as ObjectShape;
        return string.Join(" ", arguments
            .Where(a => !IsDefault(parameters?.Find(a.Key)?.DefaultValue, a.Value))
            .Select(a => $"{a.Key}={Shown(a.Value)}"));
    }

    /// <summary>A step's variables as the runtime logs them (<c>name="text", ...</c>), with quotes only where a value needs them.</summary>
    internal static string Variables(string text) => SimpleString().Replace(text, "$1=$2");

    private static bool IsDefault(string? defaultValue, JsonNode? value) =>
        defaultValue is not null && value is JsonValue scalar && (scalar.TryGetValue<string>(out var text)
            ? text == defaultValue
            : scalar.ToJsonString() == defaultValue || (scalar.TryGetValue<double>(out var number) && double.TryParse(defaultValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected) && number == expected));

    /// <summary>A value for a note: a string bare unless it holds a space, anything else as JSON.</summary>
    internal static string Shown(JsonNode? value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) && !text.Contains(' ', StringComparison.Ordinal) && text.Length > 0
            ? text
            : value?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";

    [GeneratedRegex("""(\w+)="([^"\s\\,]+)"(?=,|$)""")]
    private static partial Regex SimpleString();

    private sealed class Logger(TimelineLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var timeline = provider.Timeline;
            if (logLevel >= LogLevel.Warning)
            {
                var text = formatter(state, exception);
                timeline.Note(NoteKind.Warning, exception is null ? text : $"{text}: {exception.Message}");
                return;
            }

            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            // A template may name a field twice: the first one counts, and logging never throws.
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in values)
            {
                fields.TryAdd(key, value);
            }

            string Field(string name) => fields.GetValueOrDefault(name)?.ToString() ?? string.Empty;
            switch (Field("{OriginalFormat}"))
            {
                case StepTemplate:
                    var document = provider._document is { } path ? path + " " : string.Empty;
                    timeline.Note(NoteKind.Step, $"{document}{Field("Step")} {Field("Method")} {Arguments(Field("Method"), Field("Arguments"))}".TrimEnd());
                    break;
                case FetchTemplate:
                    // execute and transfer run in the engine, not in a step handler: this line is theirs.
                    var url = Field("Url");
                    provider._document = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
                    timeline.Note(NoteKind.Step, $"execute/transfer: fetching the document of {url}");
                    break;
                case SetTemplate:
                    timeline.Note(NoteKind.Set, Variables(Field("Variables")));
                    break;
            }
        }
    }
}

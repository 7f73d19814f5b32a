using System.Globalization;
using System.Text.Json.Nodes;
using Swml.Runtime.Values;

namespace Swml.Runtime.Steps;

/// <summary>answer</summary>
public sealed class AnswerArguments : StepArguments
{
    public override string Method => "answer";

    public long? MaxDuration { get; init; }

    public string? Codecs { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public override JsonNode? ToJson() => Json.Object(("max_duration", Json.Number(MaxDuration)), ("codecs", Codecs), ("username", Username), ("password", Password is null ? null : "***"));

    public static AnswerArguments FromJson(JsonNode? json) => new()
    {
        MaxDuration = Json.Long(json, "max_duration"),
        Codecs = Json.Text(json, "codecs"),
        Username = Json.Text(json, "username"),
        Password = Json.Text(json, "password"),
    };
}

/// <summary>play: one url or several urls, and the text-to-speech options.</summary>
public sealed class PlayArguments : StepArguments
{
    public override string Method => "play";

    public IReadOnlyList<string> Urls { get; init; } = Array.Empty<string>();

    public bool AutoAnswer { get; init; } = true;

    public double Volume { get; init; }

    public string? SayVoice { get; init; }

    public string? SayLanguage { get; init; }

    public string? SayGender { get; init; }

    public string? StatusUrl { get; init; }

    public override JsonNode? ToJson() => Json.Object(
        ("urls", new JsonArray(Urls.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray())),
        ("auto_answer", AutoAnswer),
        ("volume", Volume),
        ("say_voice", SayVoice),
        ("say_language", SayLanguage),
        ("say_gender", SayGender),
        ("status_url", StatusUrl));

    public static PlayArguments FromJson(JsonNode? json)
    {
        var urls = json?["urls"] is JsonArray list
            ? list.Select(SwmlValue.ToText).ToArray()
            : Json.Text(json, "url") is { } url ? new[] { url } : Array.Empty<string>();
        return new PlayArguments
        {
            Urls = urls,
            AutoAnswer = Json.Bool(json, "auto_answer") ?? true,
            Volume = Json.Double(json, "volume") ?? 0,
            SayVoice = Json.Text(json, "say_voice"),
            SayLanguage = Json.Text(json, "say_language"),
            SayGender = Json.Text(json, "say_gender"),
            StatusUrl = Json.Text(json, "status_url"),
        };
    }
}

/// <summary>sip_refer: the Refer-To URI, the callback URL and digest credentials.</summary>
public sealed class SipReferArguments : StepArguments
{
    public override string Method => "sip_refer";

    public required string ToUri { get; init; }

    public string? StatusUrl { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>The password is never shown: logs and traces see "***".</summary>
    public override JsonNode? ToJson() => Json.Object(("to_uri", ToUri), ("status_url", StatusUrl), ("username", Username), ("password", Password is null ? null : "***"));

    public static SipReferArguments FromJson(JsonNode? json) => new()
    {
        ToUri = Json.Text(json, "to_uri") ?? string.Empty,
        StatusUrl = Json.Text(json, "status_url"),
        Username = Json.Text(json, "username"),
        Password = Json.Text(json, "password"),
    };
}

/// <summary>request: an HTTP request whose response goes into variables.</summary>
public sealed class RequestArguments : StepArguments
{
    public override string Method => "request";

    public required string Url { get; init; }

    public required string HttpMethod { get; init; }

    public JsonObject? Headers { get; init; }

    public JsonNode? Body { get; init; }

    public double Timeout { get; init; }

    public double ConnectTimeout { get; init; }

    public bool SaveVariables { get; init; }

    public override JsonNode? ToJson() => Json.Object(
        ("url", Url), ("method", HttpMethod), ("headers", Headers?.DeepClone()), ("body", Body?.DeepClone()),
        ("timeout", Timeout), ("connect_timeout", ConnectTimeout), ("save_variables", SaveVariables));

    public static RequestArguments FromJson(JsonNode? json) => new()
    {
        Url = Json.Text(json, "url") ?? string.Empty,
        HttpMethod = Json.Text(json, "method") ?? "GET",
        Headers = json?["headers"] as JsonObject,
        Body = json?["body"],
        Timeout = Json.Double(json, "timeout") ?? 0,
        ConnectTimeout = Json.Double(json, "connect_timeout") ?? 0,
        SaveVariables = Json.Bool(json, "save_variables") ?? false,
    };
}

/// <summary>hangup, with its reason: hangup, busy or decline.</summary>
public sealed class HangupArguments : StepArguments
{
    public override string Method => "hangup";

    public string Reason { get; init; } = "hangup";

    public override JsonNode? ToJson() => Json.Object(("reason", Reason));
}

/// <summary>Small helpers to read and write argument JSON.</summary>
internal static class Json
{
    public static string? Text(JsonNode? json, string name) => json?[name] is { } value ? SwmlValue.ToText(value) : null;

    public static double? Double(JsonNode? json, string name) => SwmlValue.TryGetNumber(json?[name], out var number) ? number : null;

    public static long? Long(JsonNode? json, string name) => Double(json, name) is { } number ? (long)number : null;

    public static bool? Bool(JsonNode? json, string name) => json?[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        var value => string.Equals(SwmlValue.ToText(value), "true", StringComparison.OrdinalIgnoreCase),
    };

    public static JsonNode? Number(long? value) => value is null ? null : JsonValue.Create(value.Value);

    public static JsonObject Object(params (string Name, object? Value)[] properties)
    {
        var result = new JsonObject();
        foreach (var (name, value) in properties)
        {
            switch (value)
            {
                case null:
                    break;
                case JsonNode node:
                    result[name] = node;
                    break;
                case string text:
                    result[name] = text;
                    break;
                case bool flag:
                    result[name] = flag;
                    break;
                case double number:
                    result[name] = number;
                    break;
                default:
                    result[name] = Convert.ToString(value, CultureInfo.InvariantCulture);
                    break;
            }
        }

        return result;
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Swml.Runtime.Tests.Infrastructure;

/// <summary>JSON as tests compare it: compact, and '+', quotes and '&lt;' left readable.</summary>
public static class TestJson
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Text(JsonNode? node) => node?.ToJsonString(Readable) ?? "null";

    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();
}

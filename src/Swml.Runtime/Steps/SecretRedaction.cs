using System.Text.Json.Nodes;
using Swml.Language.Catalog;

namespace Swml.Runtime.Steps;

/// <summary>
/// Writes the catalog's secret parameters (passwords, bearer tokens), wherever they sit in a
/// method's arguments, as "***", and the password of a URL's user:password@ as well, so logs and
/// traces of any method never carry one.
/// </summary>
internal static class SecretRedaction
{
    public const string Mask = "***";

    /// <summary>Request headers that carry credentials.</summary>
    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization" };

    /// <summary>One parameter's value as logs may show it.</summary>
    public static JsonNode Redact(ParameterDefinition parameter, JsonNode value)
    {
        if (parameter.IsSecret)
        {
            return JsonValue.Create(Mask);
        }

        var copy = value.DeepClone();
        return MaskSecrets(copy, parameter.Shape, depth: 0) ?? copy;
    }

    /// <summary>A copy of <paramref name="value"/> with every secret of <paramref name="method"/>'s shape masked.</summary>
    public static JsonNode? Redact(string method, JsonNode? value)
    {
        var copy = value?.DeepClone();
        if (copy is not null && MethodCatalog.Find(method) is { } definition)
        {
            copy = MaskSecrets(copy, definition.Arguments, depth: 0) ?? copy;
        }

        return copy;
    }

    /// <summary>Masks the secrets inside <paramref name="node"/> in place; returns a replacement when the node itself is one (a URL with a password).</summary>
    private static JsonNode? MaskSecrets(JsonNode node, ValueShape shape, int depth)
    {
        // Catalog shapes nest a few levels; the bound only stops a shape that refers to itself.
        if (depth > 32)
        {
            return null;
        }

        switch (shape)
        {
            case StringShape { Format: StringFormat.HttpUrl or StringFormat.Uri } when node is JsonValue url && url.TryGetValue<string>(out var text):
                var shown = Calls.HttpUrls.Redact(text);
                return shown == text ? null : JsonValue.Create(shown);
            case ObjectShape obj when node is JsonObject mapping:
                foreach (var (name, child) in mapping.ToList())
                {
                    var parameter = obj.Find(name);
                    if (child is null)
                    {
                        continue;
                    }

                    if (parameter?.IsSecret == true || (parameter is null && obj.IsOpen && CredentialHeaders.Contains(name)))
                    {
                        mapping[name] = Mask;
                    }
                    else if ((parameter?.Shape ?? obj.AdditionalProperties) is { } childShape && MaskSecrets(child, childShape, depth + 1) is { } replacement)
                    {
                        mapping[name] = replacement;
                    }
                }

                return null;
            case ArrayShape array when node is JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item && MaskSecrets(item, array.Items, depth + 1) is { } replacement)
                    {
                        list[i] = replacement;
                    }
                }

                return null;
            case UnionShape union:
                // Which alternative a value is cannot always be told; a key any of them holds secret is masked.
                JsonNode? replaced = null;
                foreach (var alternative in union.Alternatives)
                {
                    replaced = MaskSecrets(replaced ?? node, alternative, depth + 1) ?? replaced;
                }

                return replaced;
            default:
                return null;
        }
    }
}

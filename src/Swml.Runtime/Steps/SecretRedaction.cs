using System.Text.Json.Nodes;
using Swml.Language.Catalog;

namespace Swml.Runtime.Steps;

/// <summary>
/// Writes the catalog's secret parameters (passwords, bearer tokens), wherever they sit in a
/// method's arguments, as "***", so logs and traces of any method never carry one.
/// </summary>
internal static class SecretRedaction
{
    public const string Mask = "***";

    /// <summary>A copy of <paramref name="value"/> with every secret of <paramref name="method"/>'s shape masked.</summary>
    public static JsonNode? Redact(string method, JsonNode? value)
    {
        var copy = value?.DeepClone();
        if (copy is not null && MethodCatalog.Find(method) is { } definition)
        {
            MaskSecrets(copy, definition.Arguments, depth: 0);
        }

        return copy;
    }

    private static void MaskSecrets(JsonNode node, ValueShape shape, int depth)
    {
        // Catalog shapes nest a few levels; the bound only stops a shape that refers to itself.
        if (depth > 32)
        {
            return;
        }

        switch (shape)
        {
            case ObjectShape obj when node is JsonObject mapping:
                foreach (var (name, child) in mapping.ToList())
                {
                    var parameter = obj.Find(name);
                    if (parameter?.IsSecret == true && child is not null)
                    {
                        mapping[name] = Mask;
                    }
                    else if (child is not null && (parameter?.Shape ?? obj.AdditionalProperties) is { } childShape)
                    {
                        MaskSecrets(child, childShape, depth + 1);
                    }
                }

                break;
            case ArrayShape array when node is JsonArray list:
                foreach (var item in list.Where(i => i is not null))
                {
                    MaskSecrets(item!, array.Items, depth + 1);
                }

                break;
            case UnionShape union:
                // Which alternative a value is cannot always be told; a key any of them holds secret is masked.
                foreach (var alternative in union.Alternatives)
                {
                    MaskSecrets(node, alternative, depth + 1);
                }

                break;
        }
    }
}

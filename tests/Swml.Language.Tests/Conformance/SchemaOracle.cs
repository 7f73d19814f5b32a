using System.Text;
using System.Text.Json.Nodes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Swml.Language.Tests.Conformance;

/// <summary>
/// SignalWire's official calling schema (JSON Schema draft 2020-12) as an executable oracle.
/// NJsonSchema implements the older drafts, so a copy of the schema is translated in memory into
/// the draft-07 form that means the same thing before it is loaded:
/// <list type="bullet">
/// <item><c>$defs</c> becomes <c>definitions</c>, and every <c>$ref</c> is rewritten to match; a
/// <c>$ref</c> to the root's <c>$id</c> (the SWML action's embedded document) becomes <c>#</c>.</item>
/// <item><c>unevaluatedProperties</c> becomes <c>additionalProperties</c>. The two differ only when the
/// object also composes subschemas in place (allOf, anyOf, oneOf, $ref, if/then/else, not,
/// dependentSchemas), whose evaluated properties unevaluatedProperties sees; no object in the
/// schema does, and <see cref="Translate"/> throws if one ever does.</item>
/// <item><c>const: x</c> becomes <c>enum: [x]</c>: NJsonSchema ignores <c>const</c>.</item>
/// <item>A <c>$ref</c> with validation keywords beside it (data_map's <c>minProperties</c>) becomes
/// <c>allOf: [{$ref}, {those keywords}]</c>: before 2019-09 the siblings of $ref are ignored.</item>
/// <item><c>format</c> is dropped. In 2020-12 it is an annotation, not an assertion, and SignalWire's
/// own examples put placeholders such as <c>https://&lt;NGROK UUID&gt;.ngrok-free.app</c> in
/// <c>format: uri</c> fields; NJsonSchema would assert it.</item>
/// <item>A <c>$</c> anchor in a <c>pattern</c> becomes <c>\z</c>: schema patterns are ECMA-262, where
/// <c>$</c> is the end of the text, while .NET's <c>$</c> also matches before a final newline.</item>
/// </list>
/// Any keyword the translation does not know makes loading fail, so a new schema cannot silently
/// weaken the oracle. Instances are validated with 2020-12's number model: a number with no
/// fractional part (<c>5.0</c>) is an integer. When this was written, the translated schema gave
/// the same verdict as a native 2020-12 validator (JsonSchema.Net 7.4.0, on the untranslated
/// schema) for every corpus document and for 64,000 mutants of them.
/// </summary>
public sealed class SchemaOracle
{
    private static readonly string[] InPlaceApplicators = { "allOf", "anyOf", "oneOf", "$ref", "if", "then", "else", "not", "dependentSchemas" };

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "description", "title", "examples", "default", "deprecated" };

    /// <summary>The draft-07 keywords the translated schema may use; NJsonSchema validates all of them.</summary>
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "anyOf", "oneOf", "allOf", "not", "enum",
        "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength", "minProperties", "pattern", "$ref", "definitions",
        "description", "title", "examples", "default", "deprecated",
    };

    private const string RootId = "SWMLObject.json";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SchemaOracle? _loaded;

    private readonly JsonSchema _schema;

    private SchemaOracle(JsonSchema schema) => _schema = schema;

    /// <summary>The oracle for the schema file, loaded once per test run.</summary>
    public static async Task<SchemaOracle> LoadAsync(string schemaPath)
    {
        await Gate.WaitAsync();
        try
        {
            if (_loaded is null)
            {
                var original = JsonNode.Parse(File.ReadAllText(schemaPath))!.AsObject();
                var translated = Translate(original);
                _loaded = new SchemaOracle(await JsonSchema.FromJsonAsync(translated.ToJsonString()));
            }

            return _loaded;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The schema's errors for a JSON text; empty when the schema accepts it.</summary>
    public IReadOnlyList<ValidationError> Validate(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
        var token = JToken.ReadFrom(reader);
        return _schema.Validate(NormalizeIntegers(token)).ToArray();
    }

    /// <summary>A short account of the schema's errors: the most specific ones (deepest path) first.</summary>
    public static string Describe(IReadOnlyList<ValidationError> errors, int max = 6)
    {
        var leaves = errors.SelectMany(Leaves).Distinct().ToArray();
        var deepest = leaves.OrderByDescending(e => e.Path?.Length ?? 0).ThenBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Kind.ToString(), StringComparer.Ordinal)
            .Select(e => $"{e.Kind} at {e.Path}").Distinct().ToArray();
        var text = new StringBuilder();
        text.Append(string.Join("; ", errors.Select(e => $"{e.Kind} at {e.Path}")));
        text.Append(" | deepest: ").Append(string.Join("; ", deepest.Take(max)));
        if (deepest.Length > max)
        {
            text.Append($"; ... {deepest.Length - max} more");
        }

        return text.ToString();
    }

    private static IEnumerable<ValidationError> Leaves(ValidationError error) =>
        error is ChildSchemaValidationError child && child.Errors.Count > 0
            ? child.Errors.Values.SelectMany(list => list).SelectMany(Leaves)
            : new[] { error };

    /// <summary>2020-12 treats 5.0 as an integer; NJsonSchema's "integer" type would not.</summary>
    private static JToken NormalizeIntegers(JToken token)
    {
        switch (token)
        {
            case JValue { Type: JTokenType.Float } value when value.Value is double d && Math.Floor(d) == d && Math.Abs(d) < 9e15:
                return new JValue((long)d);
            case JObject obj:
                foreach (var property in obj.Properties().ToArray())
                {
                    property.Value = NormalizeIntegers(property.Value);
                }

                return obj;
            case JArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = NormalizeIntegers(array[i]);
                }

                return array;
            default:
                return token;
        }
    }

    /// <summary>A draft-07 copy of the 2020-12 schema that accepts and rejects the same documents.</summary>
    internal static JsonObject Translate(JsonObject original)
    {
        var root = original.DeepClone().AsObject();
        root.Remove("$schema");
        if (root["$id"]?.GetValue<string>() != RootId)
        {
            throw new NotSupportedException($"the schema's $id is not {RootId}");
        }

        root.Remove("$id"); // references to it become "#"
        if (root["$defs"] is { } defs)
        {
            root.Remove("$defs");
            root["definitions"] = defs;
        }

        TranslateSchema(root, "#");
        return root;
    }

    private static void TranslateSchema(JsonNode? node, string path)
    {
        if (node is not JsonObject schema)
        {
            return; // true/false schemas mean the same in every draft
        }

        if (schema["unevaluatedProperties"] is { } unevaluated)
        {
            var composed = InPlaceApplicators.Where(schema.ContainsKey).Concat(new[] { "additionalProperties", "patternProperties" }.Where(schema.ContainsKey)).ToArray();
            if (composed.Length > 0)
            {
                throw new NotSupportedException($"{path}: unevaluatedProperties next to {string.Join(", ", composed)} is not additionalProperties; translate it by hand");
            }

            schema.Remove("unevaluatedProperties");
            schema["additionalProperties"] = unevaluated is JsonObject { Count: 1 } not && not["not"] is JsonObject { Count: 0 } ? false : unevaluated;
        }

        if (schema["const"] is { } constant)
        {
            schema.Remove("const");
            schema["enum"] = new JsonArray(constant.DeepClone());
        }

        schema.Remove("format");

        if (schema["pattern"] is JsonValue pattern)
        {
            schema["pattern"] = EcmaEndAnchors(pattern.GetValue<string>());
        }

        if (schema["$ref"] is JsonValue reference)
        {
            var target = reference.GetValue<string>();
            if (target.StartsWith("#/$defs/", StringComparison.Ordinal))
            {
                target = "#/definitions/" + target.Substring("#/$defs/".Length);
            }
            else if (target == RootId)
            {
                target = "#"; // the SWML action embeds a whole document, by the root's $id
            }
            else if (!target.StartsWith("#/definitions/", StringComparison.Ordinal) && target != "#")
            {
                throw new NotSupportedException($"{path}: $ref '{target}' is not a local $defs reference");
            }

            var siblings = schema.Select(p => p.Key).Where(k => k != "$ref" && !Annotations.Contains(k)).ToArray();
            schema.Remove("$ref");
            if (siblings.Length == 0)
            {
                schema["$ref"] = target;
            }
            else
            {
                // Two entries, the siblings in the second: NJsonSchema reads an allOf that holds
                // nothing but one $ref as plain inheritance and would drop the siblings again.
                if (schema.ContainsKey("allOf"))
                {
                    throw new NotSupportedException($"{path}: $ref with siblings next to allOf");
                }

                var checks = new JsonObject();
                foreach (var sibling in siblings)
                {
                    var value = schema[sibling];
                    schema.Remove(sibling);
                    checks[sibling] = value;
                }

                schema["allOf"] = new JsonArray(new JsonObject { ["$ref"] = target }, checks);
            }
        }

        foreach (var (keyword, value) in schema.ToArray())
        {
            var at = $"{path}/{keyword}";
            switch (keyword)
            {
                case "properties" or "definitions":
                    foreach (var (name, child) in value!.AsObject().ToArray())
                    {
                        TranslateSchema(child, $"{at}/{name}");
                    }

                    break;
                case "items" or "additionalProperties" or "not":
                    TranslateSchema(value, at);
                    break;
                case "allOf" or "anyOf" or "oneOf":
                    var i = 0;
                    foreach (var child in value!.AsArray())
                    {
                        TranslateSchema(child, $"{at}/{i++}");
                    }

                    break;
                default:
                    if (!Supported.Contains(keyword))
                    {
                        throw new NotSupportedException($"{at}: the oracle does not translate the keyword '{keyword}'");
                    }

                    break;
            }
        }
    }

    /// <summary>Replaces each unescaped '$' outside a character class with \z, ECMA-262's meaning of '$'.</summary>
    private static string EcmaEndAnchors(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }

            result.Append(c == '$' && !inClass ? "\\z" : c.ToString());
        }

        return result.ToString();
    }
}

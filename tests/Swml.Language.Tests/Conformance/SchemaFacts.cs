using System.Text.Json.Nodes;

namespace Swml.Language.Tests.Conformance;

/// <summary>
/// What the mutator needs to know to aim its changes, read from the official schema itself (not
/// from our catalog, so the test does not only probe what the catalog already knows): the method
/// names, and, by property name, the enum values, numeric bounds and required keys found under
/// that name anywhere in the schema.
/// </summary>
public sealed class SchemaFacts
{
    private readonly JsonObject _defs;

    private SchemaFacts(JsonObject root)
    {
        _defs = root["$defs"]!.AsObject();
        foreach (var reference in _defs["SWMLMethod"]!["anyOf"]!.AsArray())
        {
            var method = Resolve(reference!.AsObject());
            MethodNames.Add(method["required"]![0]!.GetValue<string>());
        }

        Visit(root);
    }

    public HashSet<string> MethodNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Property name to the strings its enums and consts allow (for a list, its items).</summary>
    public Dictionary<string, HashSet<string>> Enums { get; } = new(StringComparer.Ordinal);

    /// <summary>Property name to the numeric ranges declared for it.</summary>
    public Dictionary<string, List<Bounds>> Ranges { get; } = new(StringComparer.Ordinal);

    /// <summary>Property name to the keys its object (or its list's items) requires.</summary>
    public Dictionary<string, HashSet<string>> Required { get; } = new(StringComparer.Ordinal);

    /// <summary>Property name to the properties its object (or its list's items) declares, each with its schemas.</summary>
    public Dictionary<string, Dictionary<string, List<JsonObject>>> Properties { get; } = new(StringComparer.Ordinal);

    public static SchemaFacts Load(string schemaPath) => new(JsonNode.Parse(File.ReadAllText(schemaPath))!.AsObject());

    private JsonObject Resolve(JsonObject schema)
    {
        var seen = 0;
        while (schema["$ref"]?.GetValue<string>() is { } target && target.StartsWith("#/$defs/", StringComparison.Ordinal) && seen++ < 50)
        {
            schema = _defs[target.Substring("#/$defs/".Length)]!.AsObject();
        }

        return schema;
    }

    private void Visit(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["properties"] is JsonObject properties)
                {
                    foreach (var (name, schema) in properties)
                    {
                        if (schema is JsonObject s)
                        {
                            Collect(name, s, new HashSet<JsonObject>(ReferenceEqualityComparer.Instance), depth: 0);
                        }
                    }
                }

                foreach (var (key, value) in obj)
                {
                    if (key is not ("examples" or "default" or "const" or "enum"))
                    {
                        Visit(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Visit(item);
                }

                break;
        }
    }

    /// <summary>Gathers the facts of one property's schema, through $ref, anyOf, oneOf, allOf and items.</summary>
    private void Collect(string name, JsonObject schema, HashSet<JsonObject> seen, int depth)
    {
        schema = Resolve(schema);
        if (depth > 3 || !seen.Add(schema))
        {
            return;
        }

        foreach (var value in (schema["enum"] as JsonArray ?? new JsonArray()).Append(schema["const"]))
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                Get(Enums, name).Add(text);
            }
        }

        if (schema["minimum"] is not null || schema["maximum"] is not null)
        {
            var integer = IsInteger(schema);
            Get(Ranges, name).Add(new Bounds(schema["minimum"]?.GetValue<double>(), schema["maximum"]?.GetValue<double>(), integer));
        }

        if (schema["properties"] is JsonObject declared)
        {
            var byName = Get(Properties, name);
            foreach (var (property, propertySchema) in declared)
            {
                if (propertySchema is JsonObject ps)
                {
                    if (!byName.TryGetValue(property, out var list))
                    {
                        byName.Add(property, list = new List<JsonObject>());
                    }

                    list.Add(ps);
                }
            }
        }

        if (schema["required"] is JsonArray required)
        {
            Get(Required, name).UnionWith(required.Select(r => r!.GetValue<string>()));
        }

        foreach (var keyword in new[] { "anyOf", "oneOf", "allOf" })
        {
            foreach (var branch in schema[keyword] as JsonArray ?? new JsonArray())
            {
                Collect(name, branch!.AsObject(), seen, depth + 1);
            }
        }

        if (schema["items"] is JsonObject items)
        {
            Collect(name, items, seen, depth + 1);
        }
    }

    /// <summary>
    /// What values a property's schemas allow, through $ref, anyOf, oneOf and allOf: the JSON types,
    /// the strings (when every string alternative is an enum or const), and the numeric ranges.
    /// </summary>
    public ValueFacts DescribeValues(IEnumerable<JsonObject> schemas)
    {
        var facts = new ValueFacts();
        var seen = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        foreach (var schema in schemas)
        {
            DescribeValues(schema, facts, seen);
        }

        return facts;
    }

    private void DescribeValues(JsonObject schema, ValueFacts facts, HashSet<JsonObject> seen)
    {
        schema = Resolve(schema);
        if (!seen.Add(schema))
        {
            return;
        }

        var branches = new[] { "anyOf", "oneOf", "allOf" }.SelectMany(k => schema[k] as JsonArray ?? new JsonArray()).ToArray();
        if (schema["type"]?.GetValue<string>() is { } type)
        {
            facts.Types.Add(type);
            if (type == "string")
            {
                var values = (schema["enum"] as JsonArray ?? new JsonArray()).Append(schema["const"]).OfType<JsonValue>().Select(v => v.GetValue<string>()).ToArray();
                if (values.Length == 0)
                {
                    facts.AnyString = true;
                }

                facts.Strings.UnionWith(values);
            }
        }
        else if (branches.Length == 0)
        {
            facts.Types.Add("any"); // {} or a keyword-only schema: anything goes
        }

        if (schema["minimum"] is not null || schema["maximum"] is not null)
        {
            facts.Ranges.Add(new Bounds(schema["minimum"]?.GetValue<double>(), schema["maximum"]?.GetValue<double>(), IsInteger(schema)));
        }

        if (schema["pattern"]?.GetValue<string>() is { } pattern)
        {
            facts.Patterns.Add(pattern);
        }

        foreach (var keyword in new[] { "minLength", "minItems", "maxItems", "minProperties" })
        {
            if (schema[keyword]?.GetValue<int>() is { } limit)
            {
                facts.Limits.Add((keyword, limit));
            }
        }

        foreach (var branch in branches)
        {
            DescribeValues(branch!.AsObject(), facts, seen);
        }
    }

    private bool IsInteger(JsonObject schema) =>
        schema["type"]?.GetValue<string>() == "integer" ||
        (schema["anyOf"] ?? schema["oneOf"]) is JsonArray branches && branches.Any(b => Resolve(b!.AsObject())["type"]?.GetValue<string>() == "integer");

    private static TValue Get<TValue>(Dictionary<string, TValue> map, string key)
        where TValue : new()
    {
        if (!map.TryGetValue(key, out var value))
        {
            value = new TValue();
            map.Add(key, value);
        }

        return value;
    }
}

public readonly record struct Bounds(double? Minimum, double? Maximum, bool Integer);

/// <summary>What a property's schema allows, for making a value it does not.</summary>
public sealed class ValueFacts
{
    public HashSet<string> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>The strings allowed when <see cref="AnyString"/> is false.</summary>
    public HashSet<string> Strings { get; } = new(StringComparer.Ordinal);

    public bool AnyString { get; set; }

    public List<Bounds> Ranges { get; } = new();

    /// <summary>The patterns of its string alternatives.</summary>
    public List<string> Patterns { get; } = new();

    /// <summary>minLength, minItems, maxItems and minProperties, with their values.</summary>
    public List<(string Keyword, int Value)> Limits { get; } = new();
}

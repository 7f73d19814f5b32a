using System.Text.Json;
using Swml.Language.Catalog;

namespace Swml.Language.Tests.Catalog;

/// <summary>
/// Walks one catalog shape beside the official JSON schema and lists every disagreement: missing
/// or extra parameters, required flags, enum values, numeric ranges, value kinds, URL formats,
/// and (apart, in <see cref="DefaultProblems"/>) defaults.
/// The schema's anyOf/oneOf alternatives are merged by kind, and its SWMLVar alternatives dropped
/// (the validator accepts a whole-string ${...} for every number and boolean anyway).
/// </summary>
internal sealed class SchemaComparer
{
    private readonly JsonElement _defs;
    private readonly IReadOnlyDictionary<string, string> _openOnPurpose;

    public SchemaComparer(JsonElement schemaRoot, IReadOnlyDictionary<string, string> openOnPurpose)
    {
        _defs = schemaRoot.GetProperty("$defs");
        _openOnPurpose = openOnPurpose;
    }

    public List<string> Problems { get; } = new();

    /// <summary>Where a default differs from the schema's (<see cref="DefaultComparer"/>), kept apart from the shape problems.</summary>
    public List<string> DefaultProblems { get; } = new();

    public HashSet<string> OpenPathsUsed { get; } = new(StringComparer.Ordinal);

    public JsonElement Resolve(JsonElement node)
    {
        while (node.ValueKind == JsonValueKind.Object && node.TryGetProperty("$ref", out var reference))
        {
            node = _defs.GetProperty(reference.GetString()!.Split('/').Last());
        }

        return node;
    }

    public void CompareMethod(MethodDefinition method, JsonElement schema)
    {
        var catalogAlternatives = Flatten(method.Arguments).ToList();
        if (method.ScalarShorthand is { } shorthand && method.Arguments is ObjectShape obj)
        {
            // A scalar shorthand stands for one parameter, so its scalar kinds count as the method's too.
            catalogAlternatives.AddRange(Flatten(obj.Find(shorthand)!.Shape));
        }

        CompareAlternatives(catalogAlternatives, new[] { schema }, method.Name, allowExtraKinds: method.ScalarShorthand is not null);
    }

    private void Compare(ValueShape shape, JsonElement schema, string path) =>
        Compare(shape, new[] { schema }, path);

    /// <summary>Several schemas (one property's schemas in several object forms) accept their union.</summary>
    private void Compare(ValueShape shape, IReadOnlyList<JsonElement> schemas, string path) =>
        CompareAlternatives(Flatten(shape).ToList(), schemas, path, allowExtraKinds: false);

    private void CompareAlternatives(List<ValueShape> catalog, IReadOnlyList<JsonElement> schemas, string path, bool allowExtraKinds)
    {
        var schemaByKind = schemas.SelectMany(SchemaAlternatives).GroupBy(KindOf).ToDictionary(g => g.Key, g => g.ToList());
        var catalogByKind = catalog.GroupBy(KindOf).ToDictionary(g => g.Key, g => g.ToList());

        if (schemaByKind.Count == 0 || schemaByKind.ContainsKey("any"))
        {
            if (!catalogByKind.ContainsKey("any"))
            {
                Problems.Add($"{path}: the schema takes any value; the catalog takes only {string.Join("/", catalogByKind.Keys)}");
            }

            return;
        }

        if (catalogByKind.ContainsKey("any"))
        {
            CheckOpenOnPurpose(path, "takes any value");
            return;
        }

        // integer and number meet: a schema number with a catalog integer is too strict, and the reverse too loose.
        foreach (var (kind, alternatives) in schemaByKind)
        {
            if (!catalogByKind.TryGetValue(kind, out var mine))
            {
                Problems.Add($"{path}: the schema accepts {kind}; the catalog does not (it takes {string.Join("/", catalogByKind.Keys)})");
                continue;
            }

            switch (kind)
            {
                case "object":
                    CompareObject(mine.Cast<ObjectShape>().First(), alternatives, path);
                    break;
                case "array":
                    CompareArray(mine[0], alternatives[0], path);
                    break;
                case "string":
                    CompareString(mine.Cast<StringShape>().ToList(), alternatives, Resolve(schemas[0]), path);
                    break;
                case "integer" or "number":
                    CompareNumber(mine[0], alternatives[0], Resolve(schemas[0]), path);
                    break;
            }
        }

        if (!allowExtraKinds)
        {
            foreach (var kind in catalogByKind.Keys.Where(k => !schemaByKind.ContainsKey(k)))
            {
                Problems.Add($"{path}: the catalog accepts {kind}; the schema does not");
            }
        }
    }

    private void CompareObject(ObjectShape shape, List<JsonElement> alternatives, string path)
    {
        // A property named in several forms (pay's prompt action type: Say in one, Play in the other) takes any of them.
        var properties = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        HashSet<string>? requiredInAll = null;
        var requiredInSome = new HashSet<string>(StringComparer.Ordinal);
        var closed = true;
        JsonElement? additional = null;
        foreach (var alternative in alternatives)
        {
            if (alternative.TryGetProperty("properties", out var props))
            {
                foreach (var p in props.EnumerateObject())
                {
                    if (!properties.TryGetValue(p.Name, out var forms))
                    {
                        properties.Add(p.Name, forms = new List<JsonElement>());
                    }

                    forms.Add(p.Value);
                }
            }

            var required = alternative.TryGetProperty("required", out var req)
                ? req.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
            requiredInSome.UnionWith(required);
            if (requiredInAll is null)
            {
                requiredInAll = required;
            }
            else
            {
                requiredInAll.IntersectWith(required);
            }

            var extra = alternative.TryGetProperty("unevaluatedProperties", out var u) ? u
                : alternative.TryGetProperty("additionalProperties", out var a) ? a : (JsonElement?)null;
            var isClosed = extra is { } e && (e.ValueKind == JsonValueKind.False || (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("not", out _)));
            closed &= isClosed;
            if (!isClosed && extra is { ValueKind: JsonValueKind.Object } open && open.EnumerateObject().Any())
            {
                additional = open;
            }
        }

        if (shape.Properties.Count == 0 && shape.IsOpen && properties.Count > 0 && shape.AdditionalProperties is AnyShape)
        {
            CheckOpenOnPurpose(path, "is an open mapping");
            return;
        }

        foreach (var name in properties.Keys.Where(n => shape.Find(n) is null))
        {
            Problems.Add($"{path}: the schema has parameter '{name}'; the catalog does not");
        }

        foreach (var p in shape.Properties.Where(p => !properties.ContainsKey(p.Name)))
        {
            Problems.Add($"{path}: the catalog has parameter '{p.Name}'; the schema does not");
        }

        if (closed && shape.IsOpen)
        {
            Problems.Add($"{path}: the schema allows no other keys; the catalog allows any");
        }
        else if (!closed && !shape.IsOpen)
        {
            Problems.Add($"{path}: the schema allows other keys; the catalog allows none");
        }
        else if (additional is { } additionalSchema && shape.AdditionalProperties is { } additionalShape)
        {
            Compare(additionalShape, additionalSchema, path + ".*");
        }

        requiredInAll ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in shape.Properties)
        {
            if (p.IsRequired && !requiredInAll.Contains(p.Name))
            {
                Problems.Add($"{path}.{p.Name}: the catalog requires it; the schema does not");
            }
            else if (!p.IsRequired && requiredInAll.Contains(p.Name))
            {
                Problems.Add($"{path}.{p.Name}: the schema requires it; the catalog does not");
            }
        }

        // Required in one alternative but not all (play's url or urls): a property group must say so.
        foreach (var name in requiredInSome.Where(n => !requiredInAll.Contains(n)))
        {
            if (!shape.Groups.Any(g => g.Names.Contains(name) && g.Kind != PropertyGroupKind.AtMostOne))
            {
                Problems.Add($"{path}.{name}: the schema requires it in some forms; no catalog group requires it");
            }
        }

        foreach (var (name, schema) in properties)
        {
            if (shape.Find(name) is { } parameter)
            {
                Compare(parameter.Shape, schema, $"{path}.{name}");
                DefaultProblems.AddRange(DefaultComparer.Compare(parameter, schema, $"{path}.{name}"));
            }
        }
    }

    private void CompareArray(ValueShape shape, JsonElement schema, string path)
    {
        var items = schema.TryGetProperty("items", out var i) ? i : default;
        var itemsRef = items.ValueKind == JsonValueKind.Object && items.TryGetProperty("$ref", out var r) ? r.GetString()!.Split('/').Last() : null;
        switch (shape)
        {
            case StepListShape steps:
                CompareSteps(steps, items, itemsRef, path);
                break;
            case CondListShape:
                if (itemsRef != "CondParams")
                {
                    Problems.Add($"{path}: the catalog takes cond entries; the schema's items are {itemsRef ?? "not cond entries"}");
                }

                break;
            case ArrayShape array when items.ValueKind == JsonValueKind.Object:
                if (itemsRef is "SWMLMethod" or "CondParams")
                {
                    Problems.Add($"{path}: the schema's items are {itemsRef}; the catalog's are {array.Items.Description}");
                }
                else
                {
                    Compare(array.Items, items, path + "[]");
                }

                break;
        }
    }

    /// <summary>
    /// Steps are SWMLMethod items, or (connect's confirm) an anyOf of some of SWMLMethod's own
    /// alternatives, which the catalog must list exactly in <see cref="StepListShape.AllowedMethods"/>.
    /// </summary>
    private void CompareSteps(StepListShape steps, JsonElement items, string? itemsRef, string path)
    {
        if (itemsRef == "SWMLMethod")
        {
            if (steps.AllowedMethods is { } only)
            {
                Problems.Add($"{path}: the catalog allows only the methods {Join(only)}; the schema allows any step");
            }

            return;
        }

        var subset = itemsRef is null ? null : MethodSubset(Resolve(items));
        if (subset is null)
        {
            Problems.Add($"{path}: the catalog takes a list of steps; the schema's items are {itemsRef ?? "not steps"}");
        }
        else if (steps.AllowedMethods is null)
        {
            Problems.Add($"{path}: the schema allows only the methods {Join(subset)}; the catalog allows any step");
        }
        else if (!steps.AllowedMethods.ToHashSet(StringComparer.Ordinal).SetEquals(subset))
        {
            Problems.Add($"{path}: the schema allows the methods {Join(subset)}; the catalog allows {Join(steps.AllowedMethods)}");
        }
    }

    /// <summary>The method names of an anyOf whose alternatives are all SWMLMethod alternatives, or null.</summary>
    private HashSet<string>? MethodSubset(JsonElement node)
    {
        if (!node.TryGetProperty("anyOf", out var alternatives))
        {
            return null;
        }

        var methodRefs = _defs.GetProperty("SWMLMethod").GetProperty("anyOf").EnumerateArray()
            .Select(r => r.GetProperty("$ref").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alternative in alternatives.EnumerateArray())
        {
            if (!alternative.TryGetProperty("$ref", out var reference) || !methodRefs.Contains(reference.GetString()!))
            {
                return null;
            }

            names.Add(Resolve(alternative).GetProperty("properties").EnumerateObject().Single().Name);
        }

        return names;
    }

    /// <summary>A pattern may sit on the string itself or on the anyOf that holds it and SWMLVar.</summary>
    private void CompareString(List<StringShape> shapes, List<JsonElement> alternatives, JsonElement container, string path)
    {
        var constants = alternatives.Where(a => a.TryGetProperty("const", out _)).Select(a => a.GetProperty("const").GetString()!).ToList();
        var enums = alternatives.Where(a => a.TryGetProperty("enum", out _)).SelectMany(a => a.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!)).ToList();
        var free = alternatives.Any(a => !a.TryGetProperty("const", out _) && !a.TryGetProperty("enum", out _));
        var shape = shapes[0];
        var expected = constants.Concat(enums).ToHashSet(StringComparer.Ordinal);
        if (!free && expected.Count > 0)
        {
            var mine = shape.Values?.ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
            if (!mine.SetEquals(expected))
            {
                Problems.Add($"{path}: the schema allows {Join(expected)}; the catalog allows {(shape.Values is null ? "any string" : Join(mine))}");
            }
        }
        else if (shape.Values is not null)
        {
            Problems.Add($"{path}: the catalog allows only {Join(shape.Values)}; the schema allows any string");
        }

        // A form is required only when every free-text alternative has it: one without (pay's Say
        // phrase beside the Play phrase's URL) lets any string through. Enumerated ones never do.
        var freeForms = alternatives.Where(a => !a.TryGetProperty("const", out _) && !a.TryGetProperty("enum", out _)).ToList();
        var isUri = freeForms.Count > 0 && freeForms.All(a => a.TryGetProperty("format", out var f) && f.GetString() == "uri");
        if (isUri && shape.Format == StringFormat.None)
        {
            Problems.Add($"{path}: the schema's format is uri; the catalog checks no URL form");
        }

        var hasPattern = container.TryGetProperty("pattern", out _) || (freeForms.Count > 0 && freeForms.All(a => a.TryGetProperty("pattern", out _)));
        if (hasPattern && shape.Format == StringFormat.None && shape.Pattern is null)
        {
            Problems.Add($"{path}: the schema has a pattern; the catalog checks no form");
        }
    }

    /// <summary>
    /// The range may sit on the number itself, on the anyOf that holds it and SWMLVar, or on both
    /// (LanguageParams.pitch: int32 limits inside, -12..12 outside); both apply, so the narrower wins.
    /// </summary>
    private void CompareNumber(ValueShape shape, JsonElement schema, JsonElement container, string path)
    {
        var schemaType = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (schemaType == "integer" && shape is NumberShape)
        {
            Problems.Add($"{path}: the schema takes an integer; the catalog takes any number");
        }
        else if (schemaType == "number" && shape is IntegerShape)
        {
            Problems.Add($"{path}: the schema takes any number; the catalog takes only integers");
        }

        var min = Narrower(Bound(schema, "minimum"), Bound(container, "minimum"), Math.Max);
        var max = Narrower(Bound(schema, "maximum"), Bound(container, "maximum"), Math.Min);
        var (myMin, myMax) = shape switch
        {
            IntegerShape i => ((double?)i.Minimum, (double?)i.Maximum),
            NumberShape n => (n.Minimum, n.Maximum),
            _ => (null, null),
        };
        if (myMin != min || myMax != max)
        {
            Problems.Add($"{path}: the schema's range is [{min?.ToString() ?? "-"}, {max?.ToString() ?? "-"}]; the catalog's is [{myMin?.ToString() ?? "-"}, {myMax?.ToString() ?? "-"}]");
        }
    }

    private static double? Bound(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) ? value.GetDouble() : null;

    private static double? Narrower(double? a, double? b, Func<double, double, double> pick) =>
        a is { } x && b is { } y ? pick(x, y) : a ?? b;

    private void CheckOpenOnPurpose(string path, string what)
    {
        var match = _openOnPurpose.Keys.FirstOrDefault(prefix => path == prefix || path.StartsWith(prefix + ".", StringComparison.Ordinal) || path.StartsWith(prefix + "[", StringComparison.Ordinal));
        if (match is null)
        {
            Problems.Add($"{path}: the catalog {what} where the schema is detailed; check it, or list it in OpenOnPurpose with the reason");
        }
        else
        {
            OpenPathsUsed.Add(match);
        }
    }

    /// <summary>The schema's alternatives for a node: refs resolved, anyOf/oneOf flattened, SWMLVar dropped.</summary>
    private IEnumerable<JsonElement> SchemaAlternatives(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty("$ref", out var reference) && reference.GetString()!.EndsWith("/SWMLVar", StringComparison.Ordinal))
        {
            yield break;
        }

        node = Resolve(node);
        var split = node.TryGetProperty("anyOf", out var any) ? any : node.TryGetProperty("oneOf", out var one) ? one : default;
        if (split.ValueKind == JsonValueKind.Array)
        {
            foreach (var alternative in split.EnumerateArray())
            {
                foreach (var inner in SchemaAlternatives(alternative))
                {
                    yield return inner;
                }
            }

            yield break;
        }

        yield return node;
    }

    private static string KindOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : schema.TryGetProperty("const", out _) ? "string" : "any";
        }

        return type.GetString() switch
        {
            "integer" => "number",
            var t => t!,
        };
    }

    private static string KindOf(ValueShape shape) => shape switch
    {
        StringShape => "string",
        IntegerShape or NumberShape => "number",
        BooleanShape => "boolean",
        ObjectShape => "object",
        ArrayShape or StepListShape or CondListShape => "array",
        _ => "any",
    };

    private static IEnumerable<ValueShape> Flatten(ValueShape shape) =>
        shape is UnionShape union ? union.Alternatives.SelectMany(Flatten) : new[] { shape };

    private static string Join(IEnumerable<string> values) => "{" + string.Join(", ", values.OrderBy(v => v, StringComparer.Ordinal)) + "}";
}

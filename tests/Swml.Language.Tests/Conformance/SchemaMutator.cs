using System.Text.Json.Nodes;

namespace Swml.Language.Tests.Conformance;

public enum MutationKind
{
    DropRequiredKey,
    DropKey,
    RenameKey,
    AddKeyToMethod,
    AddKeyNested,
    ChangeType,
    AddInvalidParameter,
    InvalidValue,
    BreakLengthOrPattern,
    NearMissEnum,
    OutOfRange,
    UnknownMethod,
    WrapStep,
    BreakStep,
    DeleteSections,
    DeleteMain,
    BreakSection,
    AddTopLevelKey,
    ChangeVersion,
}

/// <summary>One mutant: which document, what was changed where, and the resulting JSON text.</summary>
public sealed record Mutant(int Number, string Source, MutationKind Kind, string Path, string Change, string Json)
{
    public override string ToString() => $"#{Number} {Kind} at {Path} in {Source}: {Change}";
}

/// <summary>
/// Makes single, targeted changes to the JSON form of valid documents, from a fixed seed. Each
/// mutant differs from its source in one place; whether it is still valid is for the oracle to say.
/// </summary>
public sealed class SchemaMutator
{
    /// <summary>How often each kind is picked; the document-level kinds have one site per document.</summary>
    private static readonly (MutationKind Kind, int Weight)[] Weights =
    {
        (MutationKind.DropRequiredKey, 4),
        (MutationKind.DropKey, 3),
        (MutationKind.RenameKey, 4),
        (MutationKind.AddKeyToMethod, 3),
        (MutationKind.AddKeyNested, 3),
        (MutationKind.ChangeType, 6),
        (MutationKind.AddInvalidParameter, 6),
        (MutationKind.InvalidValue, 6),
        (MutationKind.BreakLengthOrPattern, 3),
        (MutationKind.NearMissEnum, 4),
        (MutationKind.OutOfRange, 4),
        (MutationKind.UnknownMethod, 3),
        (MutationKind.WrapStep, 2),
        (MutationKind.BreakStep, 2),
        (MutationKind.DeleteSections, 1),
        (MutationKind.DeleteMain, 1),
        (MutationKind.BreakSection, 1),
        (MutationKind.AddTopLevelKey, 1),
        (MutationKind.ChangeVersion, 1),
    };

    private static readonly string[] UnknownKeys = { "colour", "timeout_ms", "extra", "Url", "callback", "x_custom" };

    private readonly SchemaFacts _facts;
    private readonly Random _random;
    private readonly Dictionary<(string Owner, string Property), ValueFacts> _described = new();

    public SchemaMutator(SchemaFacts facts, int seed)
    {
        _facts = facts;
        _random = new Random(seed);
    }

    /// <summary>
    /// <paramref name="count"/> mutants, taking the documents in turn. The kind is drawn by weight;
    /// a kind with no site in the document is set aside and another one drawn.
    /// </summary>
    public IEnumerable<Mutant> Generate(IReadOnlyList<(string Name, JsonNode? Json)> corpus, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (name, json) = corpus[i % corpus.Count];
            var kinds = Weights.ToList();
            while (kinds.Count > 0)
            {
                var roll = _random.Next(kinds.Sum(k => k.Weight));
                var index = 0;
                while (roll >= kinds[index].Weight)
                {
                    roll -= kinds[index++].Weight;
                }

                var kind = kinds[index].Kind;
                kinds.RemoveAt(index);
                var copy = json!.DeepClone();
                var change = Apply(kind, copy, out var path);
                if (change is not null)
                {
                    yield return new Mutant(i, name, kind, path, change, YamlJson.Write(copy));
                    break;
                }
            }
        }
    }

    /// <summary>Applies one mutation of <paramref name="kind"/> to <paramref name="root"/>, or returns null if it has no site.</summary>
    private string? Apply(MutationKind kind, JsonNode root, out string path)
    {
        path = "$";
        if (root is not JsonObject document)
        {
            return null;
        }

        var walk = new Walk(_facts);
        walk.Run(document);
        switch (kind)
        {
            case MutationKind.DropRequiredKey:
            {
                var sites = walk.Objects.SelectMany(o => o.Node.Select(p => p.Key)
                    .Where(k => _facts.Required.TryGetValue(o.Owner, out var req) && req.Contains(k) && !(o.IsStep && o.Node.Count == 1))
                    .Select(k => (o.Node, Key: k))).ToArray();
                if (sites.Length == 0)
                {
                    return null;
                }

                var (obj, key) = Pick(sites);
                path = obj.GetPath();
                obj.Remove(key);
                return $"drop required '{key}'";
            }

            case MutationKind.DropKey:
            {
                var sites = walk.Objects.Where(o => !o.IsStep).SelectMany(o => o.Node.Select(p => (o.Node, p.Key))).ToArray();
                if (sites.Length == 0)
                {
                    return null;
                }

                var (obj, key) = Pick(sites);
                path = obj.GetPath();
                obj.Remove(key);
                return $"drop '{key}'";
            }

            case MutationKind.RenameKey:
            {
                var sites = walk.Objects.Where(o => !o.IsStep).SelectMany(o => o.Node.Select(p => (o.Node, p.Key))).ToArray();
                if (sites.Length == 0)
                {
                    return null;
                }

                var (obj, key) = Pick(sites);
                var typo = Typo(key, t => !obj.ContainsKey(t));
                path = obj.GetPath();
                Rebuild(obj, (k, v) => k == key ? new[] { (typo, v) } : new[] { (k, v) });
                return $"rename '{key}' to '{typo}'";
            }

            case MutationKind.AddKeyToMethod or MutationKind.AddKeyNested:
            {
                var sites = kind == MutationKind.AddKeyToMethod
                    ? walk.Steps.Select(s => s.Node.First().Value).OfType<JsonObject>().ToArray()
                    : walk.Objects.Where(o => !o.IsStep && !o.IsArguments).Select(o => o.Node).ToArray();
                if (sites.Length == 0)
                {
                    return null;
                }

                var obj = Pick(sites);
                var key = Pick(UnknownKeys.Where(k => !obj.ContainsKey(k)).ToArray());
                JsonNode value = _random.Next(2) == 0 ? JsonValue.Create("x")! : JsonValue.Create(1)!;
                path = obj.GetPath();
                obj[key] = value;
                return $"add '{key}': {YamlJson.Write(value)}";
            }

            case MutationKind.ChangeType:
            {
                var sites = walk.Values.ToArray();
                if (sites.Length == 0)
                {
                    return null;
                }

                var (node, parent, replace) = Pick(sites);
                var before = node is null ? "null" : node.GetValueKind().ToString();
                var candidates = TypeChanges().Where(c => Category(c) != Category(node)).ToArray();
                var replacement = Pick(candidates);
                path = parent.GetPath() + Suffix(parent, node);
                replace(replacement);
                return $"replace {before} {Short(node)} with {YamlJson.Write(replacement)}";
            }

            case MutationKind.AddInvalidParameter:
            {
                // A parameter the schema declares for this object but the document leaves out,
                // given a value its schema does not allow.
                var sites = walk.Objects.Where(o => !o.IsStep && _facts.Properties.ContainsKey(o.Owner))
                    .SelectMany(o => _facts.Properties[o.Owner].Where(p => !o.Node.ContainsKey(p.Key)).Select(p => (o.Node, Property: p.Key, Schemas: p.Value)))
                    .ToArray();
                var (obj, property, schemas) = sites.Length == 0 ? default : Pick(sites);
                var value = obj is null ? null : InvalidValue(Describe(walk.OwnerName(obj)!, property));
                if (value is null)
                {
                    return null;
                }

                path = obj!.GetPath();
                obj[property] = value.Value.Node;
                return $"add '{property}': {YamlJson.Write(value.Value.Node)} ({value.Value.Why})";
            }

            case MutationKind.InvalidValue:
            {
                // A value replaced by one its property's schema does not allow.
                var sites = walk.Values.Where(v => v.Parent is JsonObject parent && walk.OwnerOf(parent, v.Node) is { } key
                    && walk.OwnerName(parent) is { } owner && _facts.Properties.TryGetValue(owner, out var declared) && declared.ContainsKey(key)).ToArray();
                if (sites.Length == 0)
                {
                    return null;
                }

                var (node, parent, replace) = Pick(sites);
                var property = walk.OwnerOf(parent, node)!;
                var value = InvalidValue(Describe(walk.OwnerName((JsonObject)parent)!, property));
                if (value is null)
                {
                    return null;
                }

                path = parent.GetPath() + Suffix(parent, node);
                replace(value.Value.Node);
                return $"{Short(node)} to {YamlJson.Write(value.Value.Node)} ({value.Value.Why})";
            }

            case MutationKind.BreakLengthOrPattern:
            {
                // The rarer keywords: a value (present or added) that breaks its property's
                // minLength, minItems, maxItems, minProperties or pattern.
                var sites = walk.Objects.Where(o => !o.IsStep && _facts.Properties.ContainsKey(o.Owner))
                    .SelectMany(o => _facts.Properties[o.Owner].Keys.Select(k => (o.Node, o.Owner, Property: k)))
                    .Where(site => Describe(site.Owner, site.Property) is { } facts && (facts.Limits.Count > 0 || facts.Patterns.Count > 0))
                    .ToArray();
                if (sites.Length == 0)
                {
                    return null;
                }

                var (obj, owner, property) = Pick(sites);
                var value = InvalidValue(Describe(owner, property), lengthOrPatternOnly: true);
                if (value is null)
                {
                    return null;
                }

                var before = obj.ContainsKey(property) ? Short(obj[property]) : "absent";
                path = obj.GetPath() + "." + property;
                obj[property] = value.Value.Node;
                return $"{before} to {YamlJson.Write(value.Value.Node)} ({value.Value.Why})";
            }

            case MutationKind.NearMissEnum:
            {
                var sites = walk.Values.Where(v => v.Node is JsonValue value && value.TryGetValue<string>(out var text)
                    && walk.OwnerOf(v.Parent, v.Node) is { } owner && _facts.Enums.TryGetValue(owner, out var values) && values.Contains(text)).ToArray();
                if (sites.Length == 0)
                {
                    return null;
                }

                var (node, parent, replace) = Pick(sites);
                var text = node!.GetValue<string>();
                var allowed = _facts.Enums[walk.OwnerOf(parent, node)!];
                var miss = NearMiss(text, allowed);
                path = parent.GetPath() + Suffix(parent, node);
                replace(JsonValue.Create(miss));
                return $"enum '{text}' to '{miss}'";
            }

            case MutationKind.OutOfRange:
            {
                var sites = walk.Values.Where(v => v.Node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
                    && walk.OwnerOf(v.Parent, v.Node) is { } owner && _facts.Ranges.ContainsKey(owner)).ToArray();
                if (sites.Length == 0)
                {
                    return null;
                }

                var (node, parent, replace) = Pick(sites);
                var bounds = Pick(_facts.Ranges[walk.OwnerOf(parent, node)!].Where(b => b.Minimum is not null || b.Maximum is not null).ToArray());
                var step = bounds.Integer ? 1 : 0.5;
                var below = bounds.Maximum is null || (bounds.Minimum is not null && _random.Next(2) == 0);
                var value = below ? bounds.Minimum!.Value - step : bounds.Maximum!.Value + step;
                JsonNode replacement = bounds.Integer ? JsonValue.Create((long)value)! : JsonValue.Create(value)!;
                path = parent.GetPath() + Suffix(parent, node);
                replace(replacement);
                return $"{Short(node)} to {YamlJson.Write(replacement)} ({(below ? "below minimum " + bounds.Minimum : "above maximum " + bounds.Maximum)})";
            }

            case MutationKind.UnknownMethod:
            {
                if (walk.Steps.Count == 0)
                {
                    return null;
                }

                var step = Pick(walk.Steps).Node;
                var method = step.First().Key;
                var unknown = _random.Next(4) switch
                {
                    0 => "reply",
                    1 => "not_a_method",
                    _ => Typo(method, t => !_facts.MethodNames.Contains(t)),
                };
                path = step.GetPath();
                Rebuild(step, (k, v) => new[] { (unknown, v) });
                return $"method '{method}' to '{unknown}'";
            }

            case MutationKind.WrapStep or MutationKind.BreakStep:
            {
                var sites = walk.Steps.Where(s => s.Node.Parent is JsonArray).ToArray();
                if (sites.Length == 0)
                {
                    return null;
                }

                var step = Pick(sites).Node;
                var list = (JsonArray)step.Parent!;
                var index = list.IndexOf(step);
                var method = step.First().Key;
                path = step.GetPath();
                list.RemoveAt(index);
                if (kind == MutationKind.WrapStep)
                {
                    list.Insert(index, new JsonArray(step));
                    return "wrap the step in a list";
                }

                switch (_random.Next(4))
                {
                    case 0:
                        list.Insert(index, JsonValue.Create(method));
                        return $"step to the string '{method}'";
                    case 1:
                        list.Insert(index, new JsonObject());
                        return "step to {}";
                    case 2:
                        list.Insert(index, null);
                        return "step to null";
                    default:
                        step[method == "answer" ? "hangup" : "answer"] = new JsonObject();
                        list.Insert(index, step);
                        return "a second method key in the step";
                }
            }

            case MutationKind.DeleteSections:
                document.Remove("sections");
                return "delete sections";

            case MutationKind.DeleteMain:
                if (document["sections"] is not JsonObject sections || !sections.ContainsKey("main"))
                {
                    return null;
                }

                path = "$.sections";
                sections.Remove("main");
                return "delete main";

            case MutationKind.BreakSection:
            {
                if (document["sections"] is not JsonObject all || all.Count == 0)
                {
                    return null;
                }

                var name = Pick(all.Select(p => p.Key).ToArray());
                JsonNode? replacement = _random.Next(3) switch
                {
                    0 => new JsonObject { ["answer"] = new JsonObject() },
                    1 => JsonValue.Create("answer"),
                    _ => null,
                };
                path = $"$.sections.{name}";
                all[name] = replacement;
                return $"section '{name}' to {YamlJson.Write(replacement)}";
            }

            case MutationKind.AddTopLevelKey:
            {
                var key = Pick(new[] { "extra", "Sections", "main", "meta", "versions" });
                document[key] = new JsonObject();
                return $"add top-level '{key}': {{}}";
            }

            case MutationKind.ChangeVersion:
            {
                var candidates = new JsonNode?[] { JsonValue.Create("1.0.1"), JsonValue.Create("2.0.0"), JsonValue.Create("1.0"), JsonValue.Create(1), JsonValue.Create(1.5), null, JsonValue.Create(string.Empty), JsonValue.Create(" 1.0.0") };
                var replacement = Pick(candidates);
                var before = document.ContainsKey("version") ? Short(document["version"]) : "absent";
                path = "$.version";
                document["version"] = replacement;
                return $"version {before} to {YamlJson.Write(replacement)}";
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>A value the described schema rejects: a wrong type, a near-miss string or a number out of range.</summary>
    private ValueFacts Describe(string owner, string property)
    {
        if (!_described.TryGetValue((owner, property), out var facts))
        {
            facts = _facts.DescribeValues(_facts.Properties[owner][property]);
            _described.Add((owner, property), facts);
        }

        return facts;
    }

    private (JsonNode? Node, string Why)? InvalidValue(ValueFacts facts, bool lengthOrPatternOnly = false)
    {
        if (facts.Types.Contains("any"))
        {
            return null;
        }

        var options = new List<(JsonNode? Node, string Why)>();
        if (lengthOrPatternOnly)
        {
            AddLengthAndPatternBreaks(facts, options);
            return options.Count == 0 ? null : Pick(options);
        }

        foreach (var candidate in TypeChanges())
        {
            var type = Category(candidate);
            var allowed = type switch
            {
                "number" when candidate is JsonValue v && v.TryGetValue<int>(out _) => facts.Types.Contains("integer") || facts.Types.Contains("number"),
                "number" => facts.Types.Contains("number"),
                "string" => facts.Types.Contains("string") && facts.AnyString,
                _ => facts.Types.Contains(type),
            };
            if (!allowed)
            {
                options.Add((candidate, "wrong type"));
            }
        }

        if (!facts.AnyString && facts.Strings.Count > 0)
        {
            var near = NearMiss(Pick(facts.Strings.OrderBy(v => v, StringComparer.Ordinal).ToArray()), facts.Strings);
            options.Add((JsonValue.Create(near), "not one of the allowed strings"));
        }

        foreach (var bounds in facts.Ranges)
        {
            var step = bounds.Integer ? 1 : 0.5;
            if (bounds.Minimum is { } min)
            {
                options.Add((bounds.Integer ? JsonValue.Create((long)(min - step)) : JsonValue.Create(min - step), $"below minimum {min}"));
            }

            if (bounds.Maximum is { } max)
            {
                options.Add((bounds.Integer ? JsonValue.Create((long)(max + step)) : JsonValue.Create(max + step), $"above maximum {max}"));
            }
        }

        AddLengthAndPatternBreaks(facts, options);
        return options.Count == 0 ? null : Pick(options);
    }

    private static void AddLengthAndPatternBreaks(ValueFacts facts, List<(JsonNode? Node, string Why)> options)
    {
        foreach (var pattern in facts.Patterns)
        {
            var regex = new System.Text.RegularExpressions.Regex(pattern);
            foreach (var text in new[] { "text", "next", "say:" }.Where(t => !regex.IsMatch(t)))
            {
                options.Add((JsonValue.Create(text), $"does not match {pattern}"));
            }
        }

        foreach (var (keyword, limit) in facts.Limits)
        {
            switch (keyword)
            {
                case "minLength" when limit > 0:
                    options.Add((JsonValue.Create(string.Empty), $"shorter than minLength {limit}"));
                    break;
                case "minItems" when limit > 0:
                    options.Add((new JsonArray(), $"fewer than minItems {limit}"));
                    break;
                case "maxItems":
                    options.Add((new JsonArray(Enumerable.Range(0, limit + 1).Select(_ => (JsonNode?)JsonValue.Create("en-US")).ToArray()), $"more than maxItems {limit}"));
                    break;
                case "minProperties" when limit > 0:
                    options.Add((new JsonObject(), $"fewer than minProperties {limit}"));
                    break;
            }
        }
    }

    private static IEnumerable<JsonNode?> TypeChanges()
    {
        yield return JsonValue.Create("text");
        yield return JsonValue.Create(7);
        yield return JsonValue.Create(2.5);
        yield return JsonValue.Create(true);
        yield return new JsonObject();
        yield return new JsonObject { ["a"] = 1 };
        yield return new JsonArray();
        yield return new JsonArray(JsonValue.Create("text"));
        yield return null;
    }

    private static string Category(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => node.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
            var other => other.ToString(),
        },
    };

    private static string Short(JsonNode? node)
    {
        var text = YamlJson.Write(node);
        return text.Length <= 40 ? text : text.Substring(0, 37) + "...";
    }

    private static string Suffix(JsonNode parent, JsonNode? node) => parent switch
    {
        JsonArray array => $"[{IndexIn(array, node)}]",
        JsonObject obj => "." + obj.First(p => ReferenceEquals(p.Value, node)).Key,
        _ => string.Empty,
    };

    private static int IndexIn(JsonArray array, JsonNode? node)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (ReferenceEquals(array[i], node))
            {
                return i;
            }
        }

        return -1;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Typo(string text, Func<string, bool> acceptable)
    {
        if (text.Length == 0)
        {
            return "x";
        }

        for (var attempt = 0; attempt < 20; attempt++)
        {
            var i = _random.Next(text.Length);
            var candidate = _random.Next(5) switch
            {
                0 when text.Length >= 2 => Swap(text, Math.Min(i, text.Length - 2)),
                1 when text.Length >= 2 => text.Remove(i, 1),
                2 => text.Insert(i, text[i].ToString()),
                3 when text.Contains('_') => text.Replace('_', '-'),
                3 => char.ToUpperInvariant(text[0]) + text.Substring(1),
                _ => text.Insert(i, ((char)('a' + _random.Next(26))).ToString()),
            };
            if (candidate != text && candidate.Length > 0 && acceptable(candidate))
            {
                return candidate;
            }
        }

        return text + "_x";
    }

    private string NearMiss(string text, HashSet<string> allowed)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var candidate = _random.Next(4) switch
            {
                0 => text.ToUpperInvariant() == text ? text.ToLowerInvariant() : text.ToUpperInvariant(),
                1 => text + "s",
                2 when text.Length >= 2 => text.Substring(0, text.Length - 1),
                _ => Typo(text, _ => true),
            };
            if (!allowed.Contains(candidate))
            {
                return candidate;
            }
        }

        return text + "_x";
    }

    private static string Swap(string text, int i) =>
        text.Substring(0, i) + text[i + 1] + text[i] + text.Substring(i + 2);

    /// <summary>Rewrites an object's properties in place, keeping their order.</summary>
    private static void Rebuild(JsonObject obj, Func<string, JsonNode?, IEnumerable<(string Key, JsonNode? Value)>> map)
    {
        var properties = obj.ToArray();
        obj.Clear();
        foreach (var (key, value) in properties)
        {
            foreach (var (newKey, newValue) in map(key, value))
            {
                obj[newKey] = newValue;
            }
        }
    }

    /// <summary>The parts of a document that mutations aim at: its steps and everything inside them.</summary>
    private sealed class Walk
    {
        private readonly SchemaFacts _facts;
        private readonly Dictionary<JsonNode, string> _owners = new(ReferenceEqualityComparer.Instance);

        public Walk(SchemaFacts facts) => _facts = facts;

        /// <summary>Objects inside steps (the steps themselves included), with the property name that holds them.</summary>
        public List<(JsonObject Node, string Owner, bool IsStep, bool IsArguments)> Objects { get; } = new();

        public List<(JsonObject Node, string Owner)> Steps { get; } = new();

        /// <summary>Every value inside a step below its method key, with a way to replace it.</summary>
        public List<(JsonNode? Node, JsonNode Parent, Action<JsonNode?> Replace)> Values { get; } = new();

        public void Run(JsonObject document)
        {
            if (document["sections"] is not JsonObject sections)
            {
                return;
            }

            foreach (var (name, body) in sections)
            {
                if (body is JsonArray steps)
                {
                    VisitList(steps, name, inStep: false);
                }
            }
        }

        /// <summary>The property name a value sits under (for a list item, the list's name).</summary>
        public string? OwnerOf(JsonNode parent, JsonNode? node) =>
            parent switch
            {
                JsonObject obj => obj.FirstOrDefault(p => ReferenceEquals(p.Value, node)).Key,
                JsonArray => _owners.TryGetValue(parent, out var owner) ? owner : null,
                _ => null,
            };

        /// <summary>The property name an object sits under (for a list item, the list's name).</summary>
        public string? OwnerName(JsonObject obj) => Objects.FirstOrDefault(o => ReferenceEquals(o.Node, obj)).Owner;

        private bool IsStep(JsonNode? node, JsonNode parent) =>
            parent is JsonArray && node is JsonObject { Count: 1 } obj && _facts.MethodNames.Contains(obj.First().Key);

        private void VisitList(JsonArray list, string owner, bool inStep)
        {
            _owners[list] = owner;
            for (var i = 0; i < list.Count; i++)
            {
                var index = i;
                var item = list[i];
                if (IsStep(item, list))
                {
                    VisitStep((JsonObject)item!, owner);
                    continue;
                }

                if (inStep)
                {
                    Values.Add((item, list, replacement => list[index] = replacement));
                    Visit(item, owner, inStep: true, isArguments: false);
                }
            }
        }

        private void VisitStep(JsonObject step, string owner)
        {
            Steps.Add((step, owner));
            Objects.Add((step, owner, IsStep: true, IsArguments: false));
            var (method, arguments) = step.First();
            Values.Add((arguments, step, replacement => step[method] = replacement));
            Visit(arguments, method, inStep: true, isArguments: true);
        }

        private void Visit(JsonNode? node, string owner, bool inStep, bool isArguments)
        {
            switch (node)
            {
                case JsonObject obj:
                    Objects.Add((obj, owner, IsStep: false, IsArguments: isArguments));
                    foreach (var (key, value) in obj.ToArray())
                    {
                        Values.Add((value, obj, replacement => obj[key] = replacement));
                        Visit(value, key, inStep, isArguments: false);
                    }

                    break;
                case JsonArray array:
                    VisitList(array, owner, inStep);
                    break;
            }
        }
    }
}

using System.Text.Json.Nodes;
using Jint;
using Jint.Native.Json;
using Swml.Runtime.Expressions;
using Swml.Runtime.Values;

namespace Swml.Runtime.Tests;

/// <summary>
/// Variables reach JavaScript as JSON.parse of their JSON text would make them: the reference here
/// is exactly that (Jint's JSON parser over the node's text), compared by a description that tells
/// integers from doubles, -0 from 0, key order, prototypes and property attributes apart.
/// </summary>
public sealed class ScriptValueShapeTests
{
    private const string Describe = """
        (function d(x) {
          if (x === null) return 'null';
          if (Array.isArray(x)) return '[' + x.map(d).join(',') + ']' + (Object.getPrototypeOf(x) === Array.prototype);
          if (typeof x === 'object') return '{' + Object.getOwnPropertyNames(x).map(k => JSON.stringify(k) + ':' + d(x[k])
            + (p => p.writable && p.enumerable && p.configurable)(Object.getOwnPropertyDescriptor(x, k))).join(',') + '}'
            + (Object.getPrototypeOf(x) === Object.prototype);
          if (typeof x === 'number') return (Object.is(x, -0) ? '-0' : String(x)) + (Number.isInteger(x) ? 'i' : 'd');
          return typeof x + ':' + JSON.stringify(x);
        })
        """;

    [Theory]
    [InlineData("""{"a": {"b": [1, {"c": null}], "d": []}, "e": {}}""")]
    [InlineData("""[1, "two", true, false, null, [], {}, [[]]]""")]
    [InlineData("""{"b": 1, "2": 2, "1": 3, "__proto__": {"x": 1}, "": 0, "constructor": 5}""")]
    [InlineData("9007199254740993")]
    [InlineData("12345678901234567890")]
    [InlineData("-123456789012345678901234567890")]
    [InlineData("0.1")]
    [InlineData("1.5e-7")]
    [InlineData("2.5000000000000001")]
    [InlineData("-0")]
    [InlineData("1e400")]
    [InlineData("-1e-400")]
    [InlineData("\"h\\u00e9llo \\\"q\\\" \\n \\u0001 \\ud83d\\ude00\"")]
    [InlineData("true")]
    [InlineData("null")]
    public void AParsedValueHasTheShapeJsonParseGives(string json)
    {
        AssertShapeAsJsonParse(JsonNode.Parse(json));
    }

    [Theory]
    [InlineData("long")]
    [InlineData("int")]
    [InlineData("double")]
    [InlineData("float")]
    [InlineData("decimal")]
    [InlineData("ulong")]
    [InlineData("byte")]
    [InlineData("char")]
    [InlineData("string")]
    [InlineData("bool")]
    [InlineData("nested")]
    public void AValueBuiltInCodeHasTheShapeJsonParseGives(string kind)
    {
        JsonNode? node = kind switch
        {
            "long" => JsonValue.Create(9_007_199_254_740_993L),
            "int" => JsonValue.Create(-42),
            "double" => JsonValue.Create(0.1 + 0.2),
            "float" => JsonValue.Create(0.1f),
            "decimal" => JsonValue.Create(12.345678901234567890123m),
            "ulong" => JsonValue.Create(ulong.MaxValue),
            "byte" => JsonValue.Create((byte)7),
            "char" => JsonValue.Create('c'),
            "string" => JsonValue.Create("plain"),
            "bool" => JsonValue.Create(true),
            "nested" => new JsonObject { ["n"] = 1L, ["list"] = new JsonArray(1.5, null, "s", new JsonObject()) },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        AssertShapeAsJsonParse(node);
    }

    private static void AssertShapeAsJsonParse(JsonNode? node)
    {
        var expected = ViaJsonText(node);

        // Bound with a new engine, as a run starts.
        var store = new VariableStore(vars: new JsonObject { ["v"] = node?.DeepClone() });
        var scripts = new ScriptEvaluator(store);
        Assert.Equal(expected, scripts.EvaluateText(PreparedExpression.Get(Describe + "(v)")));

        // Set later, so bound as a change. (Describe reads x[k], which counts as a possible
        // change and drops its engine: "0" makes the engine the change is then bound into.)
        scripts.EvaluateText(PreparedExpression.Get("0"));
        store.Set("w", node);
        Assert.Equal(expected, scripts.EvaluateText(PreparedExpression.Get(Describe + "(w)")));
        Assert.Equal(2, scripts.EnginesCreated);
    }

    private static string ViaJsonText(JsonNode? node)
    {
        var engine = new Engine();
        engine.SetValue("v", new JsonParser(engine).Parse(node?.ToJsonString() ?? "null"));
        return engine.Evaluate(Describe + "(v)").AsString();
    }
}

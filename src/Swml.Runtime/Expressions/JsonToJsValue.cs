using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;

namespace Swml.Runtime.Expressions;

/// <summary>
/// Turns variable values (System.Text.Json nodes) into Jint values without going through JSON
/// text, giving what <c>JSON.parse</c> of their JSON text gives: plain objects in the same key
/// order, arrays, strings, booleans, null, and every number a JavaScript number.
/// </summary>
internal static class JsonToJsValue
{
    public static JsValue Convert(Engine engine, JsonNode? node) => node switch
    {
        null => JsValue.Null,
        JsonObject obj => Object(engine, obj),
        JsonArray array => Array(engine, array),
        _ => Scalar(engine, node.AsValue()),
    };

    public static JsObject Object(Engine engine, JsonObject obj)
    {
        if (obj.Count == 0)
        {
            return new JsObject(engine);
        }

        // Built in one go from entries: like JSON.parse, a "__proto__" key is an own property and
        // integer-like keys come first; objects of the same keys share one layout in Jint.
        var entries = ArrayPool<KeyValuePair<string, JsValue>>.Shared.Rent(obj.Count);
        try
        {
            var count = 0;
            foreach (var (key, value) in obj)
            {
                entries[count++] = new KeyValuePair<string, JsValue>(key, Convert(engine, value));
            }

            return JsObject.CreateFromEntries(engine, new ReadOnlySpan<KeyValuePair<string, JsValue>>(entries, 0, count));
        }
        finally
        {
            ArrayPool<KeyValuePair<string, JsValue>>.Shared.Return(entries, clearArray: true);
        }
    }

    private static JsArray Array(Engine engine, JsonArray array)
    {
        var items = new JsValue[array.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Convert(engine, array[i]);
        }

        return new JsArray(engine, items);
    }

    private static JsValue Scalar(Engine engine, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String when value.TryGetValue<string>(out var text):
                return JsString.Create(text);
            case JsonValueKind.True:
                return JsBoolean.True;
            case JsonValueKind.False:
                return JsBoolean.False;
            case JsonValueKind.Number:
                return JsNumber.Create(Number(value));
            case JsonValueKind.Null:
                return JsValue.Null;
            default:
                // A value built in C# from a type with no direct reading (a char, a date...): its JSON text says what it is.
                return new JsonParser(engine).Parse(value.ToJsonString());
        }
    }

    /// <summary>The double JSON.parse makes of the number: a parsed node reads its text, one built in C# keeps its CLR type.</summary>
    private static double Number(JsonValue value)
    {
        if (value.TryGetValue<double>(out var number))
        {
            return number;
        }

        if (value.TryGetValue<long>(out var integer))
        {
            return integer;
        }

        if (value.TryGetValue<int>(out var small))
        {
            return small;
        }

        // decimal, float and the rest: their JSON text, read as JavaScript reads it (a float 0.1 is 0.1, not 0.100000001...).
        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}

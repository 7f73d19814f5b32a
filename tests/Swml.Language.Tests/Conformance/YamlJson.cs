using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Swml.Language.Tests.Conformance;

/// <summary>
/// Reads a SWML document (YAML or JSON) into a JSON tree, typing YAML scalars the way the SWML
/// parser does: by the YAML 1.2 core schema. A plain <c>5</c> is a number, <c>'5'</c> or <c>!!str 5</c>
/// a string, plain <c>true</c> a boolean, plain <c>~</c>, <c>null</c> or nothing null. Quoted and
/// block scalars are always strings. (YamlDotNet's own deserializer would use YAML 1.1 rules, in
/// which <c>yes</c> and <c>on</c> are booleans.)
/// </summary>
public static class YamlJson
{
    private const string StringTag = "tag:yaml.org,2002:str";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonNode? Read(string text, string fileName)
    {
        if (fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return JsonNode.Parse(text);
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count != 1)
        {
            throw new InvalidDataException($"{fileName}: expected one YAML document, found {stream.Documents.Count}");
        }

        return Convert(stream.Documents[0].RootNode);
    }

    public static string Write(JsonNode? node) => node is null ? "null" : node.ToJsonString(Compact);

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new InvalidDataException($"{key.Start}: a mapping key that is not a scalar has no JSON form");
                    }

                    obj.Add(name, Convert(value)); // throws on a duplicate key, as it should
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new InvalidDataException($"{node.Start}: unexpected node {node.NodeType}");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        var explicitString = !scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == StringTag;
        if (scalar.Style != ScalarStyle.Plain || explicitString)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                throw new InvalidDataException($"{scalar.Start}: {value} has no JSON form");
        }

        if (value.Length > 2 && value[0] == '0' && value[1] is 'x' or 'o' && value.Skip(2).All(c => value[1] == 'x' ? Uri.IsHexDigit(c) : c is >= '0' and <= '7'))
        {
            var number = value[1] == 'x'
                ? BigInteger.Parse("0" + value.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : value.Skip(2).Aggregate(BigInteger.Zero, (n, c) => (n * 8) + (c - '0'));
            return JsonNode.Parse(number.ToString(CultureInfo.InvariantCulture));
        }

        var digits = value[0] is '-' or '+' ? value.Substring(1) : value;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            return JsonNode.Parse(BigInteger.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        if (IsCoreFloat(digits) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }

    /// <summary>YAML 1.2 core float, sign removed: <c>(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?</c>.</summary>
    private static bool IsCoreFloat(string s)
    {
        var i = 0;
        var mantissa = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            mantissa++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                mantissa++;
            }
        }

        if (mantissa == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            var exponent = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                exponent++;
            }

            if (exponent == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }
}

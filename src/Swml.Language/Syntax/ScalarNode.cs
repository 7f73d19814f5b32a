using System.Globalization;
using Swml.Language.Text;

namespace Swml.Language.Syntax;

/// <summary>The type a scalar resolves to under the YAML 1.2 core schema (which JSON is a subset of).</summary>
public enum ScalarType
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

public enum ScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

public sealed class ScalarNode : SyntaxNode
{
    internal ScalarNode(SourceSpan span, string value, ScalarStyle style, ScalarType type)
        : base(span)
    {
        Value = value;
        Style = style;
        Type = type;
    }

    public override SyntaxKind Kind => SyntaxKind.Scalar;

    /// <summary>The scalar's text after YAML unescaping and folding.</summary>
    public string Value { get; }

    public ScalarStyle Style { get; }

    public ScalarType Type { get; }

    public bool IsNull => Type == ScalarType.Null;

    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (Type != ScalarType.Integer)
        {
            return false;
        }

        var text = Value.Replace("_", string.Empty);
        var negative = text.StartsWith("-", StringComparison.Ordinal);
        var digits = text.TrimStart('+', '-');
        try
        {
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                value = Convert.ToInt64(digits.Substring(2), 16);
            }
            else if (digits.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
            {
                value = Convert.ToInt64(digits.Substring(2), 8);
            }
            else
            {
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    public bool TryGetDouble(out double value)
    {
        value = 0;
        switch (Type)
        {
            case ScalarType.Integer:
                if (TryGetInt64(out var integer))
                {
                    value = integer;
                    return true;
                }

                return double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            case ScalarType.Float:
                var text = Value.ToLowerInvariant();
                if (text.EndsWith(".inf", StringComparison.Ordinal))
                {
                    value = text.StartsWith("-", StringComparison.Ordinal) ? double.NegativeInfinity : double.PositiveInfinity;
                    return true;
                }

                if (text == ".nan")
                {
                    value = double.NaN;
                    return true;
                }

                return double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                return false;
        }
    }

    public bool TryGetBoolean(out bool value)
    {
        value = Type == ScalarType.Boolean && string.Equals(Value, "true", StringComparison.OrdinalIgnoreCase);
        return Type == ScalarType.Boolean;
    }

    public override string Describe() => Type switch
    {
        ScalarType.Null => "null",
        ScalarType.Boolean => $"the boolean {Value}",
        ScalarType.Integer => $"the integer {Value}",
        ScalarType.Float => $"the number {Value}",
        _ => Value.Length <= 40 ? $"the string '{Value}'" : "a string",
    };

    public override string ToString() => Value;

    /// <summary>Resolves a plain scalar's type by the YAML 1.2 core schema; quoted and block scalars are strings.</summary>
    internal static ScalarType Resolve(string value, ScalarStyle style, bool explicitString)
    {
        if (style != ScalarStyle.Plain || explicitString)
        {
            return ScalarType.String;
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return ScalarType.Null;
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
                return ScalarType.Boolean;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF"
                or ".nan" or ".NaN" or ".NAN":
                return ScalarType.Float;
        }

        return ScalarPatterns.Resolve(value);
    }
}

internal static class ScalarPatterns
{
    public static ScalarType Resolve(string value)
    {
        var c = value[0];
        if (!(char.IsDigit(c) || c is '-' or '+' or '.'))
        {
            return ScalarType.String;
        }

        if (IsInteger(value))
        {
            return ScalarType.Integer;
        }

        return IsFloat(value) ? ScalarType.Float : ScalarType.String;
    }

    private static bool IsInteger(string s)
    {
        if (s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o'))
        {
            var hex = s[1] == 'x';
            for (var i = 2; i < s.Length; i++)
            {
                var c = s[i];
                var ok = hex ? Uri.IsHexDigit(c) : c is >= '0' and <= '7';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        var start = s[0] is '-' or '+' ? 1 : 0;
        if (start == s.Length)
        {
            return false;
        }

        for (var i = start; i < s.Length; i++)
        {
            if (s[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    private static bool IsFloat(string s)
    {
        var i = 0;
        if (s[i] is '-' or '+')
        {
            i++;
        }

        var intDigits = CountDigits(s, ref i);
        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            fracDigits = CountDigits(s, ref i);
        }

        if (intDigits == 0 && fracDigits == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '-' or '+')
            {
                i++;
            }

            if (CountDigits(s, ref i) == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static int CountDigits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is >= '0' and <= '9')
        {
            i++;
        }

        return i - start;
    }
}

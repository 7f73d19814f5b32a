using System.Collections.Concurrent;
using System.Globalization;
using Swml.Language.Catalog;

namespace Swml.Language.Lowering;

/// <summary>
/// The catalog's documented defaults as values: what a step runs with when it leaves a parameter
/// out. The catalog writes them as SWML text; each is read by its parameter's shape, once.
/// </summary>
public static class ParameterDefaults
{
    private static readonly ConcurrentDictionary<ParameterDefinition, LoweredValue?> Cache = new();

    /// <summary>
    /// The value of a parameter a step leaves out: its default, behind the variable that stands in
    /// for it first (<see cref="ParameterDefinition.DefaultVariable"/>); null when it has none.
    /// </summary>
    public static LoweredValue? Of(ParameterDefinition parameter) => Cache.GetOrAdd(parameter, static p =>
    {
        if (LiteralOf(p) is not { } literal)
        {
            return null;
        }

        return p.DefaultVariable is { } variable ? new Coalesce(new TextValue(Template.Variable(variable)), literal) : literal;
    });

    /// <summary>The documented default alone, without a variable that stands in for it; null when it has none.</summary>
    public static LoweredValue? LiteralOf(ParameterDefinition parameter) =>
        parameter.DefaultValue is null ? null : Literal(parameter.DefaultValue, parameter.Shape);

    /// <summary>
    /// A default written as SWML text, read as a value of <paramref name="shape"/>: its type, an
    /// enumeration's values and a number's range are checked, null when they do not hold. String
    /// formats (URLs, patterns) are not: the catalog's tests hold every default to its whole shape.
    /// </summary>
    public static LoweredValue? Literal(string text, ValueShape shape) => shape switch
    {
        BooleanShape => text switch
        {
            "true" => new BoolValue(true),
            "false" => new BoolValue(false),
            _ => null,
        },
        IntegerShape integer => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) &&
                                (integer.Minimum is null || value >= integer.Minimum) && (integer.Maximum is null || value <= integer.Maximum)
            ? new IntegerValue(value)
            : null,
        NumberShape number => Number(text) is { } value && (number.Minimum is null || value >= number.Minimum) && (number.Maximum is null || value <= number.Maximum)
            ? long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? new IntegerValue(whole) : new NumberValue(value)
            : null,
        StringShape strings => strings.Values is null || strings.Values.Contains(text, strings.IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
            ? new TextValue(Template.Literal(text))
            : null,
        ArrayShape array => List(text, array.Items),
        UnionShape union => union.Alternatives.Select(a => Literal(text, a)).FirstOrDefault(v => v is not null),
        _ => null,
    };

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsNaN(value) && !double.IsInfinity(value)
            ? value
            : null;

    /// <summary>A flow list, <c>[a, b]</c>, of plain items.</summary>
    private static LoweredValue? List(string text, ValueShape items)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '[' || trimmed[trimmed.Length - 1] != ']')
        {
            return null;
        }

        var inner = trimmed.Substring(1, trimmed.Length - 2).Trim();
        var values = inner.Length == 0
            ? new List<LoweredValue?>()
            : inner.Split(',').Select(item => Literal(item.Trim(), items)).ToList();
        return values.Any(v => v is null) ? null : new ArrayValue(values.Select(v => v!).ToValueList());
    }
}

using System.Text.RegularExpressions;
using Swml.Language.Binding;
using Swml.Language.Catalog;
using Swml.Language.Lowering;

namespace Swml.Language.Tests.Catalog;

/// <summary>
/// What a catalog default must be now that the lowering hands it to the step's handler: the value
/// itself, never words about it. Closed shapes (booleans, numbers, enums, patterns, URLs, lists)
/// reject words on their own, so a default must be a value the shape accepts. Free text accepts
/// anything, so there the rule is that a default is a token: free-text values are names, codes and
/// ids (Polly.Salli, en-US, deepgram:nova-3, #), while a description needs several words ("the
/// caller's number") or is a word for absence ("none"). Prose that is the value (a prompt the
/// model reads) is allowed only when a person has vouched for it.
/// </summary>
internal static class DefaultValueRules
{
    // Words that stand for "no value" or "no limit": a default that says so should be no default.
    private static readonly HashSet<string> AbsenceWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "none", "null", "nil", "unset", "empty", "undefined", "n/a", "unlimited", "infinite", "forever", "default",
    };

    private static readonly Regex WhiteSpace = new(@"\s", RegexOptions.CultureInvariant);

    /// <param name="vouchedProse">Free-text defaults with white space that are known to be values.</param>
    public static IEnumerable<string> Problems(string path, ParameterDefinition parameter, IReadOnlySet<string> vouchedProse)
    {
        if (parameter.DefaultValue is not { } text)
        {
            yield break;
        }

        if (parameter.IsRequired)
        {
            yield return $"{path}: is required, so its default '{text}' is never used";
        }

        if (ParameterDefaults.Literal(text, parameter.Shape) is not { } value)
        {
            yield return $"{path}: the default '{text}' is not {parameter.Shape.Description}";
            yield break;
        }

        if (!Fits(value, parameter.Shape))
        {
            yield return $"{path}: the default '{text}' is read, but is not {parameter.Shape.Description}";
        }

        if (value is TextValue && IsFreeText(parameter.Shape))
        {
            if (AbsenceWords.Contains(text.Trim()))
            {
                yield return $"{path}: the default '{text}' says there is no value; leave the default out";
            }
            else if (WhiteSpace.IsMatch(text) && !vouchedProse.Contains(text))
            {
                yield return $"{path}: the default '{text}' reads like a description; write the value, or vouch for it";
            }
        }
    }

    /// <summary>Whether a value meets every rule of a shape: kind, enum, range, pattern, URL form, list length.</summary>
    public static bool Fits(LoweredValue value, ValueShape shape) => (value, shape) switch
    {
        (_, UnionShape union) => union.Alternatives.Any(a => Fits(value, a)),
        (BoolValue, BooleanShape) => true,
        (IntegerValue i, IntegerShape range) => (range.Minimum is null || i.Value >= range.Minimum) && (range.Maximum is null || i.Value <= range.Maximum),
        (IntegerValue i, NumberShape range) => InRange(i.Value, range),
        (NumberValue n, NumberShape range) => InRange(n.Value, range),
        (TextValue t, StringShape strings) => t.Template.IsLiteral && FitsString(t.Template.LiteralText, strings),
        (ArrayValue a, ArrayShape list) => a.Items.Count >= list.MinItems && (list.MaxItems is null || a.Items.Count <= list.MaxItems) && a.Items.All(item => Fits(item, list.Items)),
        _ => false,
    };

    private static bool InRange(double value, NumberShape range) =>
        (range.Minimum is null || value >= range.Minimum) && (range.Maximum is null || value <= range.Maximum);

    private static bool FitsString(string text, StringShape shape)
    {
        var comparison = shape.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return (shape.Values is null || shape.Values.Any(v => string.Equals(v, text, comparison)))
            && (!shape.NonEmpty || text.Trim().Length > 0)
            && (shape.Pattern is null || shape.Pattern.IsMatch(text))
            && shape.Format switch
            {
                StringFormat.HttpUrl => StringFormats.CheckHttpUrl(text),
                StringFormat.SipUri => StringFormats.CheckSipUri(text) is null,
                StringFormat.PlayUrl => StringFormats.CheckPlayUrl(text),
                StringFormat.Uri => StringFormats.CheckUri(text, shape.Schemes ?? Array.Empty<string>()) is null,
                _ => true,
            };
    }

    /// <summary>A string the shape takes whatever it says: no enum, no pattern, no URL form. Within a union, any such alternative.</summary>
    private static bool IsFreeText(ValueShape shape) => shape switch
    {
        StringShape s => s.Values is null && s.Pattern is null && s.Format == StringFormat.None,
        UnionShape union => union.Alternatives.Any(IsFreeText),
        _ => false,
    };
}

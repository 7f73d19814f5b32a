using System.Text.RegularExpressions;

namespace Swml.Language.Catalog;

/// <summary>
/// What a parameter's value may be. Shapes are immutable and shared; the validator walks a
/// document's nodes against them. Numbers and booleans also accept a string that is exactly one
/// <c>${...}</c> (the schema's SWMLVar), since its value is only known at run time.
/// </summary>
public abstract class ValueShape
{
    /// <summary>How a message names the expected value: "a string", "an integer from 1 to 100"...</summary>
    public abstract string Description { get; }

    public override string ToString() => Description;
}

/// <summary>How the <c>${...}</c> in a string are read.</summary>
public enum ExpressionContext
{
    /// <summary>Whatever the enclosing value uses (a SWML template, unless inside an AI method).</summary>
    Inherit,

    /// <summary>Text with <c>${...}</c> interpolations resolved against the document's variables.</summary>
    Template,

    /// <summary>The whole string is a JavaScript expression (<c>cond[].when</c>, <c>goto.when</c>).</summary>
    JavaScript,

    /// <summary>The whole string names a variable that is read (<c>switch.variable</c>).</summary>
    VariableName,

    /// <summary>The whole string names a variable that is changed (<c>unset</c>).</summary>
    VariableTarget,

    /// <summary>Text evaluated by the AI engine, whose own variables (args, global_data...) SWML cannot see.</summary>
    AiTemplate,
}

public enum StringFormat
{
    None,

    /// <summary>An absolute http:// or https:// URL (user:password@ allowed).</summary>
    HttpUrl,

    /// <summary>A sip:, sips: or tel: URI.</summary>
    SipUri,

    /// <summary>What play accepts: http(s)://, say:, silence:, ring:.</summary>
    PlayUrl,

    /// <summary>An absolute URI with one of <see cref="StringShape.Schemes"/>.</summary>
    Uri,
}

public sealed class StringShape : ValueShape
{
    public StringFormat Format { get; init; }

    /// <summary>Allowed URI schemes for <see cref="StringFormat.Uri"/>, lower case, without ':'.</summary>
    public IReadOnlyList<string>? Schemes { get; init; }

    /// <summary>The only values allowed (an enumeration), or null for any string.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    public bool IgnoreCase { get; init; }

    /// <summary>A pattern the whole value must match, with its description for messages.</summary>
    public Regex? Pattern { get; init; }

    public string? PatternDescription { get; init; }

    public bool NonEmpty { get; init; }

    public ExpressionContext Context { get; init; }

    public override string Description => Format switch
    {
        StringFormat.HttpUrl => "an http(s) URL",
        StringFormat.SipUri => "a sip:, sips: or tel: URI",
        StringFormat.PlayUrl => "a play URL",
        StringFormat.Uri => $"a {string.Join(", ", Schemes ?? Array.Empty<string>())} URI",
        _ when Values is { Count: 1 } => $"'{Values[0]}'",
        _ when Values is not null => "one of " + string.Join(", ", Values.Select(v => $"'{v}'")),
        _ => "a string",
    };
}

public sealed class IntegerShape : ValueShape
{
    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    public override string Description => "an integer" + RangeText.Describe(Minimum, Maximum);
}

public sealed class NumberShape : ValueShape
{
    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public override string Description => "a number" + RangeText.Describe(Minimum, Maximum);
}

public sealed class BooleanShape : ValueShape
{
    public override string Description => "true or false";
}

/// <summary>Any value at all (<c>return</c>, <c>set</c> values, free-form data).</summary>
public sealed class AnyShape : ValueShape
{
    public override string Description => "any value";
}

public enum PropertyGroupKind
{
    /// <summary>Exactly one of the properties must be present.</summary>
    ExactlyOne,

    /// <summary>At least one of the properties must be present.</summary>
    AtLeastOne,

    /// <summary>At most one of the properties may be present.</summary>
    AtMostOne,
}

/// <summary>A rule over several properties of one object, such as play's "url or urls".</summary>
public sealed class PropertyGroup
{
    public PropertyGroup(PropertyGroupKind kind, params string[] names)
    {
        Kind = kind;
        Names = names;
    }

    public PropertyGroupKind Kind { get; }

    public IReadOnlyList<string> Names { get; }

    public string Describe()
    {
        var names = string.Join(", ", Names.Select(n => $"'{n}'"));
        return Kind switch
        {
            PropertyGroupKind.ExactlyOne => $"exactly one of {names}",
            PropertyGroupKind.AtLeastOne => $"at least one of {names}",
            _ => $"at most one of {names}",
        };
    }
}

public sealed class ObjectShape : ValueShape
{
    private readonly Dictionary<string, ParameterDefinition> _byName;

    public ObjectShape(IEnumerable<ParameterDefinition> properties, ValueShape? additionalProperties = null, IEnumerable<PropertyGroup>? groups = null)
    {
        Properties = properties.ToArray();
        AdditionalProperties = additionalProperties;
        Groups = groups?.ToArray() ?? Array.Empty<PropertyGroup>();
        _byName = new Dictionary<string, ParameterDefinition>(StringComparer.Ordinal);
        foreach (var property in Properties)
        {
            _byName.Add(property.Name, property);
        }
    }

    /// <summary>The named properties, in the order the catalog lists them.</summary>
    public IReadOnlyList<ParameterDefinition> Properties { get; }

    /// <summary>The shape of keys not in <see cref="Properties"/>; null means other keys are errors.</summary>
    public ValueShape? AdditionalProperties { get; }

    public IReadOnlyList<PropertyGroup> Groups { get; }

    public bool IsOpen => AdditionalProperties is not null;

    public ParameterDefinition? Find(string name) => _byName.TryGetValue(name, out var p) ? p : null;

    public override string Description => "a mapping";
}

public sealed class ArrayShape : ValueShape
{
    public ArrayShape(ValueShape items, int minItems = 0, int? maxItems = null)
    {
        Items = items;
        MinItems = minItems;
        MaxItems = maxItems;
    }

    public ValueShape Items { get; }

    public int MinItems { get; }

    /// <summary>The most items the list may have, or null for no limit.</summary>
    public int? MaxItems { get; }

    public override string Description => "a list";
}

/// <summary>A list of SWML steps (a section body, cond's then, switch cases, on_return...).</summary>
public sealed class StepListShape : ValueShape
{
    /// <summary>
    /// The only methods the steps may call (connect's <c>confirm</c> allows a fixed subset), or null
    /// when any method is allowed.
    /// </summary>
    public IReadOnlyList<string>? AllowedMethods { get; init; }

    public override string Description => AllowedMethods is null
        ? "a list of steps"
        : "a list of steps using only " + string.Join(", ", AllowedMethods);
}

/// <summary>
/// The entries of <c>cond</c> (and of execute's array-form <c>result</c>): <c>{when, then}</c>
/// mappings, optionally ending with one <c>{else}</c>.
/// </summary>
public sealed class CondListShape : ValueShape
{
    public override string Description => "a list of {when, then} entries with an optional final {else}";
}

/// <summary>
/// One of several shapes, told apart by the kind of node: a string or a mapping, a number or a
/// <c>${...}</c>, a string or a list. The first alternative that accepts the node's kind is used.
/// </summary>
public sealed class UnionShape : ValueShape
{
    public UnionShape(params ValueShape[] alternatives) => Alternatives = alternatives;

    public IReadOnlyList<ValueShape> Alternatives { get; }

    public override string Description =>
        string.Join(" or ", Alternatives.Select(a => a.Description).Distinct());
}

internal static class RangeText
{
    public static string Describe<T>(T? minimum, T? maximum)
        where T : struct, IFormattable =>
        (minimum, maximum) switch
        {
            ({ } min, { } max) => $" from {Format(min)} to {Format(max)}",
            ({ } min, null) => $" of at least {Format(min)}",
            (null, { } max) => $" of at most {Format(max)}",
            _ => string.Empty,
        };

    private static string Format(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}

using System.Text.RegularExpressions;

namespace Swml.Language.Catalog;

/// <summary>
/// Building blocks for the method catalog, so that each method reads like a table of parameters.
/// Used with <c>using static Swml.Language.Catalog.Shapes;</c>.
/// </summary>
public static class Shapes
{
    public static readonly StringShape Str = new();
    public static readonly StringShape NonEmptyString = new() { NonEmpty = true };
    public static readonly StringShape HttpUrl = new() { Format = StringFormat.HttpUrl };
    public static readonly StringShape SipUri = new() { Format = StringFormat.SipUri };
    public static readonly StringShape PlayUrl = new() { Format = StringFormat.PlayUrl };
    public static readonly StringShape JavaScript = new() { Context = ExpressionContext.JavaScript, NonEmpty = true };
    public static readonly StringShape VariableName = new() { Context = ExpressionContext.VariableName, NonEmpty = true };
    public static readonly StringShape VariableTarget = new() { Context = ExpressionContext.VariableTarget, NonEmpty = true };
    public static readonly BooleanShape Bool = new();
    public static readonly IntegerShape Integer = new();
    public static readonly NumberShape Number = new();
    public static readonly AnyShape Any = new();
    public static readonly StepListShape Steps = new();
    public static readonly CondListShape CondEntries = new();

    /// <summary>A mapping with any keys and values (params, meta, headers...).</summary>
    public static readonly ObjectShape OpenObject = new(Array.Empty<ParameterDefinition>(), Any);

    /// <summary>A mapping with no keys at all (<c>answer: {}</c>, <c>denoise: {}</c>).</summary>
    public static readonly ObjectShape EmptyObject = new(Array.Empty<ParameterDefinition>());

    /// <summary>A list of steps that may only call the given methods.</summary>
    public static StepListShape StepsUsing(params string[] methods) => new() { AllowedMethods = methods };

    public static StringShape Enum(params string[] values) => new() { Values = values };

    public static StringShape EnumIgnoreCase(params string[] values) => new() { Values = values, IgnoreCase = true };

    public static StringShape Uri(params string[] schemes) => new() { Format = StringFormat.Uri, Schemes = schemes };

    /// <summary>A string whose whole value matches <paramref name="pattern"/>, described for messages.</summary>
    public static StringShape Matching(string pattern, string description) =>
        new() { Pattern = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant), PatternDescription = description };

    public static IntegerShape Int(long? min = null, long? max = null) => new() { Minimum = min, Maximum = max };

    public static NumberShape Num(double? min = null, double? max = null) => new() { Minimum = min, Maximum = max };

    public static ArrayShape ListOf(ValueShape items, int minItems = 0, int? maxItems = null) => new(items, minItems, maxItems);

    public static UnionShape OneOf(params ValueShape[] alternatives) => new(alternatives);

    public static ObjectShape Object(params ParameterDefinition[] properties) => new(properties);

    public static ObjectShape Object(ParameterDefinition[] properties, params PropertyGroup[] groups) => new(properties, null, groups);

    /// <summary>An object whose known keys are checked and whose other keys may hold anything.</summary>
    public static ObjectShape OpenObjectWith(params ParameterDefinition[] properties) => new(properties, Any);

    /// <summary>A mapping from any key to values of one shape (switch's <c>case</c>).</summary>
    public static ObjectShape MapOf(ValueShape values) => new(Array.Empty<ParameterDefinition>(), values);

    public static ParameterDefinition Required(string name, ValueShape shape, string description) =>
        new(name, shape, isRequired: true, description);

    public static ParameterDefinition Optional(string name, ValueShape shape, string description, string? defaultValue = null) =>
        new(name, shape, isRequired: false, description, defaultValue);

    /// <summary>
    /// A text-to-speech option of play and prompt: a step without it reads the variable of the same
    /// name, so <c>set: {say_voice: ...}</c> applies to later steps, else the documented default.
    /// </summary>
    public static ParameterDefinition SpeechOption(string name, string description, string defaultValue) =>
        new(name, Str, isRequired: false, description, defaultValue, defaultVariable: name);

    /// <summary>An optional credential; a literal value gets SWML0501.</summary>
    public static ParameterDefinition Secret(string name, string description) =>
        new(name, Str, isRequired: false, description, isSecret: true);

    public static PropertyGroup ExactlyOne(params string[] names) => new(PropertyGroupKind.ExactlyOne, names);

    public static PropertyGroup AtLeastOne(params string[] names) => new(PropertyGroupKind.AtLeastOne, names);

    public static PropertyGroup AtMostOne(params string[] names) => new(PropertyGroupKind.AtMostOne, names);

    public static OutputVariable Output(string name, string description, params string[] values) =>
        new(name, VariableType.String, description, values.Length == 0 ? null : values);

    public static OutputVariable Output(string name, VariableType type, string description) =>
        new(name, type, description);

    /// <summary>An object variable whose members are read by path.</summary>
    public static OutputVariable OutputObject(string name, string description) =>
        new(name, VariableType.Object, description, hasChildren: true);

    /// <summary><c>return_value</c>, which several methods set to their result.</summary>
    public static OutputVariable ReturnValue(string description) => new("return_value", VariableType.Any, description);

    /// <summary>The <c>status_url</c> most methods take for their progress events.</summary>
    public static ParameterDefinition StatusUrl(string events) =>
        Optional("status_url", HttpUrl, $"An http(s) URL that receives {events} events as JSON POSTs.");
}

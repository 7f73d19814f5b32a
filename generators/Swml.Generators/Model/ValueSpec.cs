using Swml.Generators.Helpers;

namespace Swml.Generators.Model;

/// <summary>A value from the document: a literal, a text with ${...}, a mapping or a list.</summary>
internal abstract record ValueSpec;

internal sealed record NullSpec : ValueSpec
{
    public static readonly NullSpec Instance = new();
}

internal sealed record BoolSpec(bool Value) : ValueSpec;

internal sealed record IntegerSpec(long Value) : ValueSpec;

internal sealed record NumberSpec(double Value) : ValueSpec;

/// <summary>
/// A string. Parts are literal text, variable paths and JavaScript; a string that is exactly one
/// ${...} (<see cref="IsWhole"/>) keeps its value's type where a value is wanted.
/// </summary>
internal sealed record TextSpec(EquatableArray<TextPart> Parts, bool IsWhole) : ValueSpec
{
    public static TextSpec Literal(string text) =>
        new(new[] { new TextPart(TextPartKind.Literal, text, null, null, Location: null) }.ToEquatableArray(), IsWhole: false);

    public bool IsLiteral => Parts.All(p => p.Kind == TextPartKind.Literal);

    public string LiteralText => string.Concat(Parts.Select(p => p.Text));
}

internal enum TextPartKind
{
    Literal,

    /// <summary>A variable path; read through a typed property when <see cref="TextPart.Property"/> is set.</summary>
    Path,

    /// <summary>JavaScript, prepared once in a static field (<see cref="TextPart.Script"/> is its index).</summary>
    Script,
}

/// <param name="Text">The literal text, the path, or the JavaScript code.</param>
/// <param name="Property">For a path read through a typed property: the property's name.</param>
/// <param name="Script">For JavaScript: the index of its prepared expression.</param>
/// <param name="Location">Where the ${...} is in the .swml file, for #line.</param>
internal sealed record TextPart(TextPartKind Kind, string Text, string? Property, int? Script, LocationInfo? Location)
{
    public bool PropertyIsText { get; init; }
}

internal sealed record PropertySpec(string Name, ValueSpec Value);

internal sealed record ObjectSpec(EquatableArray<PropertySpec> Properties) : ValueSpec
{
    public ValueSpec? this[string name] => Properties.FirstOrDefault(p => p.Name == name)?.Value;
}

internal sealed record ArraySpec(EquatableArray<ValueSpec> Items) : ValueSpec;

namespace Swml.Language.Catalog;

/// <summary>One named parameter of a method or of a nested object.</summary>
public sealed class ParameterDefinition
{
    public ParameterDefinition(string name, ValueShape shape, bool isRequired, string description, string? defaultValue = null, bool isSecret = false, string? defaultVariable = null)
    {
        Name = name;
        Shape = shape;
        IsRequired = isRequired;
        Description = description;
        DefaultValue = defaultValue;
        IsSecret = isSecret;
        DefaultVariable = defaultVariable;
    }

    public string Name { get; }

    public ValueShape Shape { get; }

    public bool IsRequired { get; }

    /// <summary>One sentence for docs, hover text and generated XML comments.</summary>
    public string Description { get; }

    /// <summary>
    /// The documented default, as SWML text (<c>true</c>, <c>14400</c>, <c>[ended]</c>, <c>Polly.Salli</c>), when
    /// there is one. A step that leaves the parameter out runs with it: the lowering fills it in
    /// (Swml.Language.Lowering.ParameterDefaults), so it must be a valid value of <see cref="Shape"/>.
    /// </summary>
    public string? DefaultValue { get; }

    /// <summary>
    /// A variable that stands in for a parameter left out of a step, before <see cref="DefaultValue"/>:
    /// play's say_voice is read from the variable say_voice when the step has none.
    /// </summary>
    public string? DefaultVariable { get; }

    /// <summary>A credential: a literal value is warned about (SWML0501) and never logged.</summary>
    public bool IsSecret { get; }

    public override string ToString() => Name;
}

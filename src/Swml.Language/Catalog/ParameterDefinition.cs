namespace Swml.Language.Catalog;

/// <summary>One named parameter of a method or of a nested object.</summary>
public sealed class ParameterDefinition
{
    public ParameterDefinition(string name, ValueShape shape, bool isRequired, string description, string? defaultValue = null, bool isSecret = false)
    {
        Name = name;
        Shape = shape;
        IsRequired = isRequired;
        Description = description;
        DefaultValue = defaultValue;
        IsSecret = isSecret;
    }

    public string Name { get; }

    public ValueShape Shape { get; }

    public bool IsRequired { get; }

    /// <summary>One sentence for docs, hover text and generated XML comments.</summary>
    public string Description { get; }

    /// <summary>The documented default, as SWML text, when there is one.</summary>
    public string? DefaultValue { get; }

    /// <summary>A credential: a literal value is warned about (SWML0501) and never logged.</summary>
    public bool IsSecret { get; }

    public override string ToString() => Name;
}

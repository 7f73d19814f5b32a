namespace Swml.Language.Catalog;

/// <summary>The type of a variable's value, as far as the catalog knows it.</summary>
public enum VariableType
{
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Any,
}

/// <summary>A variable a method sets when it runs (<c>sip_refer_result</c>, <c>prompt_value</c>...).</summary>
public sealed class OutputVariable
{
    public OutputVariable(string name, VariableType type, string description, IReadOnlyList<string>? values = null, bool hasChildren = false)
    {
        Name = name;
        Type = type;
        Description = description;
        Values = values;
        HasChildren = hasChildren;
    }

    public string Name { get; }

    public VariableType Type { get; }

    public string Description { get; }

    /// <summary>The values it takes when they are a known set (<c>success</c>, <c>busy</c>...).</summary>
    public IReadOnlyList<string>? Values { get; }

    /// <summary>An object whose members are read by path (<c>request_response.title</c>).</summary>
    public bool HasChildren { get; }

    public override string ToString() => Name;
}

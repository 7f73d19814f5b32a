namespace Swml.Language.Catalog;

/// <summary>Which runtime features a method belongs to, which decides how the binder treats it.</summary>
public enum MethodKind
{
    /// <summary>Talks to the call or the outside world through a step handler.</summary>
    Action,

    /// <summary>Changes where execution goes or what variables hold; run by the flow engine itself.</summary>
    ControlFlow,
}

/// <summary>A SWML calling method: its argument shape, the variables it sets, how the runtime treats it.</summary>
public sealed class MethodDefinition
{
    public MethodDefinition(
        string name,
        ValueShape arguments,
        string description,
        MethodKind kind = MethodKind.Action,
        IReadOnlyList<OutputVariable>? outputs = null,
        string? scalarShorthand = null,
        bool isRunBySipRefer = false,
        bool isAiMethod = false)
    {
        Name = name;
        Arguments = arguments;
        Description = description;
        Kind = kind;
        Outputs = outputs ?? Array.Empty<OutputVariable>();
        ScalarShorthand = scalarShorthand;
        IsRunBySipRefer = isRunBySipRefer;
        IsAiMethod = isAiMethod;
    }

    public string Name { get; }

    /// <summary>The shape of the value after the method name.</summary>
    public ValueShape Arguments { get; }

    public string Description { get; }

    public MethodKind Kind { get; }

    public IReadOnlyList<OutputVariable> Outputs { get; }

    /// <summary>
    /// The parameter a scalar argument stands for (<c>goto: x</c> is <c>goto: {label: x}</c>), or null
    /// when the method has no scalar shorthand.
    /// </summary>
    public string? ScalarShorthand { get; }

    /// <summary>Whether the SipRefer runtime runs this method (SWML0503 warns otherwise).</summary>
    public bool IsRunBySipRefer { get; }

    /// <summary>AI methods hold prompts and SWAIG data maps whose <c>${...}</c> the AI engine expands.</summary>
    public bool IsAiMethod { get; }

    public override string ToString() => Name;
}

using System.Text.Json.Nodes;

namespace Swml.Runtime.Steps;

/// <summary>
/// The arguments of a step, as the step handler receives them. Methods the runtime runs have a
/// typed class (<see cref="SipReferArguments"/>...) whose properties are bound to the method's
/// parameters in the catalog; the rest travel as JSON in <see cref="JsonArguments"/>. Compiled and
/// interpreted flows build both through <see cref="Create"/>, from the same lowered value.
/// </summary>
public abstract class StepArguments
{
    /// <summary>A typed class starts with its parameters' catalog defaults; an object initializer then sets what it gives.</summary>
    protected StepArguments() => ArgumentBinding.TryFor(GetType())?.ApplyDefaults(this);

    public abstract string Method { get; }

    /// <summary>
    /// The arguments as SWML JSON, for logs, traces and handlers that want the raw form. Secrets
    /// (the catalog's passwords and tokens, a URL's user:password@) are written as "***". A class
    /// of your own that the runtime does not bind overrides it; else it is null.
    /// </summary>
    public virtual JsonNode? ToJson() => ArgumentBinding.TryFor(GetType())?.ToJson(this);

    public override string ToString() => $"{Method}: {ToJson()?.ToJsonString() ?? "{}"}";

    /// <summary>
    /// The arguments of a step of <paramref name="method"/> from its evaluated value: a typed class
    /// when the runtime has one for the method (parameters left out take their catalog defaults),
    /// else <see cref="JsonArguments"/>.
    /// </summary>
    public static StepArguments Create(string method, JsonNode? arguments) =>
        ArgumentBinding.ForMethod(method) is { } binding ? binding.Create(arguments) : new JsonArguments(method, arguments);
}

/// <summary>Arguments of a method with no typed class: the evaluated JSON value, with its documented defaults.</summary>
public sealed class JsonArguments : StepArguments
{
    public JsonArguments(string method, JsonNode? value)
    {
        Method = method;
        Value = value;
    }

    public override string Method { get; }

    /// <summary>The arguments as the step gave them, secrets included, for the handler that runs the method.</summary>
    public JsonNode? Value { get; }

    /// <summary>A copy of <see cref="Value"/> with the catalog's secrets (passwords, tokens) written as "***".</summary>
    public override JsonNode? ToJson() => SecretRedaction.Redact(Method, Value);
}

using System.Text.Json.Nodes;

namespace Swml.Runtime.Steps;

/// <summary>
/// The arguments of a step, as the step handler receives them. Methods the runtime runs have a
/// typed class (<see cref="SipReferArguments"/>...); the rest travel as JSON in <see cref="JsonArguments"/>.
/// </summary>
public abstract class StepArguments
{
    public abstract string Method { get; }

    /// <summary>The arguments as SWML JSON, for logs, traces and handlers that want the raw form.</summary>
    public abstract JsonNode? ToJson();

    public override string ToString() => $"{Method}: {ToJson()?.ToJsonString() ?? "{}"}";
}

/// <summary>Arguments of a method with no typed class: the evaluated JSON value.</summary>
public sealed class JsonArguments : StepArguments
{
    public JsonArguments(string method, JsonNode? value)
    {
        Method = method;
        Value = value;
    }

    public override string Method { get; }

    public JsonNode? Value { get; }

    public override JsonNode? ToJson() => Value?.DeepClone();
}

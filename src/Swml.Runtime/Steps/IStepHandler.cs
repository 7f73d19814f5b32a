using System.Text.Json.Nodes;
using Swml.Runtime.Flow;

namespace Swml.Runtime.Steps;

/// <summary>
/// What the flow engine needs from the world outside it: running the methods that talk to the
/// call (answer, play, sip_refer, request, hangup...) and fetching SWML documents from URLs. The
/// SIP runtime implements it for live calls; Swml.Testing implements it with a scripted fake call.
/// </summary>
public interface IStepHandler
{
    /// <summary>Runs one step; the outcome's variables are set in vars by the engine.</summary>
    ValueTask<StepOutcome> RunStepAsync(StepInvocation invocation, CancellationToken cancellationToken);

    /// <summary>
    /// POSTs <paramref name="body"/> ({call, vars, envs, params}) to an execute or transfer URL and
    /// returns the SWML document it answers with.
    /// </summary>
    ValueTask<string> FetchDocumentAsync(string url, JsonObject body, CancellationToken cancellationToken);
}

/// <summary>One step for a handler to run.</summary>
public sealed record StepInvocation(StepId Step, StepArguments Arguments, FlowContext Flow);

/// <summary>What a step did: variables to set, and whether the call is over.</summary>
public sealed class StepOutcome
{
    public static readonly StepOutcome None = new();

    /// <summary>Variables to set in vars, in order; a null value unsets the variable (the step had no such value).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Variables { get; init; } = Array.Empty<KeyValuePair<string, JsonNode?>>();

    /// <summary>The call ended during the step (the far end hung up, or the step hung up).</summary>
    public bool CallEnded { get; init; }

    public static StepOutcome Set(params (string Name, JsonNode? Value)[] variables) =>
        new() { Variables = variables.Select(v => new KeyValuePair<string, JsonNode?>(v.Name, v.Value)).ToArray() };
}

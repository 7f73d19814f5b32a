using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Swml.Runtime.Steps;

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// The step handler of a differential run: records every step handed to it (id, method, the CLR
/// type of its arguments, their JSON and params at that moment) and every document fetch (URL and
/// body), answers steps with <see cref="ScriptedOutputs"/>, and fails every fetch as a 404 does.
/// One per run; the lines are what two runs are compared on.
/// </summary>
internal sealed class RecordingStepHandler : IStepHandler
{
    private readonly ConcurrentQueue<string> _steps = new();
    private readonly ConcurrentQueue<string> _fetches = new();

    /// <summary>Awaited before each step, so a test can make two runs interleave.</summary>
    public Func<StepInvocation, Task>? BeforeStep { get; init; }

    public IReadOnlyList<string> Steps => _steps.ToArray();

    public IReadOnlyList<string> Fetches => _fetches.ToArray();

    public async ValueTask<StepOutcome> RunStepAsync(StepInvocation invocation, CancellationToken cancellationToken)
    {
        if (BeforeStep is { } before)
        {
            await before(invocation);
        }

        var arguments = invocation.Arguments;
        _steps.Enqueue($"{invocation.Step} {arguments.Method} {arguments.GetType().Name} {Json(arguments.ToJson())} params={Json(invocation.Flow.Variables.Params)}");
        return ScriptedOutputs.For(arguments.Method);
    }

    public ValueTask<string> FetchDocumentAsync(string url, JsonObject body, CancellationToken cancellationToken)
    {
        _fetches.Enqueue($"{url} {Json(body)}");

        // Nothing is served: a document URL answers as a missing page would.
        throw new HttpRequestException("Response status code does not indicate success: 404 (Not Found).", null, HttpStatusCode.NotFound);
    }

    public static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";
}

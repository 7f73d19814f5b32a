using System.Text.Json.Nodes;
using Swml.Runtime.Steps;

namespace Swml.Benchmarks;

/// <summary>A handler that does nothing, so benchmarks measure the engine alone.</summary>
internal sealed class NullStepHandler : IStepHandler
{
    public ValueTask<StepOutcome> RunStepAsync(StepInvocation invocation, CancellationToken cancellationToken) => new(StepOutcome.None);

    public ValueTask<string> FetchDocumentAsync(string url, JsonObject body, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The benchmark flows fetch nothing.");
}

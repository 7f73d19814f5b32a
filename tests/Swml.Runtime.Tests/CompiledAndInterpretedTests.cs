using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

/// <summary>
/// One engine for both kinds of flow: every test flow, run as its generated class and as the same
/// document interpreted at run time, must take the same steps, call the handler the same way and
/// leave the same variables.
/// </summary>
public sealed class CompiledAndInterpretedTests
{
    /// <summary>Flows that wait for the call to end; they have their own tests with a clock.</summary>
    private static readonly HashSet<string> WaitForever = new(StringComparer.Ordinal) { "sleep_forever" };

    public static TheoryData<string> Flows() => new(TestFlows.All().Where(f => !WaitForever.Contains(f)));

    [Theory, MemberData(nameof(Flows))]
    public async Task TheCompiledAndTheInterpretedFlowRunAlike(string name)
    {
        // Real time: the one flow that sleeps here sleeps 0.75 s.
        var options = new FlowRunOptions();
        var compiled = await Run(FlowKinds.Compiled, name, options);
        var interpreted = await Run(FlowKinds.Interpreted, name, options);

        Assert.Equal(interpreted.Trace, compiled.Trace);
        Assert.Equal(interpreted.Result.Reason, compiled.Result.Reason);
        Assert.Equal(Describe(interpreted.Handler), Describe(compiled.Handler));
        Assert.Equal(interpreted.Result.Variables.Vars.ToJsonString(), compiled.Result.Variables.Vars.ToJsonString());
    }

    private static async Task<FlowRun> Run(string kind, string name, FlowRunOptions options)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        return await TestFlows.RunUntilCancelledAsync(kind, name, new RecordingHandler(), options, timeout.Token);
    }

    private static string Describe(RecordingHandler handler) =>
        string.Join("\n", handler.Invocations.Select(i => i.ToString()));
}

using System.Text.Json.Nodes;
using Swml.Generators.Tests.Infrastructure;
using Swml.Language.Binding;
using Swml.Runtime;
using Swml.Runtime.Flow;

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// The crafted probes of <see cref="CraftedProbes"/>, compiled once together and each run compiled
/// and interpreted, as the corpus is; and two ways of running a compiled flow the corpus does not
/// try: one instance running two calls at once, and its definition run by the engine directly.
/// </summary>
public sealed class CraftedProbeTests
{
    private static readonly Lazy<Task<CompiledFlows>> Compiled = new(() => CompiledFlows.CompileAsync(
        CraftedProbes.All.Select(p => (PathOf(p), p.Text)).ToList(), CancellationToken.None));

    public static TheoryData<string> Probes() => new(CraftedProbes.All.Select(p => p.Name));

    [Theory, MemberData(nameof(Probes))]
    public async Task TheProbeRunsAlikeCompiledAndInterpreted(string name)
    {
        var probe = CraftedProbes.Get(name);
        var errors = SwmlDocument.Parse(probe.Text).Diagnostics.Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 0, "A probe with SWML errors probes nothing:\n" + string.Join("\n", errors));

        var flows = await Compiled.Value;
        var document = Runnable(probe);
        var drifts = await DifferentialRun.CompareAsync(new[] { document }, flows, _ => Options(probe));
        Assert.True(drifts.Count == 0, $"{probe.Aim}:\n" + DifferentialRun.Report(drifts, 1));
    }

    /// <summary>
    /// Two calls at once on one flow instance, each waiting for the other at its answer: what each
    /// says must be what one instance per call says. (Generated typed properties read the
    /// instance's Context, which the second call's start replaces.)
    /// </summary>
    [Fact]
    public async Task OneFlowInstanceRunsTwoCallsAtOnceAsTwoInstancesWould()
    {
        const string text = """
            version: 1.0.0
            sections:
              main:
                - set: {caller: "${call.from}"}
                - answer: {}
                - play: {url: "say:hello ${caller}"}
            """;
        var flows = await CompiledFlows.CompileAsync(new[] { ("concurrent/two_calls.swml", text) }, TestContext.Current.CancellationToken);

        var compiled = await RunTwoCallsAtOnce(flows.Create("concurrent/two_calls.swml"));
        var interpreted = await RunTwoCallsAtOnce(new InterpretedFlow(SwmlDocument.Parse(text)));

        // Which call starts last (and wins the instance's Context) varies; compare both at once.
        var expected = $"alice's call {CallerOf(interpreted.Alice)}\n    bob's call {CallerOf(interpreted.Bob)}";
        var actual = $"alice's call {CallerOf(compiled.Alice)}\n    bob's call {CallerOf(compiled.Bob)}";
        Assert.True(expected == actual, $"One instance, two calls at once:\n  interpreted:\n    {expected}\n  compiled:\n    {actual}");
    }

    /// <summary>FlowEngine.RunAsync takes any definition: a compiled flow's must run as its RunAsync does.</summary>
    [Fact]
    public async Task ACompiledDefinitionRunByTheEngineRunsAsTheInterpretedOne()
    {
        const string text = """
            version: 1.0.0
            sections:
              main:
                - set: {greeting: hello}
                - play: {url: "say:${greeting} ${vars.greeting}"}
            """;
        var flows = await CompiledFlows.CompileAsync(new[] { ("engine/direct.swml", text) }, TestContext.Current.CancellationToken);
        var compiled = flows.Create("engine/direct.swml").Definition;
        var interpreted = new InterpretedFlow(SwmlDocument.Parse(text)).Definition;

        var options = DifferentialRun.StandardOptions();
        var compiledRun = await FlowObservation.RunAsync((h, o, c) => FlowEngine.RunAsync(compiled, h, o, c), options);
        var interpretedRun = await FlowObservation.RunAsync((h, o, c) => FlowEngine.RunAsync(interpreted, h, o, c), options);
        Assert.True(ObservationDiff.FirstDifference(compiledRun, interpretedRun) is null, ObservationDiff.FirstDifference(compiledRun, interpretedRun));
    }

    private static async Task<(IReadOnlyList<string> Alice, IReadOnlyList<string> Bob)> RunTwoCallsAtOnce(SwmlFlow flow)
    {
        // Without blocking a thread: a busy pool must not let one call finish before the other starts.
        var arrived = 0;
        var bothAnswering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task MeetAtAnswer(Swml.Runtime.Steps.StepInvocation step)
        {
            if (step.Arguments.Method == "answer")
            {
                if (Interlocked.Increment(ref arrived) == 2)
                {
                    bothAnswering.SetResult();
                }

                await bothAnswering.Task.WaitAsync(TimeSpan.FromSeconds(3));
            }
        }

        var alice = FlowObservation.RunAsync(flow, CallFrom("sip:alice@example.com"), new RecordingStepHandler { BeforeStep = MeetAtAnswer });
        var bob = FlowObservation.RunAsync(flow, CallFrom("sip:bob@example.com"), new RecordingStepHandler { BeforeStep = MeetAtAnswer });
        return (await alice, await bob);
    }

    private static FlowRunOptions CallFrom(string from)
    {
        var options = DifferentialRun.StandardOptions();
        options.Call!["from"] = from;
        return options;
    }

    /// <summary>Whom the play step greeted (its urls).</summary>
    private static string CallerOf(IReadOnlyList<string> run)
    {
        var play = run.Single(l => l.StartsWith("step: ", StringComparison.Ordinal) && l.Contains(" play ", StringComparison.Ordinal));
        return play[play.IndexOf("{\"urls\":", StringComparison.Ordinal)..play.IndexOf(",\"auto_answer\"", StringComparison.Ordinal)];
    }

    private static string PathOf(CraftedProbe probe) => $"probes/{probe.Name}.swml";

    private static RunnableDocument Runnable(CraftedProbe probe) =>
        new(new CorpusDocument(DocumentOrigin.TestSourceLiteral, $"{nameof(CraftedProbes)}.{probe.Name}", probe.Text), PathOf(probe));

    private static FlowRunOptions Options(CraftedProbe probe)
    {
        var options = DifferentialRun.StandardOptions();
        foreach (var (name, value) in probe.Envs ?? new JsonObject())
        {
            options.Envs![name] = value?.DeepClone();
        }

        return options;
    }
}

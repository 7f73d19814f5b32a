using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Swml.Language.Binding;
using Swml.Runtime;
using Swml.Runtime.Flow;

namespace Swml.Benchmarks;

/// <summary>
/// The engine's cost per control-flow step, for a generated (compiled) flow and for the same
/// document interpreted. One operation is one whole run; Program divides by the steps it ran.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    // Raised so the loops can run long enough to measure; SignalWire's own limit is 32.
    private static readonly FlowRunOptions Options = new()
    {
        Limits = new FlowLimits { MaxJumps = int.MaxValue },
        Call = new JsonObject { ["from"] = "+15551230000" },
    };

    private readonly NullStepHandler _handler = new();
    private SwmlDocument _controlDocument = null!;
    private SwmlDocument _scriptDocument = null!;

    [GlobalSetup]
    public void Setup()
    {
        _controlDocument = Load("control_loop.swml");
        _scriptDocument = Load("script_loop.swml");
    }

    [Benchmark(Description = "control flow, compiled")]
    public Task<FlowResult> ControlCompiled() => new Flows.ControlLoop().RunAsync(_handler, Options);

    [Benchmark(Description = "control flow, interpreted")]
    public Task<FlowResult> ControlInterpreted() => new InterpretedFlow(_controlDocument).RunAsync(_handler, Options);

    [Benchmark(Description = "with JavaScript, compiled")]
    public Task<FlowResult> ScriptCompiled() => new Flows.ScriptLoop().RunAsync(_handler, Options);

    [Benchmark(Description = "with JavaScript, interpreted")]
    public Task<FlowResult> ScriptInterpreted() => new InterpretedFlow(_scriptDocument).RunAsync(_handler, Options);

    /// <summary>Steps one run of each benchmark executes, to restate times per step.</summary>
    public static IReadOnlyDictionary<string, int> StepsPerRun()
    {
        var bench = new EngineBenchmarks();
        bench.Setup();
        return new Dictionary<string, int>
        {
            ["control flow, compiled"] = bench.ControlCompiled().GetAwaiter().GetResult().Trace.Count,
            ["control flow, interpreted"] = bench.ControlInterpreted().GetAwaiter().GetResult().Trace.Count,
            ["with JavaScript, compiled"] = bench.ScriptCompiled().GetAwaiter().GetResult().Trace.Count,
            ["with JavaScript, interpreted"] = bench.ScriptInterpreted().GetAwaiter().GetResult().Trace.Count,
        };
    }

    private static SwmlDocument Load(string name)
    {
        var document = SwmlDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "flows", name)), name);
        return document.HasErrors ? throw new InvalidOperationException(string.Join("\n", document.Diagnostics)) : document;
    }
}

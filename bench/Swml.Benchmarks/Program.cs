using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Swml.Benchmarks;

// Runs the benchmarks, then restates each result per unit of work: per document for the
// language and generator benchmarks, per executed step for the engine benchmarks.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(LanguageBenchmarks).Assembly).Run(args);
var stepsPerRun = EngineBenchmarks.StepsPerRun();
foreach (var summary in summaries)
{
    foreach (var report in summary.Reports.Where(r => r.Success && r.ResultStatistics is not null))
    {
        var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
        var nanoseconds = report.ResultStatistics!.Mean;
        var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        var type = report.BenchmarkCase.Descriptor.Type;
        if (type == typeof(LanguageBenchmarks))
        {
            var documents = Corpus.Load().Count;
            Print($"{name}: {documents} documents, {documents / (nanoseconds / 1e9):N0} documents/s, {nanoseconds / documents / 1000:N1} µs and {bytes / documents:N0} allocated bytes per document");
        }
        else if (type == typeof(EngineBenchmarks) && stepsPerRun.TryGetValue(name, out var steps))
        {
            Print($"{name}: {steps} steps per run, {nanoseconds / steps:N0} ns and {(double)bytes / steps:N0} allocated bytes per step");
        }
        else if (type == typeof(GeneratorBenchmarks))
        {
            Print($"{name}: {nanoseconds / 1e6:N2} ms and {bytes / 1024.0 / 1024.0:N1} MiB allocated per run" +
                  (name.StartsWith("cold", StringComparison.Ordinal) ? $" ({nanoseconds / GeneratorBenchmarks.Documents / 1000:N0} µs per document)" : string.Empty));
        }
    }
}

static void Print(string line) => Console.WriteLine(line);

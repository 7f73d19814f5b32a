using System.Globalization;
using BenchmarkDotNet.Running;
using Swml.Benchmarks;

// Runs the benchmarks, then restates each corpus-pass result per document.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(LanguageBenchmarks).Assembly).Run(args);
var documents = Corpus.Load().Count;
foreach (var summary in summaries)
{
    foreach (var report in summary.Reports.Where(r => r.Success && r.ResultStatistics is not null))
    {
        var nanoseconds = report.ResultStatistics!.Mean;
        var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo}: {documents} documents, {documents / (nanoseconds / 1e9):N0} documents/s, {nanoseconds / documents / 1000:N1} µs and {bytes / documents:N0} allocated bytes per document"));
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Swml.Generators.Tests.Infrastructure;
using Swml.Language.Binding;
using Swml.Runtime;
using Swml.Runtime.Flow;

namespace Swml.Generators.Tests.Differential;

/// <summary>How one document ran differently compiled and interpreted: its source and the first difference.</summary>
internal sealed record Drift(string Source, string Difference);

/// <summary>
/// Runs each document twice, as its generated class and interpreted, each time with a fresh
/// recording handler and instant clock and the same options, and keeps the documents whose runs
/// differ (a document that did not compile is one of them).
/// </summary>
internal static class DifferentialRun
{
    /// <summary>A call as a flow sees it: who calls whom, and a few envs.</summary>
    public static FlowRunOptions StandardOptions() => new()
    {
        Call = new JsonObject
        {
            ["call_id"] = "c0ffee00-0000-4000-8000-000000000001",
            ["from"] = "+15551230001",
            ["to"] = "+15559870002",
            ["direction"] = "inbound",
            ["type"] = "phone",
            ["project_id"] = "p-1",
            ["space_id"] = "s-1",
            ["headers"] = new JsonArray(),
        },
        Envs = new JsonObject
        {
            ["api_key"] = "key-123",
            ["greeting"] = "hello",
            ["timeout"] = 5,
        },
    };

    public static async Task<IReadOnlyList<Drift>> CompareAsync(IEnumerable<RunnableDocument> documents, CompiledFlows compiled, Func<RunnableDocument, FlowRunOptions>? optionsFor = null)
    {
        var drifts = new List<Drift>();
        foreach (var document in documents)
        {
            if (compiled.Failures.TryGetValue(document.VirtualPath, out var error))
            {
                drifts.Add(new Drift(document.Document.Source, $"    the generated code does not compile: {error}\n"));
                continue;
            }

            if (!compiled.FlowTypes.ContainsKey(document.VirtualPath))
            {
                drifts.Add(new Drift(document.Document.Source, "    the generator made no flow class of it\n"));
                continue;
            }

            var options = optionsFor?.Invoke(document) ?? StandardOptions();
            var compiledRun = await FlowObservation.RunAsync(compiled.Create(document.VirtualPath), options);
            var interpretedRun = await FlowObservation.RunAsync(Interpreted(document), options);
            if (ObservationDiff.FirstDifference(compiledRun, interpretedRun) is { } difference)
            {
                drifts.Add(new Drift(document.Document.Source, difference));
            }
        }

        return drifts;
    }

    /// <summary>Parsed at the same path the generator read it from.</summary>
    public static SwmlFlow Interpreted(RunnableDocument document) =>
        new InterpretedFlow(SwmlDocument.Parse(document.Document.Text, SwmlGeneratorTest.ProjectDir + document.VirtualPath));

    public static string Report(IReadOnlyList<Drift> drifts, int compared)
    {
        var text = new StringBuilder($"{drifts.Count} of {compared} documents run differently compiled and interpreted (first difference of each):\n");
        foreach (var drift in drifts)
        {
            text.Append('\n').Append(drift.Source).Append('\n').Append(drift.Difference);
        }

        return text.ToString();
    }
}

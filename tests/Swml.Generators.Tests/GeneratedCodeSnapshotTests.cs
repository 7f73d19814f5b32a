using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Swml.Generators.Tests.Infrastructure;

namespace Swml.Generators.Tests;

/// <summary>
/// The generated code is a contract (design.md, "Generated code"): each flow's output is compared
/// with a reviewed file under Snapshots/&lt;Test&gt;/, then compiled by the harness, which fails on any
/// compiler warning. Rewrite the snapshots only with SWML_UPDATE_SNAPSHOTS=1, and review the diff.
/// </summary>
public sealed class GeneratedCodeSnapshotTests
{
    [Fact]
    public Task ReferAndReport() =>
        VerifyAsync(nameof(ReferAndReport), "flows/refer_and_report.swml", File.ReadAllText(RepoPaths.SampleFlow));

    /// <summary>label/goto (when, max), execute (params, on_return, result as cond and as switch), transfer, cond/else, switch/default, set, unset, return, hangup, sleep.</summary>
    [Fact]
    public Task ControlFlow() =>
        VerifyAsync(
            nameof(ControlFlow),
            "flows/control_flow.swml",
            RepoPaths.ReadFlow("control_flow.swml"),
            new DiagnosticResult("SWML0311", DiagnosticSeverity.Warning).WithSpan(SwmlGeneratorTest.ProjectDir + "flows/control_flow.swml", 74, 17, 74, 45));

    /// <summary>answer with arguments, play with urls, request with headers and a JSON body, and their outputs read back.</summary>
    [Fact]
    public Task MediaAndRequest() =>
        VerifyAsync(nameof(MediaAndRequest), "flows/media_and_request.swml", RepoPaths.ReadFlow("media_and_request.swml"));

    /// <summary>An AI method: its arguments travel as JSON, with ${...} left for the AI engine.</summary>
    [Fact]
    public Task AiAgent() =>
        VerifyAsync(
            nameof(AiAgent),
            "flows/ai_agent.swml",
            RepoPaths.ReadFlow("ai_agent.swml"),
            new DiagnosticResult("SWML0503", DiagnosticSeverity.Warning).WithSpan(SwmlGeneratorTest.ProjectDir + "flows/ai_agent.swml", 6, 7, 6, 9));

    /// <summary>Quotes, backslashes, braces, unicode, control characters, and JavaScript in ${...}.</summary>
    [Fact]
    public Task Escapes() =>
        VerifyAsync(nameof(Escapes), "flows/escapes.swml", RepoPaths.ReadFlow("escapes.swml"));

    [Fact]
    public void AMissingSnapshotFailsAndSaysHowToCreateIt()
    {
        if (Snapshot.Updating)
        {
            Assert.Skip($"{Snapshot.UpdateVariable}=1 writes snapshots instead of comparing them.");
        }

        var failure = Assert.ThrowsAny<Exception>(() => Snapshot.Verify("NoSuchTest", new[] { ("flows_x_swml.g.cs", "// x\n") }));
        Assert.Contains("Missing snapshot(s): flows_x_swml.g.cs", failure.Message);
        Assert.Contains("SWML_UPDATE_SNAPSHOTS=1", failure.Message);
        Assert.False(Directory.Exists(Path.Combine(RepoPaths.Snapshots, "NoSuchTest")));
    }

    [Fact]
    public void TheVersionIsScrubbedAndNewlinesNormalized()
    {
        var text = "[global::System.CodeDom.Compiler.GeneratedCode(\"Swml.Generators\", \"1.2.3.4\")]\r\nclass C { }\r\n";
        Assert.Equal("[global::System.CodeDom.Compiler.GeneratedCode(\"Swml.Generators\", \"FIXED_VERSION\")]\nclass C { }\n", Snapshot.Scrub(text));
    }

    private static async Task VerifyAsync(string testName, string relativePath, string yaml, params DiagnosticResult[] expected)
    {
        var run = GeneratorRunner.Run((relativePath, yaml));
        Assert.Equal(
            expected.Select(d => d.Id).Order(StringComparer.Ordinal),
            run.Diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        var sources = run.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();
        Assert.NotEmpty(sources);
        Snapshot.Verify(testName, sources);

        // The same output compiles in a consumer, with nothing but the expected SWML diagnostics.
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow(relativePath, yaml);
        foreach (var (hintName, text) in sources)
        {
            test.ExpectGenerated(hintName, text);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}

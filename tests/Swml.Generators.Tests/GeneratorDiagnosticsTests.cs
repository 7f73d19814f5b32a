using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Swml.Generators.Tests.Infrastructure;

namespace Swml.Generators.Tests;

/// <summary>
/// SWML diagnostics as the compiler reports them: located at exact spans in the .swml file, with
/// the severity of Swml.Language's catalog. An error generates no code; a warning still does, and
/// that code compiles without a warning of its own.
/// </summary>
public sealed class GeneratorDiagnosticsTests
{
    private const string Flow = "flows/refer.swml";
    private const string FlowPath = SwmlGeneratorTest.ProjectDir + Flow;

    [Fact]
    public async Task AMisspeltVariableIsReportedOnItsPlaceholder()
    {
        var test = new SwmlGeneratorTest();
        test.AddFlow(Flow, """
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:support@example.com"
                - play:
                    url: "say: The transfer ended with ${sip_refer_reslt}."
            """);

        // Exactly the ${...}, nothing around it.
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0301", DiagnosticSeverity.Error)
            .WithSpan(FlowPath, 7, 44, 7, 62)
            .WithMessage("unknown variable 'sip_refer_reslt': no step in this document sets it; did you mean 'sip_refer_result'?"));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task MethodsTheProjectHandlesItselfAreNotReportedAsNotRunBySipRefer()
    {
        // SwmlHandledMethods names the methods the application's own IMethodHandlers run, with commas:
        // a ; would start a comment in the editorconfig MSBuild writes for the compiler.
        var test = new SwmlGeneratorTest();
        test.WithProperty("SwmlHandledMethods", "record, connect");
        test.AddFlow(Flow, """
            version: 1.0.0
            sections:
              main:
                - record: {beep: true}
                - connect: {to: "+15551230000"}
                - ai: {prompt: {text: "You take orders."}}
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0503", DiagnosticSeverity.Warning).WithSpan(FlowPath, 6, 7, 6, 9));
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AnUnknownMethodIsReportedOnItsName()
    {
        var test = new SwmlGeneratorTest();
        test.AddFlow(Flow, """
            version: 1.0.0
            sections:
              main:
                - answer: {}
                - sip_referr:
                    to_uri: "sip:support@example.com"
            """);

        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0201", DiagnosticSeverity.Error)
            .WithSpan(FlowPath, 5, 7, 5, 17)
            .WithMessage("unknown method 'sip_referr'; did you mean 'sip_refer'?"));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AMissingRequiredParameterIsReportedOnTheMethodKey()
    {
        var test = new SwmlGeneratorTest();
        test.AddFlow(Flow, """
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    status_url: "https://example.com/status"
            """);

        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0204", DiagnosticSeverity.Error)
            .WithSpan(FlowPath, 4, 7, 4, 16)
            .WithMessage("'sip_refer' requires 'to_uri'"));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AGotoToAMissingLabelIsReportedOnTheLabelName()
    {
        var test = new SwmlGeneratorTest();
        test.AddFlow(Flow, """
            version: 1.0.0
            sections:
              main:
                - label: start
                - goto: strat
            """);

        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0401", DiagnosticSeverity.Error)
            .WithSpan(FlowPath, 5, 13, 5, 18)
            .WithMessage("section 'main' has no label 'strat'; did you mean 'start'?"));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AYamlSyntaxErrorIsReportedWhereTheParserStopped()
    {
        var test = new SwmlGeneratorTest();
        test.AddFlow(Flow, """
            version: 1.0.0
            sections:
              main:
                - play:
                    url: "say: unclosed
                - hangup: {}
            """);

        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0101", DiagnosticSeverity.Error)
            .WithSpan(FlowPath, 5, 14, 6, 5)
            .WithMessage("while scanning a multi-line double-quoted scalar, found wrong indentation"));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AnErrorGeneratesNoCode()
    {
        // No GeneratedSources and the check left on: the harness fails if anything is generated.
        var test = new SwmlGeneratorTest();
        test.AddFlow(Flow, """
            version: 1.0.0
            sections:
              main:
                - goto: nowhere
            """);

        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0401", DiagnosticSeverity.Error).WithSpan(FlowPath, 4, 13, 4, 20));
        await test.RunAsync(TestContext.Current.CancellationToken);

        var run = GeneratorRunner.Run(("flows/refer.swml", "version: 1.0.0\nsections:\n  main:\n    - goto: nowhere\n"));
        Assert.Empty(run.GeneratedSources);
        Assert.Equal("SWML0401", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public async Task AWarningStillGeneratesCodeThatCompilesWithoutWarnings()
    {
        var test = new SwmlGeneratorTest();
        test.AddFlow(Flow, """
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                    username: alice
                    password: hunter2
            """);

        // The class exists and has its typed property: this user code compiles against it.
        test.WithSource("""
            internal static class Use
            {
                public static string? Result(Acme.Flows.Refer flow) => flow.SipReferResult;
            }
            """);
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0501", DiagnosticSeverity.Warning)
            .WithSpan(FlowPath, 7, 19, 7, 26)
            .WithMessage("'sip_refer.password' is a literal password in the document; read it from the environment instead, e.g. '${envs.SIP_REFER_PASSWORD}'"));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task OneBadFileDoesNotStopTheOthers()
    {
        var test = new SwmlGeneratorTest();
        test.AddFlow("flows/bad.swml", "version: 1.0.0\nsections:\n  main:\n    - goto: nowhere\n");
        test.AddFlow("flows/good.swml", "version: 1.0.0\nsections:\n  main:\n    - hangup: {}\n");
        test.WithSource("internal static class Use { public static Acme.Flows.Good Make() => new(); }");
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0401", DiagnosticSeverity.Error)
            .WithSpan(SwmlGeneratorTest.ProjectDir + "flows/bad.swml", 4, 13, 4, 20));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ACSharpDiagnosticInAPlaceholderIsReportedInTheSwmlFile()
    {
        // The #line directives map each ${...} of generated code back to the .swml file. A user
        // partial hides the Text helper the placeholder calls with an obsolete one, which puts a
        // C# warning exactly on the placeholder's generated code. (The harness compares unmapped
        // locations, so this test compiles by itself and reads the mapped one.)
        var yaml = """
            version: 1.0.0
            sections:
              main:
                - set:
                    count: 2
                - play:
                    url: "say: {} \"${count}\" calls"
            """;
        var user = """
            namespace Acme.Flows;

            public sealed partial class Refer
            {
                [System.Obsolete("mapped")]
                private static new string Text(System.Text.Json.Nodes.JsonNode? value) => "";
            }
            """;

        var diagnostics = await GeneratorRunner.CompileAsync(user, (Flow, yaml));

        var warning = Assert.Single(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Equal("CS0618", warning.Id);
        Assert.EndsWith(".g.cs", warning.Location.SourceTree!.FilePath);
        var mapped = warning.Location.GetMappedLineSpan();
        Assert.True(mapped.HasMappedPath);
        Assert.Equal(FlowPath, mapped.Path);

        // Line 7, where ${count} starts (1-based: column 25).
        Assert.Equal(new LinePosition(6, 24), mapped.StartLinePosition);
    }

    [Fact]
    public async Task TheHarnessFailsOnACompilerWarning()
    {
        // Guards the set-up the other tests rely on: a warning in the compilation is not ignored.
        var test = new SwmlGeneratorTest();
        test.AddFlow(Flow, "version: 1.0.0\nsections:\n  main:\n    - hangup: {}\n");
        test.WithSource("internal static class Use { public static void M() { int unused = 1; } }");
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => test.RunAsync(TestContext.Current.CancellationToken));
        Assert.Contains("CS0219", failure.Message);
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Swml.Generators.Tests.Infrastructure;

namespace Swml.Generators.Tests;

/// <summary>
/// The names a flow compiles to, checked the way a user meets them: C# in the consuming project
/// uses the generated namespace, class, Section members and typed properties, and must compile
/// without a warning. Hint names are checked on the driver's output.
/// </summary>
public sealed class GeneratedNamesTests
{
    private const string Hangup = "version: 1.0.0\nsections:\n  main:\n    - hangup: {}\n";

    [Fact]
    public async Task TheNamespaceComesFromTheRootNamespaceAndTheFolderAndTheClassFromTheFileName()
    {
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/refer_and_report.swml", File.ReadAllText(RepoPaths.SampleFlow));
        test.AddFlow("flows/sales/order-intake.swml", Hangup);
        await RunWithUseAsync(test, """
            internal static class Use
            {
                public static string? Result(Acme.Flows.ReferAndReport flow) => flow.SipReferResult;
                public static Acme.Flows.Sales.OrderIntake Intake() => new();
                public const string Path = Acme.Flows.Sales.OrderIntake.SourcePath;
            }
            """);
    }

    [Fact]
    public async Task WithoutARootNamespaceAFileAtTheProjectRootGoesToSwmlFlows()
    {
        var test = new SwmlGeneratorTest(rootNamespace: "");
        test.AddFlow("greeting.swml", Hangup);
        test.AddFlow("flows/other.swml", Hangup);
        await RunWithUseAsync(test, "internal static class Use { public static SwmlFlows.Greeting A() => new(); public static Flows.Other B() => new(); }");
    }

    [Fact]
    public async Task SwmlNamespaceAndSwmlClassNameMetadataOverrideTheNames()
    {
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/refer_and_report.swml", File.ReadAllText(RepoPaths.SampleFlow));
        test.AddFlow("flows/other.swml", Hangup);
        test.WithMetadata("flows/refer_and_report.swml", "SwmlNamespace", "Contoso.Telephony")
            .WithMetadata("flows/refer_and_report.swml", "SwmlClassName", "TransferFlow")
            .WithMetadata("flows/other.swml", "SwmlClassName", "event");
        await RunWithUseAsync(test, """
            internal static class Use
            {
                public static Contoso.Telephony.TransferFlow Transfer() => new();
                public static Acme.Flows.@event Other() => new();
            }
            """);
    }

    [Fact]
    public async Task FilesWithTheSameNameInDifferentFoldersDoNotCollide()
    {
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("sales/order.swml", Hangup);
        test.AddFlow("support/order.swml", Hangup);
        await RunWithUseAsync(test, "internal static class Use { public static Acme.Sales.Order A() => new(); public static Acme.Support.Order B() => new(); }");

        var run = GeneratorRunner.Run(("sales/order.swml", Hangup), ("support/order.swml", Hangup));
        Assert.Collection(
            run.GeneratedSources.Select(s => s.HintName),
            h => Assert.Matches(@"^sales_order_swml\.[0-9a-f]{8}\.g\.cs$", h),
            h => Assert.Matches(@"^support_order_swml\.[0-9a-f]{8}\.g\.cs$", h));
    }

    [Fact]
    public async Task FilesWhoseNamesDifferOnlyInCaseOrPunctuationBothGenerate()
    {
        // Hint names compare ignoring case, and their readable part drops punctuation: without the
        // path hash, AddSource would throw and the compiler would drop every flow of the project.
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/a-b.swml", Hangup);
        test.AddFlow("flows/a_b.swml", Hangup);
        test.AddFlow("flows/Order.swml", Hangup);
        test.AddFlow("flows/order.swml", Hangup);
        test.WithMetadata("flows/a_b.swml", "SwmlClassName", "AB2")
            .WithMetadata("flows/order.swml", "SwmlClassName", "Order2");
        await RunWithUseAsync(test, "internal static class Use { public static object[] All() => new object[] { new Acme.Flows.AB(), new Acme.Flows.AB2(), new Acme.Flows.Order(), new Acme.Flows.Order2() }; }");

        var run = GeneratorRunner.Run(("flows/a-b.swml", Hangup), ("flows/a_b.swml", Hangup), ("flows/Order.swml", Hangup), ("flows/order.swml", Hangup));
        Assert.Equal(4, run.GeneratedSources.Select(s => s.HintName.ToLowerInvariant()).Distinct().Count());
    }

    [Fact]
    public async Task KeywordAndDigitFileAndFolderNamesStillGiveValidNames()
    {
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/class.swml", Hangup);
        test.AddFlow("flows/2fa-check.swml", Hangup);
        test.AddFlow("static/2024/new.swml", Hangup);
        test.AddFlow("flows/über ruf.swml", Hangup);
        await RunWithUseAsync(test, """
            internal static class Use
            {
                public static Acme.Flows.Class A() => new();
                public static Acme.Flows._2faCheck B() => new();
                public static Acme.Static._2024.New C() => new();
                public static Acme.Flows.ÜberRuf D() => new();
            }
            """);
    }

    [Fact]
    public async Task SectionNamesThatCollideAfterPascalCasingGetNumbered()
    {
        var yaml = """
            version: 1.0.0
            sections:
              main:
                - execute: go_home
                - execute: go-home
                - execute: GoHome
              go_home:
                - return: 1
              go-home:
                - return: 2
              GoHome:
                - return: 3
            """;
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/sections.swml", yaml);
        await RunWithUseAsync(test, """
            internal static class Use
            {
                public static string[] Names() => new[]
                {
                    Acme.Flows.Sections.NameOf(Acme.Flows.Sections.Section.Main),
                    Acme.Flows.Sections.NameOf(Acme.Flows.Sections.Section.GoHome),
                    Acme.Flows.Sections.NameOf(Acme.Flows.Sections.Section.GoHome2),
                    Acme.Flows.Sections.NameOf(Acme.Flows.Sections.Section.GoHome3),
                };
            }
            """);

        // In document order: the first keeps the plain name.
        var source = Assert.Single(GeneratorRunner.Run(("flows/sections.swml", yaml)).GeneratedSources).SourceText.ToString();
        Assert.Contains("Section.GoHome => \"go_home\",", source);
        Assert.Contains("Section.GoHome2 => \"go-home\",", source);
        Assert.Contains("Section.GoHome3 => \"GoHome\",", source);
    }

    [Fact]
    public async Task AVariableNamedLikeABaseMemberOrTheClassGetsANumberedProperty()
    {
        var yaml = """
            version: 1.0.0
            sections:
              main:
                - set:
                    greeting: hello
                    context: 1
                    definition: 2
                    section: 3
                    text: 4
                    name_of: 5
                    source_path: 6
                    run_async: 7
                    to_string: 8
                    get_type: 9
                    reference_equals: 10
                    greeting_text: "${greeting}"
            """;
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/greeting.swml", yaml);
        await RunWithUseAsync(test, """
            using System.Text.Json.Nodes;

            internal static class Use
            {
                public static JsonNode?[] Values(Acme.Flows.Greeting flow) => new[]
                {
                    flow.Greeting2, flow.Context2, flow.Definition2, flow.Section2, flow.Text2, flow.NameOf2,
                    flow.SourcePath2, flow.RunAsync2, flow.ToString2, flow.GetType2, flow.ReferenceEquals2, flow.GreetingText,
                };

                // The members they would have hidden are still the base class's.
                public static Swml.Runtime.Flow.FlowContext? Context(Acme.Flows.Greeting flow) => flow.Context;
                public static Swml.Runtime.Flow.FlowDefinition Definition(Acme.Flows.Greeting flow) => flow.Definition;
            }
            """);
    }

    [Fact]
    public async Task AFileNamedLikeAMemberOfTheFlowClassGetsAFlowSuffixAndSaysSo()
    {
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/section.swml", Hangup);
        test.AddFlow("flows/name_of.swml", Hangup);
        test.AddFlow("flows/source_path.swml", Hangup);
        test.AddFlow("flows/build_definition.swml", Hangup);
        test.AddFlow("flows/variables.swml", Hangup);
        test.AddFlow("flows/run_async.swml", Hangup);
        test.AddFlow("flows/main_body.swml", Hangup);
        test.AddFlow("flows/other.swml", Hangup);
        test.WithMetadata("flows/other.swml", "SwmlClassName", "Section");
        test.WithMetadata("flows/other.swml", "SwmlNamespace", "Acme.Other");
        foreach (var (file, name) in new[]
        {
            ("section", "Section"), ("name_of", "NameOf"), ("source_path", "SourcePath"), ("build_definition", "BuildDefinition"),
            ("variables", "Variables"), ("run_async", "RunAsync"), ("other", "Section"),
        })
        {
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0602", DiagnosticSeverity.Info)
                .WithSpan(SwmlGeneratorTest.ProjectDir + $"flows/{file}.swml", 1, 1, 1, 1)
                .WithMessage($"a flow class cannot be named '{name}', a member every flow class has, so this flow's class is '{name}Flow': set SwmlClassName to name it"));
        }

        // The class takes a "Flow" suffix rather than clash with its own members (CS0542).
        await RunWithUseAsync(test, """
            internal static class Use
            {
                public static Acme.Flows.SectionFlow.Section A() => Acme.Flows.SectionFlow.Section.Main;
                public static string B() => Acme.Flows.NameOfFlow.NameOf(Acme.Flows.NameOfFlow.Section.Main);
                public const string C = Acme.Flows.SourcePathFlow.SourcePath;
                public static object[] D() => new object[] { new Acme.Flows.BuildDefinitionFlow(), new Acme.Flows.VariablesFlow(), new Acme.Flows.RunAsyncFlow(), new Acme.Flows.MainBody() };
                public static Acme.Other.SectionFlow E() => new();
            }
            """);
    }

    [Fact]
    public async Task TwoFilesThatMakeTheSameClassAreAnSwmlErrorNotACompilerError()
    {
        // Which file a class means must not depend on what other files exist, so a clash is an
        // error. By path, flows/Order.swml comes before flows/order.swml and a-b before a_b: those
        // keep the name, the others compile numbered, so the SWML error is the build's only one.
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/a_b.swml", Hangup);
        test.AddFlow("flows/a-b.swml", Hangup);
        test.AddFlow("flows/order.swml", Hangup);
        test.AddFlow("flows/Order.swml", Hangup);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0601", DiagnosticSeverity.Error)
            .WithSpan(SwmlGeneratorTest.ProjectDir + "flows/a_b.swml", 1, 1, 1, 1)
            .WithMessage(Taken("Acme.Flows.AB", "the class of 'flows/a-b.swml'", "AB2")));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0601", DiagnosticSeverity.Error)
            .WithSpan(SwmlGeneratorTest.ProjectDir + "flows/order.swml", 1, 1, 1, 1)
            .WithMessage(Taken("Acme.Flows.Order", "the class of 'flows/Order.swml'", "Order2")));
        await RunWithUseAsync(test, """
            internal static class Use
            {
                public const string A = Acme.Flows.AB.SourcePath;
                public const string B = Acme.Flows.AB2.SourcePath;
                public const string C = Acme.Flows.Order.SourcePath;
                public const string D = Acme.Flows.Order2.SourcePath;
                public static bool Right() => A == "flows/a-b.swml" && B == "flows/a_b.swml" && C == "flows/Order.swml" && D == "flows/order.swml";
            }
            """);
    }

    [Fact]
    public async Task ANumberedClassNeverTakesTheNameOfAnotherFile()
    {
        // a-b and a_b both want AB; AB2 is another file's own name, so the later one becomes AB3.
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/a-b.swml", Hangup);
        test.AddFlow("flows/a_b.swml", Hangup);
        test.AddFlow("flows/AB2.swml", Hangup);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0601", DiagnosticSeverity.Error)
            .WithSpan(SwmlGeneratorTest.ProjectDir + "flows/a_b.swml", 1, 1, 1, 1)
            .WithMessage(Taken("Acme.Flows.AB", "the class of 'flows/a-b.swml'", "AB3")));
        await RunWithUseAsync(test, """
            internal static class Use
            {
                public static bool Right() =>
                    Acme.Flows.AB.SourcePath == "flows/a-b.swml" && Acme.Flows.AB3.SourcePath == "flows/a_b.swml" && Acme.Flows.AB2.SourcePath == "flows/AB2.swml";
            }
            """);
    }

    [Fact]
    public async Task LinkedFilesWithTheSameNameFromOutsideTheProjectBothGenerate()
    {
        // Without a Link both are at the project's root and want Acme.Greeting; once the compiler
        // dropped every flow of the project for a repeated hint name (CS8785).
        var test = new SwmlGeneratorTest("Acme");
        test.AddLinkedFlow("/shared/sales/greeting.swml", Hangup);
        test.AddLinkedFlow("/shared/support/greeting.swml", Hangup);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0601", DiagnosticSeverity.Error)
            .WithSpan("/shared/support/greeting.swml", 1, 1, 1, 1)
            .WithMessage(Taken("Acme.Greeting", "the class of 'greeting.swml'", "Greeting2")));
        await RunWithUseAsync(test, "internal static class Use { public static object[] All() => new object[] { new Acme.Greeting(), new Acme.Greeting2() }; }");

        var run = GeneratorRunner.Run(("../shared/sales/greeting.swml", Hangup), ("../shared/support/greeting.swml", Hangup));
        Assert.Equal(2, run.GeneratedSources.Select(s => s.HintName.ToLowerInvariant()).Distinct().Count());
    }

    [Fact]
    public async Task ALinkedFileIsNamedAfterItsLink()
    {
        var test = new SwmlGeneratorTest("Acme");
        test.AddLinkedFlow("/shared/sales/greeting.swml", Hangup);
        test.AddLinkedFlow("/shared/support/greeting.swml", Hangup);
        test.WithMetadataAt("/shared/sales/greeting.swml", "Link", "flows/sales/greeting.swml")
            .WithMetadataAt("/shared/support/greeting.swml", "Link", "flows\\support\\greeting.swml");
        await RunWithUseAsync(test, """
            internal static class Use
            {
                public const string A = Acme.Flows.Sales.Greeting.SourcePath;
                public const string B = Acme.Flows.Support.Greeting.SourcePath;
            }
            """);
    }

    [Fact]
    public async Task AClassNamedLikeAStateMethodOrAVariableKeepsItsNameAndTheMemberMoves()
    {
        var refer = "version: 1.0.0\nsections:\n  main:\n    - sip_refer: {to_uri: \"sip:a@example.com\"}\n    - play: {url: \"say: ${sip_refer_result}\"}\n";
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/a.swml", Hangup);
        test.WithMetadata("flows/a.swml", "SwmlClassName", "Main_0_Hangup");
        test.AddFlow("flows/sip_refer_result.swml", refer);
        await RunWithUseAsync(test, """
            internal static class Use
            {
                public static Acme.Flows.Main_0_Hangup A() => new();
                public static string? B(Acme.Flows.SipReferResult flow) => flow.SipReferResult2;
            }
            """);
    }

    [Fact]
    public async Task CaseKeysThatDifferOnlyInPunctuationGiveDistinctStateMethods()
    {
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/cases.swml", """
            version: 1.0.0
            sections:
              main:
                - switch:
                    variable: call.from
                    case:
                      "a-b":
                        - hangup: {}
                      "a_b":
                        - hangup: {}
                      "a.b":
                        - hangup: {}
                    default:
                      - hangup: {}
            """);
        await RunWithUseAsync(test, "internal static class Use { public static Acme.Flows.Cases A() => new(); }");
    }

    [Fact]
    public async Task AClassNamedLikeAFlowNamespaceIsAnSwmlErrorNotACompilerError()
    {
        // flows/support.swml beside flows/support/*.swml: class Acme.Flows.Support and namespace Acme.Flows.Support.
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/support.swml", Hangup);
        test.AddFlow("flows/support/billing.swml", Hangup);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SWML0601", DiagnosticSeverity.Error)
            .WithSpan(SwmlGeneratorTest.ProjectDir + "flows/support.swml", 1, 1, 1, 1)
            .WithMessage(Taken("Acme.Flows.Support", "the namespace of 'flows/support/billing.swml'", "Support2")));
        await RunWithUseAsync(test, "internal static class Use { public static object[] All() => new object[] { new Acme.Flows.Support2(), new Acme.Flows.Support.Billing() }; }");
    }

    [Fact]
    public async Task AFileNamedAfterAFolderCompilesOnceItsNamespaceOrClassIsSet()
    {
        var test = new SwmlGeneratorTest("Acme");
        test.AddFlow("flows/support.swml", Hangup);
        test.AddFlow("flows/support/billing.swml", Hangup);
        test.WithMetadata("flows/support.swml", "SwmlClassName", "SupportDesk");
        await RunWithUseAsync(test, "internal static class Use { public static object[] All() => new object[] { new Acme.Flows.SupportDesk(), new Acme.Flows.Support.Billing() }; }");
    }

    private static string Taken(string name, string owner, string compiledAs) =>
        $"'{name}' is already {owner}: set SwmlClassName or SwmlNamespace on one of the files to give this flow a name of its own (it is compiled as '{compiledAs}' meanwhile)";

    /// <summary>Runs the harness with <paramref name="use"/> compiled against the generated code.</summary>
    private static Task RunWithUseAsync(SwmlGeneratorTest test, string use)
    {
        test.WithSource(use);

        // The text of the generated files is the snapshot tests' concern; here it must compile.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}

using System.Reflection;
using System.Text.RegularExpressions;
using Swml.Language.Diagnostics;
using Swml.Language.Tests.Infrastructure;

namespace Swml.Language.Tests.Diagnostics;

/// <summary>
/// Every diagnostic has tests and documentation: a new descriptor without both fails here.
/// Tests declare what they cover with [Covers] and [NearMiss] (checked when they run, by
/// DiagnosticAssert); docs/diagnostics.md has a heading per ID, and its examples are run.
/// </summary>
public sealed partial class DiagnosticCoverageTests
{
    /// <summary>IDs no input can trigger, so no test can [Cover]; each is documented as such.</summary>
    private static readonly string[] NoInput = ["SWML0199"];

    /// <summary>
    /// IDs the source generator raises over a project's files (SWML06xx), which no document alone
    /// can trigger; Swml.Generators.Tests (GeneratedNamesTests) triggers them and their near misses.
    /// </summary>
    private static readonly string[] FromTheGenerator = ["SWML0601", "SWML0602"];

    private static readonly string[] Untriggerable = [.. NoInput, .. FromTheGenerator];

    private static readonly Dictionary<string, Type> ClassForRange = new(StringComparer.Ordinal)
    {
        ["SWML01"] = typeof(DocumentDiagnosticsTests),
        ["SWML02"] = typeof(MethodDiagnosticsTests),
        ["SWML03"] = typeof(ExpressionDiagnosticsTests),
        ["SWML04"] = typeof(ControlFlowDiagnosticsTests),
        ["SWML05"] = typeof(RuntimeDiagnosticsTests),
    };

    public static TheoryData<string> Ids() => new(DiagnosticDescriptors.All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_is_triggered_by_a_test_unless_no_input_can_trigger_it(string id)
    {
        var covering = TestMethods().Where(m => m.GetCustomAttributes<CoversAttribute>().Any(a => a.Ids.Contains(id))).ToArray();

        if (Untriggerable.Contains(id))
        {
            Assert.Empty(covering);
        }
        else
        {
            Assert.True(covering.Length > 0, $"No test has [Covers(\"{id}\")]: add one that triggers {id} and asserts its severity and spans.");
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_has_a_near_document_that_does_not_trigger_it(string id)
    {
        if (FromTheGenerator.Contains(id))
        {
            return;
        }

        Assert.True(
            TestMethods().Any(m => m.GetCustomAttributes<NearMissAttribute>().Any(a => a.Ids.Contains(id))),
            $"No test has [NearMiss(\"{id}\")]: add one with a document close to a trigger of {id} that must not report it.");
    }

    [Fact]
    public void Tests_claim_only_real_ids_and_sit_in_the_class_for_their_range()
    {
        var known = DiagnosticDescriptors.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var method in TestMethods())
        {
            var ids = method.GetCustomAttributes<CoversAttribute>().SelectMany(a => a.Ids)
                .Concat(method.GetCustomAttributes<NearMissAttribute>().SelectMany(a => a.Ids))
                .ToArray();
            foreach (var id in ids)
            {
                Assert.True(known.Contains(id), $"{method.DeclaringType!.Name}.{method.Name} names {id}, which no descriptor has.");
            }

            // The first ID a test names is the one it is about; the others are its cascades.
            if (ids.Length > 0)
            {
                Assert.Equal(ClassForRange[ids[0].Substring(0, 6)], method.DeclaringType);
            }
        }
    }

    [Fact]
    public void The_docs_have_a_heading_with_id_and_title_for_every_diagnostic_in_order()
    {
        var headings = HeadingPattern().Matches(DocsText()).Select(m => m.Value.TrimEnd()).ToArray();

        Assert.Equal(DiagnosticDescriptors.All.Select(d => $"## {d.Id}: {d.Title}"), headings);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_docs_example_prints_what_the_docs_say_and_the_fix_does_not(string id)
    {
        var descriptor = DiagnosticAssert.Descriptor(id);
        var section = DocsSection(id);
        var severity = SwmlDiagnostic.SeverityText(descriptor.Severity);
        Assert.StartsWith(char.ToUpperInvariant(severity[0]) + severity.Substring(1) + ".", section.Body.TrimStart(), StringComparison.Ordinal);

        var examples = CodeBlock("yaml").Matches(section.Body).Select(m => m.Groups["code"].Value).ToArray();
        if (Untriggerable.Contains(id))
        {
            Assert.Empty(examples);
            return;
        }

        Assert.NotEmpty(examples);
        var printed = CodeBlock("text").Match(section.Body);
        Assert.True(printed.Success, $"The section of {id} shows no output.");
        var document = DiagnosticAssert.Parse(examples[0]);
        Assert.Contains(document.Diagnostics, d => d.Id == id);
        Assert.Equal(
            printed.Groups["code"].Value.TrimEnd('\n').Split('\n'),
            document.Diagnostics.Select(d => d.ToString(DiagnosticAssert.DefaultPath)));

        foreach (var fix in examples.Skip(1))
        {
            Assert.DoesNotContain(DiagnosticAssert.Parse(fix).Diagnostics, d => d.Id == id);
        }
    }

    private static IEnumerable<MethodInfo> TestMethods() =>
        typeof(DiagnosticCoverageTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any());

    private static (string Heading, string Body) DocsSection(string id)
    {
        var text = DocsText();
        var heading = HeadingPattern().Matches(text).Single(m => m.Value.StartsWith($"## {id}:", StringComparison.Ordinal));
        var next = HeadingPattern().Match(text, heading.Index + heading.Length);
        var end = next.Success ? next.Index : text.Length;
        return (heading.Value.TrimEnd(), text.Substring(heading.Index + heading.Length, end - heading.Index - heading.Length));
    }

    private static string DocsText() => File.ReadAllText(RepositoryFile("docs/diagnostics.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string RepositoryFile(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SipRefer.sln")))
            {
                return Path.Combine(dir.FullName, relativePath);
            }
        }

        throw new InvalidOperationException("SipRefer.sln was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(?m)^## SWML[0-9]{4}:.*$")]
    private static partial Regex HeadingPattern();

    private static Regex CodeBlock(string language) => new($"```{language}\\n(?<code>.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant);
}

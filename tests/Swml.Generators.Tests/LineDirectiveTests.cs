using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Swml.Generators.Tests.Infrastructure;

namespace Swml.Generators.Tests;

/// <summary>
/// The file name of a #line directive is taken as written, with no escapes: a Windows path must
/// appear as it is (doubled backslashes would map C# errors to a file that does not exist), and
/// a path a directive cannot hold gets no directive rather than broken code.
/// </summary>
public sealed class LineDirectiveTests
{
    private const string Flow = "version: 1.0.0\nsections:\n  main:\n    - play: {url: \"say: ${call.from}\"}\n";

    [Fact]
    public void AWindowsPathIsWrittenAsItIsAndErrorsMapToIt()
    {
        const string path = @"C:\work\Acme\flows\greet.swml";
        var source = Generate(path, @"C:\work\Acme\");

        Assert.Contains(@" ""C:\work\Acme\flows\greet.swml""", source, StringComparison.Ordinal);
        Assert.DoesNotContain(@"\\", source.Split('\n').Single(l => l.StartsWith("#line (", StringComparison.Ordinal)), StringComparison.Ordinal);

        // Roslyn maps the hole back to that very path and to the ${ of the document.
        var tree = CSharpSyntaxTree.ParseText(source, GeneratorRunner.ParseOptions, cancellationToken: TestContext.Current.CancellationToken);
        var hole = tree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes()
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InterpolationSyntax>().Single();
        var mapped = tree.GetMappedLineSpan(hole.Expression.Span, TestContext.Current.CancellationToken);
        Assert.Equal(path, mapped.Path);
        Assert.Equal(new LinePosition(3, 24), mapped.StartLinePosition);
    }

    [Fact]
    public void APathADirectiveCannotHoldGetsNoDirectiveAndStillCompiles()
    {
        var source = Generate("/project/flows/say \"hi\".swml", "/project/");

        Assert.DoesNotContain("#line (", source, StringComparison.Ordinal);
        var tree = CSharpSyntaxTree.ParseText(source, GeneratorRunner.ParseOptions, cancellationToken: TestContext.Current.CancellationToken);
        Assert.DoesNotContain(tree.GetDiagnostics(TestContext.Current.CancellationToken), d => d.Severity == DiagnosticSeverity.Error);
    }

    private static string Generate(string path, string projectDir)
    {
        var driver = GeneratorRunner.CreateDriver(
            new AdditionalText[] { new InMemoryAdditionalText(path, Flow) },
            TestAnalyzerConfigOptionsProvider.ForProject("Acme", projectDir));
        var result = driver.RunGenerators(GeneratorRunner.Compilation(), TestContext.Current.CancellationToken).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return Assert.Single(result.GeneratedSources).SourceText.ToString();
    }
}

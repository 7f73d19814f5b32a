using System.Reflection;
using System.Text;
using Swml.Language.Binding;
using Swml.Language.Diagnostics;
using Swml.Language.Syntax;
using Xunit.v3;

namespace Swml.Language.Tests.Infrastructure;

/// <summary>
/// Assertions over the diagnostics of a marked-up document (see <see cref="Markup"/>). Each one
/// checks that the document's diagnostics are exactly the marked ones, nothing more: a cascade
/// the test did not expect fails it. Every document parsed here is also checked for what must
/// hold for any input: no SWML0199 and spans whose lines and columns match their offsets.
/// </summary>
public static class DiagnosticAssert
{
    /// <summary>The path documents are parsed under; messages and docs examples use it too.</summary>
    public const string DefaultPath = "flow.swml";

    /// <summary>
    /// The document reports <paramref name="id"/> (unprefixed marks) and the prefixed marks, and
    /// nothing else; every <paramref name="id"/> has <paramref name="severity"/>. The calling test
    /// must declare <c>[Covers(id)]</c>. Returns the <paramref name="id"/> diagnostics in source order.
    /// </summary>
    public static IReadOnlyList<SwmlDiagnostic> Reports(string id, DiagnosticSeverity severity, string markup, SwmlParseOptions? options = null)
    {
        RequireDeclared<CoversAttribute>(id, a => a.Ids);
        var input = Markup.Parse(markup);
        if (!input.Spans.Any(s => (s.Id ?? id) == id))
        {
            throw new ArgumentException($"The markup marks no span of {id}.", nameof(markup));
        }

        var document = Parse(input.Text, options);
        AssertExactly(input, id, document);
        var found = document.Diagnostics.Where(d => d.Id == id).ToArray();
        Assert.Equal(severity, Descriptor(id).Severity);
        Assert.All(found, d => Assert.Equal(severity, d.Severity));
        return found;
    }

    /// <summary>
    /// The document does not report <paramref name="id"/>: it reports exactly the marks, each of
    /// which names its ID, usually none. The calling test must declare <c>[NearMiss(id)]</c>.
    /// </summary>
    public static SwmlDocument DoesNotReport(string id, string markup, SwmlParseOptions? options = null)
    {
        RequireDeclared<NearMissAttribute>(id, a => a.Ids);
        var input = Markup.Parse(markup);
        if (input.Spans.Any(s => s.Id is null || s.Id == id))
        {
            throw new ArgumentException($"A near-miss document marks only other IDs, each by name ({{|SWML0406:...|}}).", nameof(markup));
        }

        var document = Parse(input.Text, options);
        AssertExactly(input, null, document);
        return document;
    }

    /// <summary>The document has no diagnostic at all.</summary>
    public static SwmlDocument ReportsNothing(string text)
    {
        var document = Parse(text);
        if (document.Diagnostics.Count > 0)
        {
            Assert.Fail("Expected no diagnostics." + Environment.NewLine + Describe(text, document));
        }

        return document;
    }

    /// <summary>Parses a document and checks what must hold for every input.</summary>
    public static SwmlDocument Parse(string text, SwmlParseOptions? options = null)
    {
        var document = SwmlDocument.Parse(text, DefaultPath, options);
        var source = document.Syntax.Text;
        foreach (var diagnostic in document.Diagnostics)
        {
            if (diagnostic.Id == DiagnosticDescriptors.InternalError.Id)
            {
                Assert.Fail("SWML0199 (internal error) must never be reported." + Environment.NewLine + Describe(text, document));
            }

            var span = diagnostic.Span;
            Assert.True(
                span.Start.Offset <= span.End.Offset && span.End.Offset <= source.Length,
                $"{diagnostic} has an inverted or out-of-range span.");
            Assert.Equal(Markup.Position(source, span.Start.Offset).ToString(), span.Start.ToString());
            Assert.Equal(Markup.Position(source, span.End.Offset).ToString(), span.End.ToString());
        }

        return document;
    }

    public static DiagnosticDescriptor Descriptor(string id) =>
        DiagnosticDescriptors.All.SingleOrDefault(d => d.Id == id) ?? throw new ArgumentException($"No descriptor has ID {id}.", nameof(id));

    private static void AssertExactly(Markup input, string? defaultId, SwmlDocument document)
    {
        var expected = input.Spans.Select(s => Key(s.Id ?? defaultId!, s.Start.ToString(), s.End.ToString())).OrderBy(k => k, StringComparer.Ordinal);
        var actual = document.Diagnostics.Select(d => Key(d.Id, d.Span.Start.ToString(), d.Span.End.ToString())).OrderBy(k => k, StringComparer.Ordinal);
        if (!expected.SequenceEqual(actual))
        {
            var message = new StringBuilder("The document's diagnostics are not the marked ones.").AppendLine()
                .AppendLine("Marked:");
            foreach (var span in input.Spans)
            {
                message.Append("  ").AppendLine(Key(span.Id ?? defaultId!, span.Start.ToString(), span.End.ToString()));
            }

            message.Append(Describe(input.Text, document));
            Assert.Fail(message.ToString());
        }
    }

    private static string Key(string id, string start, string end) => $"{id} {start}-{end}";

    private static string Describe(string text, SwmlDocument document)
    {
        var message = new StringBuilder("Reported:").AppendLine();
        foreach (var diagnostic in document.Diagnostics)
        {
            message.Append("  ").Append(diagnostic.Id).Append(' ').Append(diagnostic.Span).Append(' ')
                .Append(SwmlDiagnostic.SeverityText(diagnostic.Severity)).Append(": ").AppendLine(diagnostic.Message);
        }

        message.AppendLine("Document:");
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length && i < 60; i++)
        {
            var line = lines[i].TrimEnd('\r');
            message.Append((i + 1).ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Append("| ")
                .AppendLine(line.Length > 200 ? line.Substring(0, 200) + "..." : line);
        }

        return message.ToString();
    }

    /// <summary>The running test must declare what it asserts, so the coverage test can trust the attributes.</summary>
    private static void RequireDeclared<TAttribute>(string id, Func<TAttribute, IEnumerable<string>> ids)
        where TAttribute : Attribute
    {
        _ = Descriptor(id);
        if ((TestContext.Current.TestMethod as IXunitTestMethod)?.Method is not { } method)
        {
            return;
        }

        if (!method.GetCustomAttributes<TAttribute>().SelectMany(ids).Contains(id))
        {
            var name = typeof(TAttribute).Name.Replace("Attribute", string.Empty, StringComparison.Ordinal);
            Assert.Fail($"{method.DeclaringType?.Name}.{method.Name} asserts about {id} but does not declare [{name}(\"{id}\")].");
        }
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// SWML written inline in C# sources: every string literal (plain, verbatim or raw, but not
/// interpolated, whose text is only known at run time) that mentions <c>sections:</c> or
/// <c>"sections"</c>. Read with Roslyn, so escapes and raw-string indentation come out as the
/// tests see them.
/// </summary>
internal static class InlineSwmlLiterals
{
    public static IEnumerable<(int Line, string Text)> Find(string csharpFile)
    {
        var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(csharpFile), new CSharpParseOptions(LanguageVersion.Latest));
        foreach (var token in tree.GetRoot().DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.StringLiteralToken) &&
                !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) &&
                !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
            {
                continue;
            }

            var text = token.ValueText;
            if (text.Contains("sections:", StringComparison.Ordinal) || text.Contains("\"sections\"", StringComparison.Ordinal))
            {
                yield return (token.GetLocation().GetLineSpan().StartLinePosition.Line + 1, text);
            }
        }
    }
}

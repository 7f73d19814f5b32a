using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Swml.Generators.Helpers;

/// <summary>C# names and literals for things that come from SWML files.</summary>
internal static class Names
{
    /// <summary>refer_and_report, refer-and-report, "refer and report" all become ReferAndReport.</summary>
    public static string ToPascalCase(string text)
    {
        var builder = new StringBuilder(text.Length);
        var upper = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return Identifier(builder.ToString());
    }

    /// <summary>A valid C# identifier: prefixed with '_' when it starts with a digit or is empty, '@' for keywords.</summary>
    public static string Identifier(string name)
    {
        if (name.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(name[0]))
        {
            name = "_" + name;
        }

        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
        }

        var result = builder.ToString();
        return SyntaxFacts.GetKeywordKind(result) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(result) != SyntaxKind.None
            ? "@" + result
            : result;
    }

    /// <summary><paramref name="name"/>, or with the first free number after it (2, 3...) when <paramref name="used"/> has it; then marked used.</summary>
    public static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = name + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>A namespace from dotted or folder parts, each part a valid identifier.</summary>
    public static string Namespace(string text) =>
        string.Join(".", text.Split(new[] { '.', '/', '\\' }, StringSplitOptions.RemoveEmptyEntries).Select(ToPascalCase));

    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Literal(bool value) => value ? "true" : "false";

    public static string Literal(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0d" : text + "d";
    }

    public static string Literal(long value) => value switch
    {
        // -9223372036854775808L is no literal C# reads as one token.
        long.MinValue => "long.MinValue",
        long.MaxValue => "long.MaxValue",
        _ => value.ToString(CultureInfo.InvariantCulture) + "L",
    };

    public static string Literal(int value) => value.ToString(CultureInfo.InvariantCulture);
}

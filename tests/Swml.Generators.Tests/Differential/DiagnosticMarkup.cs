using System.Text.RegularExpressions;

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// The span markers of Swml.Language.Tests' diagnostic tests (<c>{|text|}</c>, <c>{|SWML0404:text|}</c>),
/// removed to get the document those tests parse. A document there cannot hold <c>{|</c> or <c>|}</c>.
/// </summary>
internal static partial class DiagnosticMarkup
{
    public static string Strip(string markedUp) => Marker().Replace(markedUp, string.Empty);

    [GeneratedRegex(@"\{\|(SWML[0-9]{4}:)?|\|\}")]
    private static partial Regex Marker();
}

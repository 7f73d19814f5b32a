using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Swml.Generators.Tests.Infrastructure;

/// <summary>An AdditionalText whose SourceText is made once, as the compiler's are.</summary>
internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text, System.Text.Encoding.UTF8);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

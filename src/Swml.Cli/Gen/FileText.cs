using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Swml.Cli.Gen;

/// <summary>A .swml file already read, as the compiler hands AdditionalFiles to a generator.</summary>
internal sealed class FileText : AdditionalText
{
    private readonly SourceText _text;

    public FileText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text, System.Text.Encoding.UTF8);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

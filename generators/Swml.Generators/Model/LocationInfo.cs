using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Swml.Language.Text;

namespace Swml.Generators.Model;

/// <summary>A place in a .swml file as plain values (a Location is not equatable and roots a compilation).</summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>The start of a file: where a diagnostic about the whole file goes.</summary>
    public static LocationInfo StartOf(string path) => new(path, 0, 0, 1, 1, 1, 1);

    public static LocationInfo From(string path, SourceSpan span) =>
        new(path, span.Start.Offset, span.Length, span.Start.Line, span.Start.Column, span.End.Line, span.End.Column);

    /// <summary>A Roslyn location in the additional file; lines and columns there are 0-based.</summary>
    public Location ToLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine - 1, StartColumn - 1), new LinePosition(EndLine - 1, EndColumn - 1)));

    /// <summary>
    /// An enhanced #line directive mapping generated text at <paramref name="offset"/> to this span;
    /// null for a path a directive cannot hold. Its file name is taken as written, with no escapes
    /// (C:\flows\x.swml stays so), so it cannot hold a quote or a line break.
    /// </summary>
    public string? LineDirective(int offset) =>
        FilePath.Any(c => c == '"' || char.IsControl(c) || c is '\u2028' or '\u2029')
            ? null
            : $"#line ({StartLine},{StartColumn})-({EndLine},{EndColumn}) {offset} \"{FilePath}\"";
}

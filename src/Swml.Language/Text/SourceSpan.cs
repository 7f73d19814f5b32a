namespace Swml.Language.Text;

/// <summary>A position in a source file: 1-based line and column, and the 0-based character offset.</summary>
public readonly record struct SourcePosition(int Line, int Column, int Offset)
{
    public override string ToString() => $"({Line},{Column})";
}

/// <summary>
/// A range of source text, from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).
/// Lines and columns are 1-based, as MSBuild and editors print them; offsets are 0-based, as Roslyn's
/// <c>TextSpan</c> wants them.
/// </summary>
public readonly record struct SourceSpan(SourcePosition Start, SourcePosition End)
{
    public int Length => End.Offset - Start.Offset;

    public bool IsEmpty => Length == 0;

    public bool Contains(SourceSpan other) => Start.Offset <= other.Start.Offset && other.End.Offset <= End.Offset;

    public override string ToString() => $"({Start.Line},{Start.Column})-({End.Line},{End.Column})";
}

namespace Swml.Language.Text;

/// <summary>
/// Maps between character offsets and 1-based line/column positions of one text. Line breaks are
/// CR LF, CR, LF, NEL, LS and PS, as both YamlDotNet and Roslyn count them; columns count UTF-16
/// characters, as Roslyn does.
/// </summary>
public sealed class LineMap
{
    private readonly int[] _lineStarts;

    public LineMap(string text)
    {
        Text = text ?? throw new ArgumentNullException(nameof(text));
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (c is '\n' or '\u0085' or '\u2028' or '\u2029')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = starts.ToArray();
    }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>The position of a character offset (clamped to the text).</summary>
    public SourcePosition GetPosition(int offset)
    {
        offset = Math.Max(0, Math.Min(offset, Text.Length));
        var index = Array.BinarySearch(_lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return new SourcePosition(line + 1, offset - _lineStarts[line] + 1, offset);
    }

    /// <summary>The position of a 1-based line and column (clamped to the text).</summary>
    public SourcePosition GetPosition(int line, int column)
    {
        line = Math.Max(1, Math.Min(line, _lineStarts.Length));
        var lineStart = _lineStarts[line - 1];
        var lineEnd = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        var offset = Math.Max(lineStart, Math.Min(lineStart + column - 1, lineEnd));
        return new SourcePosition(line, offset - lineStart + 1, offset);
    }

    public SourceSpan GetSpan(int startOffset, int endOffset) =>
        new(GetPosition(startOffset), GetPosition(Math.Max(startOffset, endOffset)));

    /// <summary>The text of a 1-based line, without its line break.</summary>
    public string GetLineText(int line)
    {
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        while (end > start && Text[end - 1] is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029')
        {
            end--;
        }

        return Text.Substring(start, end - start);
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Swml.Language.Tests.Infrastructure;

/// <summary>
/// A test document with the expected diagnostic spans marked inline. <c>{|text|}</c> marks a span
/// of the diagnostic under test; <c>{|SWML0404:text|}</c> marks a span of a named diagnostic. The
/// markers are removed to get the document text, so <c>url: "say: {|${x}|}"</c> is the document
/// <c>url: "say: ${x}"</c> with one expected span around <c>${x}</c>. <c>{||}</c> marks an empty
/// span. Markers may nest, and <c>${</c>, <c>%{</c> and every YAML or JSON character stay literal;
/// the one thing a document cannot hold is the text <c>{|</c> or <c>|}</c> itself.
/// </summary>
public sealed partial class Markup
{
    public const string Open = "{|";
    public const string Close = "|}";

    private Markup(string text, IReadOnlyList<MarkedSpan> spans)
    {
        Text = text;
        Spans = spans;
    }

    /// <summary>The document, markers removed.</summary>
    public string Text { get; }

    /// <summary>The marked spans, ordered by start, then end.</summary>
    public IReadOnlyList<MarkedSpan> Spans { get; }

    public static Markup Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var open = new Stack<(int Start, string? Id)>();
        var marked = new List<(int Start, int End, string? Id)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (string.CompareOrdinal(markup, i, Open, 0, Open.Length) == 0)
            {
                var afterOpen = i + Open.Length;
                var id = IdPrefix().Match(markup, afterOpen);
                var name = id.Success ? id.Groups["id"].Value : null;
                i = afterOpen + (id.Success ? id.Length : 0) - 1;

                open.Push((text.Length, name));
                continue;
            }

            if (string.CompareOrdinal(markup, i, Close, 0, Close.Length) == 0)
            {
                if (open.Count == 0)
                {
                    throw new ArgumentException($"'{Close}' at index {i} closes no '{Open}'.", nameof(markup));
                }

                var (start, name) = open.Pop();
                marked.Add((start, text.Length, name));
                i += Close.Length - 1;
                continue;
            }

            text.Append(markup[i]);
        }

        if (open.Count > 0)
        {
            throw new ArgumentException($"{open.Count} '{Open}' marker(s) are never closed.", nameof(markup));
        }

        var clean = text.ToString();
        var spans = marked
            .OrderBy(m => m.Start)
            .ThenBy(m => m.End)
            .Select(m => new MarkedSpan(m.Id, Position(clean, m.Start), Position(clean, m.End)))
            .ToArray();
        return new Markup(clean, spans);
    }

    /// <summary>
    /// The 1-based line and column of an offset, written independently of the library's LineMap.
    /// Lines end at LF, CR LF, CR, NEL, LS or PS (YamlDotNet's line breaks); columns count UTF-16 units.
    /// </summary>
    public static MarkedPosition Position(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            var c = text[i];
            if (c is '\n' or '\u0085' or '\u2028' or '\u2029' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new MarkedPosition(line, offset - lineStart + 1, offset);
    }

    [GeneratedRegex(@"\G(?<id>SWML[0-9]{4}):")]
    private static partial Regex IdPrefix();
}

/// <summary>A 1-based line and column, and the 0-based offset they stand for.</summary>
public readonly record struct MarkedPosition(int Line, int Column, int Offset)
{
    public override string ToString() => $"({Line},{Column})";
}

/// <summary>One expected span: the diagnostic ID it belongs to (null: the one under test), start and end (exclusive).</summary>
public readonly record struct MarkedSpan(string? Id, MarkedPosition Start, MarkedPosition End)
{
    public override string ToString() => $"{Start}-{End}";
}

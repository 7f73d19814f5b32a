using System.Net;
using System.Text;

namespace Swml.Cli.Demo;

/// <summary>
/// Prints a <see cref="Timeline"/> as a SIP ladder, one column per party and one row per message
/// (an arrow with the method or status), with the notes (steps, variables, what the app received)
/// on the right of the ladder at the time they happened. Every line fits in <see cref="Width"/>
/// columns: a longer note goes on, indented, on the lines below.
/// </summary>
internal sealed class TimelineWriter
{
    /// <summary>The widest line printed.</summary>
    public const int Width = 100;

    private const int TimeWidth = 8;      // "+12.345s"
    private const int FirstColumn = 12;   // where the first party's line is
    private const int Spacing = 17;       // between two parties' lines

    private readonly IReadOnlyList<(string Name, IPEndPoint EndPoint)> _parties;
    private readonly TextWriter _output;
    private readonly DateTimeOffset _start;

    public TimelineWriter(IReadOnlyList<(string Name, IPEndPoint EndPoint)> parties, DateTimeOffset start, TextWriter output)
    {
        _parties = parties;
        _start = start;
        _output = output;
    }

    /// <summary>Where notes start: a few columns right of the last party's line.</summary>
    private int NoteColumn => Column(_parties.Count - 1) + 4;

    public void Write(IEnumerable<TimelineEvent> events)
    {
        WriteHeader();
        foreach (var item in events)
        {
            switch (item)
            {
                case SipRow row:
                    WriteSip(row);
                    break;
                case NoteEvent note:
                    WriteNote(Stamp(note.Time), $"{Word(note.Kind),-5} {note.Text}");
                    break;
            }
        }
    }

    private void WriteHeader()
    {
        var line = new StringBuilder("time".PadLeft(TimeWidth).PadRight(NoteColumn));
        for (var i = 0; i < _parties.Count; i++)
        {
            var name = _parties[i].Name;
            var at = Math.Max(0, Column(i) - (name.Length - 1) / 2);
            for (var c = 0; c < name.Length; c++)
            {
                line[at + c] = name[c];
            }
        }

        _output.WriteLine(line.ToString().TrimEnd());
    }

    private void WriteSip(SipRow row)
    {
        var from = PartyOf(row.From);
        var to = PartyOf(row.To);
        var line = Verticals(Stamp(row.Time));
        if (from < 0 || to < 0 || from == to)
        {
            // A message to someone outside the demo: no arrow to draw, so say it in words.
            WriteNote(Stamp(row.Time), $"sip   {row.From} -> {row.To}: {row.Label}");
            return;
        }

        var left = Column(Math.Min(from, to));
        var right = Column(Math.Max(from, to));
        var inside = right - left - 1;
        var label = Fit(row.Label, inside - 3);
        var arrow = to > from
            ? ("-" + (label.Length + 3 <= inside - 1 ? "-" : string.Empty) + label).PadRight(inside - 1, '-') + ">"
            : ("<-" + label).PadRight(inside, '-');
        for (var c = 0; c < inside; c++)
        {
            line[left + 1 + c] = arrow[c];
        }

        var detail = row.Detail;
        if (row.Copies > 1)
        {
            detail = $"{detail} (sent {row.Copies} times)".TrimStart();
        }

        WriteLines(line, detail);
    }

    private void WriteNote(string stamp, string text) => WriteLines(Verticals(stamp), text);

    /// <summary>The line, with <paramref name="text"/> in the notes area, wrapped onto lines of verticals when it is long.</summary>
    private void WriteLines(StringBuilder line, string? text)
    {
        var width = Width - NoteColumn;
        var first = true;
        foreach (var part in Wrap(text ?? string.Empty, width, width - 2))
        {
            var current = first ? line : Verticals(string.Empty);
            current.Length = NoteColumn;
            current.Append(first ? part : "  " + part);
            _output.WriteLine(current.ToString().TrimEnd());
            first = false;
        }
    }

    private StringBuilder Verticals(string stamp)
    {
        var line = new StringBuilder(stamp.PadLeft(TimeWidth).PadRight(NoteColumn));
        for (var i = 0; i < _parties.Count; i++)
        {
            line[Column(i)] = '|';
        }

        return line;
    }

    private static int Column(int party) => FirstColumn + (party * Spacing);

    private int PartyOf(string name)
    {
        for (var i = 0; i < _parties.Count; i++)
        {
            if (_parties[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private int PartyOf(IPEndPoint endPoint)
    {
        for (var i = 0; i < _parties.Count; i++)
        {
            if (_parties[i].EndPoint.Equals(endPoint))
            {
                return i;
            }
        }

        return -1;
    }

    private string Stamp(DateTimeOffset time) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"+{Math.Max(0, (time - _start).TotalSeconds):0.000}s");

    private static string Word(NoteKind kind) => kind switch
    {
        NoteKind.Step => "step",
        NoteKind.Set => "set",
        NoteKind.Flow => "flow",
        NoteKind.App => "app",
        NoteKind.Warning => "warn",
        _ => "demo",
    };

    /// <summary>A status too long for the arrow keeps its code ("481 Call/Transaction..." becomes "481").</summary>
    private static string Fit(string label, int room)
    {
        if (label.Length <= room)
        {
            return label;
        }

        var space = label.IndexOf(' ', StringComparison.Ordinal);
        var shorter = space > 0 ? label[..space] : label;
        return shorter.Length <= room ? shorter : shorter[..room];
    }

    /// <summary>Text wrapped at <see cref="Width"/>, its lines after the first indented by <paramref name="indent"/> spaces.</summary>
    public static void WriteParagraph(TextWriter output, string text, int indent)
    {
        var first = true;
        foreach (var line in Wrap(text, Width, Width - indent))
        {
            output.WriteLine(first ? line : new string(' ', indent) + line);
            first = false;
        }
    }

    /// <summary>Words on lines of at most <paramref name="first"/> then <paramref name="rest"/> characters; a longer word is cut.</summary>
    internal static IEnumerable<string> Wrap(string text, int first, int rest)
    {
        var line = new StringBuilder();
        var room = first;
        foreach (var word in text.Split(' '))
        {
            var piece = word;
            while (true)
            {
                var needed = line.Length == 0 ? piece.Length : line.Length + 1 + piece.Length;
                if (needed <= room)
                {
                    if (line.Length > 0)
                    {
                        line.Append(' ');
                    }

                    line.Append(piece);
                    break;
                }

                if (line.Length > 0)
                {
                    yield return line.ToString();
                    line.Clear();
                    room = rest;
                    continue;
                }

                // A word longer than a line: cut it.
                yield return piece[..room];
                piece = piece[room..];
                room = rest;
            }
        }

        yield return line.ToString();
    }
}

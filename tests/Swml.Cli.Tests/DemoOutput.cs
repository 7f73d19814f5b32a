using System.Text.RegularExpressions;

namespace Swml.Cli.Tests;

/// <summary>
/// The output of <c>swml demo</c>, read back as a person reads it: one row per timeline entry,
/// with a note's wrapped lines joined to it, so assertions do not depend on where a line wraps.
/// </summary>
internal sealed partial class DemoOutput
{
    public DemoOutput(string text)
    {
        Text = text;
        Lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var rows = new List<string>();
        foreach (var line in Lines)
        {
            if (Continuation().Match(line) is { Success: true } more && rows.Count > 0 && Stamped().IsMatch(rows[^1]))
            {
                rows[^1] += " " + more.Groups["text"].Value;
            }
            else if (Stamped().IsMatch(line))
            {
                rows.Add(line);
            }
        }

        Rows = rows;
    }

    public string Text { get; }

    public IReadOnlyList<string> Lines { get; }

    /// <summary>The timeline's rows: those that start with a time such as "+0.012s", their notes unwrapped.</summary>
    public IReadOnlyList<string> Rows { get; }

    /// <summary>The last paragraph, "outcome: ...", on one line.</summary>
    public string Outcome => string.Join(" ", Lines.SkipWhile(l => !l.StartsWith("outcome: ", StringComparison.Ordinal)).Select(l => l.Trim()).Where(l => l.Length > 0));

    /// <summary>The index of the first row that matches, after <paramref name="after"/>; fails when there is none.</summary>
    public int IndexOf(string pattern, int after = -1)
    {
        var regex = new Regex(pattern);
        for (var i = after + 1; i < Rows.Count; i++)
        {
            if (regex.IsMatch(Rows[i]))
            {
                return i;
            }
        }

        Assert.Fail($"no row after {after} matches {pattern} in:\n{Text}");
        return -1;
    }

    /// <summary>A row that matches, and holds every one of <paramref name="texts"/>.</summary>
    public string Row(string pattern, params string[] texts)
    {
        var regex = new Regex(pattern);
        var row = Rows.FirstOrDefault(r => regex.IsMatch(r) && texts.All(t => r.Contains(t, StringComparison.Ordinal)));
        Assert.True(row is not null, $"no row matches {pattern} with {string.Join(", ", texts)} in:\n{Text}");
        return row!;
    }

    [GeneratedRegex(@"^\s*\+\d+\.\d{3}s ")]
    private static partial Regex Stamped();

    /// <summary>A wrapped note's next line: no time, the parties' lines, then the text.</summary>
    [GeneratedRegex(@"^\s+\|\s+\|\s+\|\s+(?<text>\S.*)$")]
    private static partial Regex Continuation();
}

using System.Text;

namespace Swml.Generators.Tests.Differential;

/// <summary>The first line where a compiled and an interpreted run differ, with the line before it and how each ended.</summary>
internal static class ObservationDiff
{
    private const string Missing = "<no such line>";
    private const int Window = 200;

    /// <summary>Null when the runs match line for line.</summary>
    public static string? FirstDifference(IReadOnlyList<string> compiled, IReadOnlyList<string> interpreted)
    {
        var count = Math.Max(compiled.Count, interpreted.Count);
        for (var i = 0; i < count; i++)
        {
            var c = i < compiled.Count ? compiled[i] : Missing;
            var n = i < interpreted.Count ? interpreted[i] : Missing;
            if (c == n)
            {
                continue;
            }

            var text = new StringBuilder();
            if (i > 0 && i - 1 < compiled.Count && i - 1 < interpreted.Count)
            {
                text.Append("    both:        ").Append(Shorten(compiled[i - 1])).Append('\n');
            }

            var at = FirstDifferentChar(c, n);
            text.Append("    compiled:    ").Append(Around(c, at)).Append('\n');
            text.Append("    interpreted: ").Append(Around(n, at)).Append('\n');
            var compiledEnd = End(compiled);
            var interpretedEnd = End(interpreted);
            if (compiledEnd != interpretedEnd && (c != compiledEnd || n != interpretedEnd))
            {
                text.Append("    (ends: compiled ").Append(compiledEnd).Append(", interpreted ").Append(interpretedEnd).Append(")\n");
            }

            return text.ToString();
        }

        return null;
    }

    private static string End(IReadOnlyList<string> lines) =>
        lines.FirstOrDefault(l => l.StartsWith(FlowObservation.EndPrefix, StringComparison.Ordinal)) ?? Missing;

    /// <summary>Long lines (vars, big arguments) cut, so a report of many documents stays readable.</summary>
    private static string Shorten(string line) => line.Length <= Window * 2 ? line : line[..Window] + " [...]";

    /// <summary>A long line around where it starts to differ, so the difference is in view.</summary>
    private static string Around(string line, int at)
    {
        if (line.Length <= Window * 2)
        {
            return line;
        }

        var start = Math.Max(0, Math.Min(at - Window / 2, line.Length - Window * 2));
        var end = Math.Min(line.Length, start + Window * 2);
        return (start > 0 ? line[..40] + " [...] " : string.Empty) + line[start..end] + (end < line.Length ? " [...]" : string.Empty);
    }

    private static int FirstDifferentChar(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i;
    }
}

namespace Swml.Language.Diagnostics;

/// <summary>"Did you mean" hints: the closest candidate by edit distance, when it is close enough.</summary>
public static class Suggestions
{
    /// <summary>The closest candidate, or null when none is plausibly what was meant.</summary>
    public static string? Closest(string value, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var limit = Math.Max(1, Math.Min(3, value.Length / 3));
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                continue;
            }

            var distance = string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase)
                ? 0
                : Distance(value, candidate, limit);
            if (distance <= limit && (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>"; did you mean 'x'?" for the closest candidate, or an empty string.</summary>
    public static string DidYouMean(string value, IEnumerable<string> candidates) =>
        Closest(value, candidates) is { } match ? $"; did you mean '{match}'?" : string.Empty;

    /// <summary>Optimal string alignment distance (edits and adjacent swaps), stopping early past <paramref name="limit"/>.</summary>
    internal static int Distance(string a, string b, int limit = int.MaxValue)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return int.MaxValue;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit)
            {
                return int.MaxValue;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}

namespace Swml.Sip.Message;

/// <summary>
/// Splits a header field value into its comma-separated elements (RFC 3261 §7.3.1), ignoring
/// commas inside quoted strings (with their escapes) and inside <c>&lt;...&gt;</c>, where a URI
/// may carry them.
/// </summary>
internal static class HeaderValueList
{
    /// <summary>
    /// The elements, trimmed, in order. Empty elements are kept (<c>a,,b</c> gives three) so a
    /// validator can reject them; an empty value gives one empty element.
    /// </summary>
    public static IReadOnlyList<string> Split(string value)
    {
        var parts = new List<string>();
        foreach (var element in Elements(value))
        {
            parts.Add(element.ToString());
        }

        return parts;
    }

    /// <summary>The elements as <see cref="Split"/> gives them, as slices of <paramref name="value"/>.</summary>
    internal static ElementEnumerator Elements(ReadOnlySpan<char> value) => new(value);

    /// <summary>Walks the elements without allocating; a single-element value is one scan.</summary>
    internal ref struct ElementEnumerator
    {
        private ReadOnlySpan<char> rest;
        private bool done;

        public ElementEnumerator(ReadOnlySpan<char> value) => rest = value;

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly ElementEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (done)
            {
                return false;
            }

            // At each top-level comma no quote or bracket is open, so every element starts afresh.
            var span = rest;
            if (!span.Contains(','))
            {
                Current = span.Trim(" \t");
                done = true;
                return true;
            }

            var inQuotes = false;
            var inAngle = false;
            for (var i = 0; i < span.Length; i++)
            {
                var c = span[i];
                if (inQuotes)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inQuotes = false;
                    }
                }
                else if (c == '"' && !inAngle)
                {
                    inQuotes = true;
                }
                else if (c == '<')
                {
                    inAngle = true;
                }
                else if (c == '>')
                {
                    inAngle = false;
                }
                else if (c == ',' && !inAngle)
                {
                    Current = span[..i].Trim(" \t");
                    rest = span[(i + 1)..];
                    return true;
                }
            }

            Current = span.Trim(" \t");
            done = true;
            return true;
        }
    }
}

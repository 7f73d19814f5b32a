namespace Swml.Sip.Message;

/// <summary>
/// Splits a header field value into its comma-separated elements (RFC 3261 §7.3.1), ignoring
/// commas inside quoted strings (with their escapes) and inside <c>&lt;...&gt;</c>, where a URI
/// may carry them.
/// </summary>
public static class HeaderValueList
{
    /// <summary>
    /// The elements, trimmed, in order. Empty elements are kept (<c>a,,b</c> gives three) so a
    /// validator can reject them; an empty value gives one empty element.
    /// </summary>
    public static IReadOnlyList<string> Split(string value)
    {
        var parts = new List<string>();
        var span = value.AsSpan();
        var start = 0;
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
                parts.Add(span[start..i].Trim(" \t").ToString());
                start = i + 1;
            }
        }

        parts.Add(span[start..].Trim(" \t").ToString());
        return parts;
    }
}

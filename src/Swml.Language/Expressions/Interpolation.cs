namespace Swml.Language.Expressions;

/// <summary>
/// One <c>${...}</c> or <c>%{...}</c> inside a string value. In calling SWML the two sigils mean the
/// same: a plain variable path is looked up, anything else is JavaScript.
/// </summary>
public readonly struct Interpolation
{
    public Interpolation(int start, int length, string code, bool isTerminated)
    {
        Start = start;
        Length = length;
        Code = code;
        IsTerminated = isTerminated;
    }

    /// <summary>Index of the '$' or '%' in the string value.</summary>
    public int Start { get; }

    /// <summary>Length including the sigil, the braces (when closed) and everything between.</summary>
    public int Length { get; }

    /// <summary>The text between the braces, untrimmed.</summary>
    public string Code { get; }

    public bool IsTerminated { get; }

    public int End => Start + Length;

    public string GetText(string value) => value.Substring(Start, Length);

    /// <summary>Finds every interpolation in a string. Braces nest, and JavaScript quotes are skipped.</summary>
    public static List<Interpolation> Scan(string value)
    {
        var result = new List<Interpolation>();
        for (var i = 0; i + 1 < value.Length; i++)
        {
            if (value[i] is not ('$' or '%') || value[i + 1] != '{')
            {
                continue;
            }

            var codeStart = i + 2;
            var end = FindClosingBrace(value, codeStart);
            if (end < 0)
            {
                result.Add(new Interpolation(i, value.Length - i, value.Substring(codeStart), isTerminated: false));
                break;
            }

            result.Add(new Interpolation(i, end + 1 - i, value.Substring(codeStart, end - codeStart), isTerminated: true));
            i = end;
        }

        return result;
    }

    /// <summary>Whether the whole string (trimmed) is exactly one closed interpolation: the schema's SWMLVar.</summary>
    public static bool IsWholeValue(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length < 3 || trimmed[0] is not ('$' or '%') || trimmed[1] != '{')
        {
            return false;
        }

        return FindClosingBrace(trimmed, 2) == trimmed.Length - 1;
    }

    public static bool Contains(string value)
    {
        for (var i = 0; i + 1 < value.Length; i++)
        {
            if (value[i] is '$' or '%' && value[i + 1] == '{')
            {
                return true;
            }
        }

        return false;
    }

    private static int FindClosingBrace(string value, int index)
    {
        var depth = 1;
        for (var i = index; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '{':
                    depth++;
                    break;
                case '}':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
                case '\'' or '"' or '`':
                    var close = SkipQuoted(value, i);
                    if (close < 0)
                    {
                        return -1;
                    }

                    i = close;
                    break;
            }
        }

        return -1;
    }

    private static int SkipQuoted(string value, int start)
    {
        var quote = value[start];
        for (var i = start + 1; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }
}

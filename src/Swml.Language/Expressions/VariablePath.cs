namespace Swml.Language.Expressions;

/// <summary>
/// A plain variable path such as <c>sip_refer_result</c>, <c>call.from</c> or <c>return_value[0].a</c>:
/// a name, then <c>.name</c> or <c>[index]</c> segments. Anything else inside <c>${}</c> is JavaScript.
/// Segments after the first may contain '-', for header names (<c>request_response_headers.content-type</c>).
/// </summary>
public sealed class VariablePath
{
    private VariablePath(string text, IReadOnlyList<string> segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    /// <summary>The names along the path; indexes appear as "[0]".</summary>
    public IReadOnlyList<string> Segments { get; }

    public string Root => Segments[0];

    public static bool TryParse(string text, out VariablePath path)
    {
        path = null!;
        var segments = new List<string>();
        var i = 0;
        if (!ReadName(text, ref i, allowDash: false, out var root))
        {
            return false;
        }

        segments.Add(root);
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                i++;
                if (!ReadName(text, ref i, allowDash: true, out var name))
                {
                    return false;
                }

                segments.Add(name);
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0 || close == i + 1 || !text.Substring(i + 1, close - i - 1).All(char.IsDigit))
                {
                    return false;
                }

                segments.Add(text.Substring(i, close - i + 1));
                i = close + 1;
            }
            else
            {
                return false;
            }
        }

        path = new VariablePath(text, segments);
        return true;
    }

    public static bool IsIdentifier(string text)
    {
        var i = 0;
        return ReadName(text, ref i, allowDash: false, out _) && i == text.Length;
    }

    private static bool ReadName(string text, ref int i, bool allowDash, out string name)
    {
        var start = i;
        if (i >= text.Length || !(char.IsLetter(text[i]) || text[i] is '_' or '$'))
        {
            name = string.Empty;
            return false;
        }

        i++;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$' || (allowDash && text[i] == '-')))
        {
            i++;
        }

        name = text.Substring(start, i - start);
        return true;
    }

    public override string ToString() => Text;
}

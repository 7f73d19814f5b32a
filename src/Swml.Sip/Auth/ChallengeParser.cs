// Reads the challenges of one WWW-Authenticate / Proxy-Authenticate value (RFC 7235 §2.1, §4.1;
// RFC 3261 §25.1 for SIP's LWS). It never splits on commas blindly: a quoted string may hold commas
// and escaped quotes (SIPSorcery split on every comma and broke on realm="a, b").
namespace Swml.Sip.Auth;

/// <summary>One challenge as written: its scheme and either a token68 or its auth-params, in order.</summary>
internal sealed record RawChallenge(string Scheme, string? Token68, IReadOnlyList<KeyValuePair<string, string>> Parameters);

internal static class ChallengeParser
{
    /// <summary>
    /// Parses <c>1#challenge</c>. Returns the challenges completed before any error; <paramref name="error"/>
    /// says what was wrong and where. It does not throw.
    /// </summary>
    public static List<RawChallenge> Parse(string value, out string? error)
    {
        var challenges = new List<RawChallenge>();
        error = null;
        var p = 0;
        while (true)
        {
            SkipWhitespaceAndCommas(value, ref p);
            if (p >= value.Length)
            {
                return challenges;
            }

            var scheme = ReadToken(value, ref p);
            if (scheme.Length == 0)
            {
                error = $"expected an auth-scheme at offset {p}";
                return challenges;
            }

            var hadSpace = SkipWhitespace(value, ref p);
            if (p >= value.Length || value[p] == ',')
            {
                challenges.Add(new RawChallenge(scheme, null, []));
                continue;
            }

            if (!hadSpace)
            {
                error = $"expected a space after the auth-scheme '{scheme}' at offset {p}";
                return challenges;
            }

            if (TryReadToken68(value, ref p, out var token68))
            {
                challenges.Add(new RawChallenge(scheme, token68, []));
                continue;
            }

            var parameters = new List<KeyValuePair<string, string>>();
            if (!TryReadParameters(value, ref p, parameters, out error))
            {
                return challenges;
            }

            challenges.Add(new RawChallenge(scheme, null, parameters));
        }
    }

    // auth-param *( OWS "," OWS auth-param ), stopping before a token that starts the next challenge.
    private static bool TryReadParameters(string value, ref int p, List<KeyValuePair<string, string>> parameters, out string? error)
    {
        while (true)
        {
            var name = ReadToken(value, ref p);
            if (name.Length == 0)
            {
                error = $"expected a parameter name at offset {p}";
                return false;
            }

            SkipWhitespace(value, ref p);
            if (p >= value.Length || value[p] != '=')
            {
                error = $"expected '=' after the parameter '{name}' at offset {p}";
                return false;
            }

            p++;
            SkipWhitespace(value, ref p);
            string parameterValue;
            if (p < value.Length && value[p] == '"')
            {
                var start = p;
                if (!TryReadQuotedString(value, ref p, out parameterValue))
                {
                    error = $"the quoted string of '{name}' starting at offset {start} is not closed";
                    return false;
                }
            }
            else
            {
                // Not the grammar's token: peers send realm=sip.example.com or nonce=ab/c+d== unquoted.
                parameterValue = ReadBareValue(value, ref p);
                if (parameterValue.Length == 0)
                {
                    error = $"the parameter '{name}' has no value (offset {p})";
                    return false;
                }
            }

            if (!HeaderText.IsSafe(parameterValue))
            {
                // Echoed into our Authorization, a CR or LF would start a new header line.
                error = $"the value of '{name}' holds a control character";
                return false;
            }

            parameters.Add(new KeyValuePair<string, string>(name, parameterValue));
            SkipWhitespace(value, ref p);
            if (p >= value.Length)
            {
                error = null;
                return true;
            }

            if (value[p] != ',')
            {
                error = $"expected ',' after the value of '{name}' at offset {p}, found '{value[p]}'";
                return false;
            }

            SkipWhitespaceAndCommas(value, ref p);
            if (p >= value.Length || !StartsParameter(value, p))
            {
                // The end, or the scheme of the next challenge (RFC 7235 §4.1 lets one value hold several).
                error = null;
                return true;
            }
        }
    }

    // After a comma: "token BWS =" continues this challenge; a token followed by anything else is a scheme.
    private static bool StartsParameter(string value, int p)
    {
        var start = p;
        ReadToken(value, ref p);
        if (p == start)
        {
            return true; // Not a token either way: let the parameter reader report it.
        }

        SkipWhitespace(value, ref p);
        return p < value.Length && value[p] == '=';
    }

    // token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", alone before "," or the end.
    private static bool TryReadToken68(string value, ref int p, out string token68)
    {
        var q = p;
        while (q < value.Length && IsToken68Char(value[q]))
        {
            q++;
        }

        if (q == p)
        {
            token68 = string.Empty;
            return false;
        }

        while (q < value.Length && value[q] == '=')
        {
            q++;
        }

        var end = q;
        SkipWhitespace(value, ref q);
        if (q < value.Length && value[q] != ',')
        {
            token68 = string.Empty;
            return false;
        }

        token68 = value[p..end];
        p = q;
        return true;
    }

    private static bool TryReadQuotedString(string value, ref int p, out string text)
    {
        var builder = new System.Text.StringBuilder();
        var q = p + 1;
        while (q < value.Length)
        {
            var c = value[q];
            if (c == '"')
            {
                p = q + 1;
                text = builder.ToString();
                return true;
            }

            if (c == '\\')
            {
                if (q + 1 >= value.Length)
                {
                    break;
                }

                builder.Append(value[q + 1]);
                q += 2;
                continue;
            }

            builder.Append(c);
            q++;
        }

        text = string.Empty;
        return false;
    }

    private static string ReadBareValue(string value, ref int p)
    {
        var start = p;
        while (p < value.Length && value[p] != ',' && value[p] != '"' && !IsWhitespace(value[p]))
        {
            p++;
        }

        return value[start..p];
    }

    private static string ReadToken(string value, ref int p)
    {
        var start = p;
        while (p < value.Length && IsTokenChar(value[p]))
        {
            p++;
        }

        return value[start..p];
    }

    private static bool SkipWhitespace(string value, ref int p)
    {
        var start = p;
        while (p < value.Length && IsWhitespace(value[p]))
        {
            p++;
        }

        return p > start;
    }

    // "#rule" lists allow empty elements: "a, , b" (RFC 7230 §7).
    private static void SkipWhitespaceAndCommas(string value, ref int p)
    {
        while (p < value.Length && (value[p] == ',' || IsWhitespace(value[p])))
        {
            p++;
        }
    }

    // CR and LF count as whitespace so that a folded value (RFC 3261 §7.3.1) still parses.
    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    // tchar (RFC 7230 §3.2.6).
    internal static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static bool IsToken68Char(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~' or '+' or '/';
}

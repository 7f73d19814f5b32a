using System.Collections;
using System.Collections.Immutable;
using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// An ordered, immutable list of parameters. Header parameters follow the generic-param grammar
/// of RFC 3261 §25.1 (<c>SEMI token [EQUAL (token / host / quoted-string)]</c>, whitespace allowed
/// around <c>;</c> and <c>=</c>); URI parameters follow §19.1.1 (paramchar and %-escapes, no
/// whitespace). Names compare case-insensitively; values are kept as written.
/// </summary>
public sealed class SipParameters : IReadOnlyList<SipParameter>
{
    private readonly ImmutableArray<SipParameter> items;

    private SipParameters(ImmutableArray<SipParameter> items) => this.items = items;

    /// <summary>No parameters.</summary>
    public static SipParameters Empty { get; } = new(ImmutableArray<SipParameter>.Empty);

    /// <inheritdoc/>
    public int Count => items.Length;

    /// <inheritdoc/>
    public SipParameter this[int index] => items[index];

    /// <summary>The value of the first parameter named <paramref name="name"/>; null when it is absent or has no value.</summary>
    public string? this[string name] => TryGet(name, out var p) ? p.Value : null;

    /// <summary>Wraps parameters already collected, without copying them.</summary>
    internal static SipParameters Of(ImmutableArray<SipParameter> items) => items.IsEmpty ? Empty : new(items);

    /// <summary>Creates a list from parameters in order.</summary>
    public static SipParameters Create(params IEnumerable<SipParameter> parameters) => new([.. parameters]);

    /// <summary>Whether a parameter named <paramref name="name"/> is present (with or without a value).</summary>
    public bool Contains(string name) => TryGet(name, out _);

    /// <summary>Finds the first parameter named <paramref name="name"/>.</summary>
    public bool TryGet(string name, out SipParameter parameter)
    {
        foreach (var p in items)
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                parameter = p;
                return true;
            }
        }

        parameter = default;
        return false;
    }

    /// <summary>The value of <paramref name="name"/> with quotes and escapes removed if it was a quoted string.</summary>
    public string? GetUnquoted(string name)
    {
        var value = this[name];
        return value is null ? null : QuotedString.Unquote(value);
    }

    /// <summary>Returns a copy where <paramref name="name"/> has <paramref name="value"/>: replaced in place, or appended.</summary>
    public SipParameters With(string name, string? value)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (string.Equals(items[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return new SipParameters(items.SetItem(i, new SipParameter(items[i].Name, value)));
            }
        }

        return new SipParameters(items.Add(new SipParameter(name, value)));
    }

    /// <summary>A copy with one more parameter at the end, even when one of that name is there (as text appended to a field would parse).</summary>
    internal SipParameters Append(string name, string? value) => new(items.Add(new SipParameter(name, value)));

    /// <summary>Returns a copy without any parameter named <paramref name="name"/>.</summary>
    public SipParameters Without(string name) =>
        new(items.RemoveAll(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Parses header parameters, e.g. <c>;tag=1 ; q = 0.5;lr</c> (RFC 3261 §25.1 generic-param).
    /// The whole text must be parameters; leading and trailing whitespace is allowed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SipParameters parameters)
    {
        var i = 0;
        return TryReadHeaderParameters(text, ref i, out parameters) && i == text.Length;
    }

    /// <summary>Writes the parameters as <c>;name=value</c> pairs.</summary>
    public void WriteTo(StringBuilder builder)
    {
        foreach (var p in items)
        {
            builder.Append(';').Append(p.Name);
            if (p.Value is not null)
            {
                builder.Append('=').Append(p.Value);
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var builder = new StringBuilder();
        WriteTo(builder);
        return builder.ToString();
    }

    /// <summary>The parameters, for loops that should not box an enumerator.</summary>
    internal ImmutableArray<SipParameter> Items => items;

    /// <inheritdoc/>
    public IEnumerator<SipParameter> GetEnumerator() => ((IEnumerable<SipParameter>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether each parameter is a generic-param (a token name, a token, host or quoted-string value), so the text parses back.</summary>
    internal bool AreValidHeaderParameters()
    {
        foreach (var p in items)
        {
            if (!SipChars.IsToken(p.Name))
            {
                return false;
            }

            var i = 0;
            if (p.Value is not null && (!TryReadGenericValue(p.Value, ref i, p.Name.Equals("received", StringComparison.OrdinalIgnoreCase)) || i != p.Value.Length))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether each parameter keeps to the URI grammar (paramchar and %-escapes, a non-empty value when there is one).</summary>
    internal bool AreValidUriParameters()
    {
        foreach (var p in items)
        {
            if (!SipChars.IsEscapedRun(p.Name, SipChars.Run.Param, allowEmpty: false)
                || (p.Value is not null && !SipChars.IsEscapedRun(p.Value, SipChars.Run.Param, allowEmpty: false)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether each header of a SIP URI keeps to its grammar (hname "=" hvalue, with %-escapes).</summary>
    internal bool AreValidUriHeaders()
    {
        foreach (var p in items)
        {
            if (!SipChars.IsEscapedRun(p.Name, SipChars.Run.Header, allowEmpty: false)
                || !SipChars.IsEscapedRun(p.Value ?? string.Empty, SipChars.Run.Header, allowEmpty: true))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The length of the text <see cref="WriteTo(StringBuilder)"/> writes.</summary>
    internal int TextLength
    {
        get
        {
            var length = 0;
            foreach (var p in items)
            {
                length += 1 + p.Name.Length + (p.Value is null ? 0 : 1 + p.Value.Length);
            }

            return length;
        }
    }

    /// <summary>Writes the text of <see cref="WriteTo(StringBuilder)"/> into a span of <see cref="TextLength"/> chars.</summary>
    internal void WriteTo(Span<char> destination)
    {
        var at = 0;
        foreach (var p in items)
        {
            destination[at++] = ';';
            p.Name.CopyTo(destination[at..]);
            at += p.Name.Length;
            if (p.Value is not null)
            {
                destination[at++] = '=';
                p.Value.CopyTo(destination[at..]);
                at += p.Value.Length;
            }
        }
    }

    /// <summary>
    /// Reads <c>*( SEMI generic-param )</c> from <paramref name="i"/> to the end of the text,
    /// leaving <paramref name="i"/> at the end. Empty names (<c>;;</c>) are rejected.
    /// </summary>
    internal static bool TryReadHeaderParameters(ReadOnlySpan<char> s, ref int i, out SipParameters parameters)
    {
        var list = default(ArrayBuilder<SipParameter>);
        var ok = ScanHeaderParameters(s, ref i, ref list, collect: true);
        parameters = ok && list.Count > 0 ? new SipParameters(list.ToImmutable()) : Empty;
        return ok;
    }

    /// <summary>Reads header parameters as <see cref="TryReadHeaderParameters"/> does, without making any.</summary>
    internal static bool SkipHeaderParameters(ReadOnlySpan<char> s, ref int i)
    {
        var none = default(ArrayBuilder<SipParameter>);
        return ScanHeaderParameters(s, ref i, ref none, collect: false);
    }

    /// <summary>Whether the whole text is header parameters, as <see cref="TryParse"/> says, without making any.</summary>
    internal static bool AreValidHeaderParameters(ReadOnlySpan<char> s)
    {
        var i = 0;
        var none = default(ArrayBuilder<SipParameter>);
        return ScanHeaderParameters(s, ref i, ref none, collect: false) && i == s.Length;
    }

    /// <summary>Reads <c>*( ";" pname [ "=" pvalue ] )</c> of a SIP URI, stopping at <c>?</c> or the end.</summary>
    internal static bool TryReadUriParameters(ReadOnlySpan<char> s, ref int i, bool materialize, out SipParameters parameters)
    {
        parameters = Empty;
        var list = default(ArrayBuilder<SipParameter>);
        while (i < s.Length && s[i] == ';')
        {
            i++;
            var nameStart = i;
            while (i < s.Length && (SipChars.IsParamChar(s[i]) || s[i] == '%'))
            {
                i++;
            }

            var name = s[nameStart..i];
            if (name.IsEmpty || !SipEscaping.IsValid(name))
            {
                return false;
            }

            string? value = null;
            if (i < s.Length && s[i] == '=')
            {
                var valueStart = ++i;
                while (i < s.Length && (SipChars.IsParamChar(s[i]) || s[i] == '%'))
                {
                    i++;
                }

                var raw = s[valueStart..i];
                if (raw.IsEmpty || !SipEscaping.IsValid(raw))
                {
                    return false;
                }

                value = materialize ? InternValue(raw) : null;
            }

            if (materialize)
            {
                list.Add(new SipParameter(InternName(name), value));
            }
        }

        if (list.Count > 0)
        {
            parameters = new SipParameters(list.ToImmutable());
        }

        return true;
    }

    internal void WriteUriParameters(StringBuilder builder) => WriteTo(builder);

    // The scan behind both header-parameter readers; strings are made only when collecting.
    private static bool ScanHeaderParameters(ReadOnlySpan<char> s, ref int i, ref ArrayBuilder<SipParameter> list, bool collect)
    {
        while (true)
        {
            i = SipChars.SkipWhitespace(s, i);
            if (i == s.Length)
            {
                return true;
            }

            if (s[i] != ';')
            {
                return false;
            }

            i = SipChars.SkipWhitespace(s, i + 1);
            var nameStart = i;
            i = SipChars.ReadToken(s, i);
            if (i == nameStart)
            {
                return false;
            }

            var name = s[nameStart..i];
            var valueStart = -1;
            var afterName = SipChars.SkipWhitespace(s, i);
            if (afterName < s.Length && s[afterName] == '=')
            {
                i = SipChars.SkipWhitespace(s, afterName + 1);
                valueStart = i;

                // Via's received= may hold a bare IPv6 address (RFC 3261 §25.1 via-received).
                var allowColon = name.Equals("received", StringComparison.OrdinalIgnoreCase);
                if (!TryReadGenericValue(s, ref i, allowColon))
                {
                    return false;
                }
            }

            if (collect)
            {
                list.Add(new SipParameter(InternName(name), valueStart < 0 ? null : InternValue(s[valueStart..i])));
            }
        }
    }

    // gen-value = token / host / quoted-string
    private static bool TryReadGenericValue(ReadOnlySpan<char> s, ref int i, bool allowColon)
    {
        if (i >= s.Length)
        {
            return false;
        }

        var start = i;
        if (s[i] == '"')
        {
            if (!QuotedString.TryRead(s, i, out _, out var end, unescape: false))
            {
                return false;
            }

            i = end;
        }
        else if (s[i] == '[')
        {
            var close = s[i..].IndexOf(']');
            if (close < 0 || !SipHost.IsValid(s.Slice(i, close + 1), allowBareIPv6: false, out _))
            {
                return false;
            }

            i += close + 1;
        }
        else
        {
            while (i < s.Length && (SipChars.IsToken(s[i]) || (allowColon && s[i] == ':')))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return true;
    }

    // The usual names, shared rather than allocated for each message; others are copied.
    private static string InternName(ReadOnlySpan<char> name) => name switch
    {
        "tag" => "tag",
        "branch" => "branch",
        "rport" => "rport",
        "received" => "received",
        "transport" => "transport",
        "lr" => "lr",
        "maddr" => "maddr",
        "ttl" => "ttl",
        "user" => "user",
        "method" => "method",
        "expires" => "expires",
        "q" => "q",
        "id" => "id",
        "reason" => "reason",
        "version" => "version",
        "ob" => "ob",
        _ => name.ToString(),
    };

    // Transport names are most of the short values that recur; shared like the names.
    private static string InternValue(ReadOnlySpan<char> value) => value switch
    {
        "UDP" => "UDP",
        "TCP" => "TCP",
        "TLS" => "TLS",
        "udp" => "udp",
        "tcp" => "tcp",
        "tls" => "tls",
        "phone" => "phone",
        _ => value.ToString(),
    };
}

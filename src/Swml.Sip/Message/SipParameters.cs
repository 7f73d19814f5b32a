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

    /// <inheritdoc/>
    public IEnumerator<SipParameter> GetEnumerator() => ((IEnumerable<SipParameter>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Reads <c>*( SEMI generic-param )</c> from <paramref name="i"/> to the end of the text,
    /// leaving <paramref name="i"/> at the end. Empty names (<c>;;</c>) are rejected.
    /// </summary>
    internal static bool TryReadHeaderParameters(ReadOnlySpan<char> s, ref int i, out SipParameters parameters)
    {
        parameters = Empty;
        ImmutableArray<SipParameter>.Builder? list = null;
        while (true)
        {
            i = SipChars.SkipWhitespace(s, i);
            if (i == s.Length)
            {
                break;
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

            var name = s[nameStart..i].ToString();
            string? value = null;
            var afterName = SipChars.SkipWhitespace(s, i);
            if (afterName < s.Length && s[afterName] == '=')
            {
                i = SipChars.SkipWhitespace(s, afterName + 1);
                // Via's received= may hold a bare IPv6 address (RFC 3261 §25.1 via-received).
                var allowColon = name.Equals("received", StringComparison.OrdinalIgnoreCase);
                if (!TryReadGenericValue(s, ref i, allowColon, out value))
                {
                    return false;
                }
            }

            (list ??= ImmutableArray.CreateBuilder<SipParameter>()).Add(new SipParameter(name, value));
        }

        if (list is not null)
        {
            parameters = new SipParameters(list.ToImmutable());
        }

        return true;
    }

    /// <summary>Reads <c>*( ";" pname [ "=" pvalue ] )</c> of a SIP URI, stopping at <c>?</c> or the end.</summary>
    internal static bool TryReadUriParameters(ReadOnlySpan<char> s, ref int i, out SipParameters parameters)
    {
        parameters = Empty;
        ImmutableArray<SipParameter>.Builder? list = null;
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

                value = raw.ToString();
            }

            (list ??= ImmutableArray.CreateBuilder<SipParameter>()).Add(new SipParameter(name.ToString(), value));
        }

        if (list is not null)
        {
            parameters = new SipParameters(list.ToImmutable());
        }

        return true;
    }

    internal void WriteUriParameters(StringBuilder builder) => WriteTo(builder);

    // gen-value = token / host / quoted-string
    private static bool TryReadGenericValue(ReadOnlySpan<char> s, ref int i, bool allowColon, out string? value)
    {
        value = null;
        if (i >= s.Length)
        {
            return false;
        }

        var start = i;
        if (s[i] == '"')
        {
            if (!QuotedString.TryRead(s, i, out _, out var end))
            {
                return false;
            }

            i = end;
        }
        else if (s[i] == '[')
        {
            var close = s[i..].IndexOf(']');
            if (close < 0 || !SipHost.TryParse(s.Slice(i, close + 1), out _))
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

        value = s[start..i].ToString();
        return true;
    }
}

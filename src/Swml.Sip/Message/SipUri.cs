using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// A SIP or SIPS URI (RFC 3261 §19.1, grammar in §25.1):
/// <c>sip:user:password@host:port;uri-parameters?headers</c>. The user, password, parameters
/// and headers are kept as written, %-escapes included; <see cref="UnescapedUser"/> decodes and
/// <see cref="IsEquivalentTo"/> compares by the rules of §19.1.4.
/// </summary>
public sealed class SipUri : AddressUri
{
    private string? text;

    // Whether ToString certainly parses back (see IsCertainlyWritable); null until asked.
    private bool? writable;

    private SipUri(bool secure, string? user, string? password, SipHost host, int? port, SipParameters parameters, SipParameters headers)
    {
        IsSecure = secure;
        User = user;
        Password = password;
        Host = host;
        Port = port;
        Parameters = parameters;
        Headers = headers;
    }

    /// <inheritdoc/>
    public override string Scheme => IsSecure ? "sips" : "sip";

    /// <summary>True for <c>sips:</c>.</summary>
    public bool IsSecure { get; }

    /// <summary>The user part as written (escaped), or null.</summary>
    public string? User { get; }

    /// <summary>The user part with %-escapes decoded (as UTF-8), or null.</summary>
    public string? UnescapedUser => User is null ? null : SipEscaping.Unescape(User);

    /// <summary>The password as written (escaped), or null. RFC 3261 §19.1.1 advises against it.</summary>
    public string? Password { get; }

    /// <summary>The host.</summary>
    public SipHost Host { get; }

    /// <summary>The port, or null when absent.</summary>
    public int? Port { get; }

    /// <summary>The URI parameters (<c>;transport=tcp;lr</c>), values as written.</summary>
    public SipParameters Parameters { get; }

    /// <summary>The headers after <c>?</c> (<c>?Replaces=...</c>), name and value as written.</summary>
    public SipParameters Headers { get; }

    /// <summary>
    /// Whether <see cref="ToString"/> certainly parses back to an equal URI: always for a parsed
    /// one; for a built one, when its user, parameters and headers keep to their grammar.
    /// </summary>
    internal bool IsCertainlyWritable => writable ??=
        (User is null || SipChars.IsEscapedRun(User, SipChars.Run.User, allowEmpty: false))
        && (Password is null || SipChars.IsEscapedRun(Password, SipChars.Run.Password, allowEmpty: true))
        && Parameters.AreValidUriParameters()
        && Headers.AreValidUriHeaders();

    /// <summary>The <c>transport</c> parameter, or null.</summary>
    public string? Transport => Parameters["transport"];

    /// <summary>Whether the <c>lr</c> parameter marks a loose router (RFC 3261 §16.4, §19.1.1).</summary>
    public bool IsLooseRouter => Parameters.Contains("lr");

    /// <summary>Creates a URI; <paramref name="user"/> is given unescaped and is escaped as needed.</summary>
    /// <exception cref="FormatException"><paramref name="host"/> is not a valid host.</exception>
    public static SipUri Create(string host, string? user = null, int? port = null, bool secure = false)
    {
        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port));
        }

        var escaped = user is null ? null : SipEscaping.Escape(user, SipChars.IsUserChar);
        return new SipUri(secure, escaped, null, SipHost.Parse(host), port, SipParameters.Empty, SipParameters.Empty);
    }

    /// <summary>Parses a whole SIP or SIPS URI.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SipUri? uri) => TryParse(text, materialize: true, out uri);

    /// <summary>Parses a whole SIP or SIPS URI; without <paramref name="materialize"/> it only checks, and <paramref name="uri"/> is null.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, bool materialize, out SipUri? uri)
    {
        uri = null;
        bool secure;
        int i;
        if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            secure = false;
            i = 4;
        }
        else if (text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            secure = true;
            i = 5;
        }
        else
        {
            return false;
        }

        // '@' appears nowhere in a SIP URI but after the userinfo, so the first one ends it.
        string? user = null;
        string? password = null;
        var at = text[i..].IndexOf('@');
        if (at >= 0)
        {
            var userinfo = text.Slice(i, at);
            var colon = userinfo.IndexOf(':');
            var userPart = colon < 0 ? userinfo : userinfo[..colon];
            if (!SipChars.IsEscapedRun(userPart, SipChars.Run.User, allowEmpty: false))
            {
                return false;
            }

            user = materialize ? userPart.ToString() : null;
            if (colon >= 0)
            {
                var passwordPart = userinfo[(colon + 1)..];
                if (!SipChars.IsEscapedRun(passwordPart, SipChars.Run.Password, allowEmpty: true))
                {
                    return false;
                }

                password = materialize ? passwordPart.ToString() : null;
            }

            i += at + 1;
        }

        if (!TryReadHostPort(text, ref i, materialize, out var host, out var port)
            || !SipParameters.TryReadUriParameters(text, ref i, materialize, out var parameters))
        {
            return false;
        }

        var headers = SipParameters.Empty;
        if (i < text.Length && text[i] == '?' && !TryReadHeaders(text, ref i, materialize, out headers))
        {
            return false;
        }

        if (i != text.Length)
        {
            return false;
        }

        if (!materialize)
        {
            return true;
        }

        uri = new SipUri(secure, user, password, host, port, parameters, headers) { writable = true };
        return true;
    }

    /// <summary>Parses a whole SIP or SIPS URI, or throws <see cref="FormatException"/>.</summary>
    public static new SipUri Parse(string text) =>
        TryParse(text, out var uri) ? uri! : throw new FormatException($"'{text}' is not a valid SIP URI.");

    /// <summary>A copy with the URI parameter set (<paramref name="value"/> as written, or null for none).</summary>
    public SipUri WithParameter(string name, string? value = null) =>
        new(IsSecure, User, Password, Host, Port, Parameters.With(name, value), Headers);

    /// <summary>A copy without the URI parameter.</summary>
    public SipUri WithoutParameter(string name) =>
        new(IsSecure, User, Password, Host, Port, Parameters.Without(name), Headers);

    /// <summary>A copy with no headers part, e.g. before using a URI as a Request-URI (RFC 3261 §19.1.5).</summary>
    public SipUri WithoutHeaders() => Headers.Count == 0 ? this : new(IsSecure, User, Password, Host, Port, Parameters, SipParameters.Empty);

    /// <summary>A copy with a header set; <paramref name="value"/> is given unescaped and is escaped as needed.</summary>
    public SipUri WithHeader(string name, string value) =>
        new(IsSecure, User, Password, Host, Port, Parameters, Headers.With(SipEscaping.Escape(name, SipChars.IsHeaderChar), SipEscaping.Escape(value, SipChars.IsHeaderChar)));

    /// <summary>
    /// URI equivalence of RFC 3261 §19.1.4: same scheme; user and password octet-equal after
    /// unescaping; hosts equal ignoring case; same port or both absent; user, ttl, method, maddr
    /// and transport parameters present in both or neither and equal; other parameters equal when
    /// in both; the same headers.
    /// </summary>
    public bool IsEquivalentTo(SipUri other)
    {
        if (IsSecure != other.IsSecure
            || !SipEscaping.EquivalentTo(User, other.User, ignoreCase: false)
            || !SipEscaping.EquivalentTo(Password, other.Password, ignoreCase: false)
            || !Host.IsEquivalentTo(other.Host)
            || Port != other.Port)
        {
            return false;
        }

        foreach (var name in (string[])["user", "ttl", "method", "maddr", "transport"])
        {
            var mine = Find(Parameters, name, out var a);
            var theirs = Find(other.Parameters, name, out var b);
            if (mine != theirs || (mine && !SipEscaping.EquivalentTo(a, b, ignoreCase: true)))
            {
                return false;
            }
        }

        foreach (var p in Parameters.Items)
        {
            if (Find(other.Parameters, p.Name, out var theirs) && !SipEscaping.EquivalentTo(p.Value, theirs, ignoreCase: true))
            {
                return false;
            }
        }

        if (Headers.Count != other.Headers.Count)
        {
            return false;
        }

        foreach (var h in Headers.Items)
        {
            if (!Find(other.Headers, h.Name, out var theirs) || !SipEscaping.EquivalentTo(h.Value, theirs, ignoreCase: false))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => text ??= Format();

    private static bool Find(SipParameters parameters, string name, out string? value)
    {
        foreach (var p in parameters.Items)
        {
            if (SipEscaping.EquivalentTo(p.Name, name, ignoreCase: true))
            {
                value = p.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    private string Format()
    {
        var builder = new StringBuilder(64);
        builder.Append(Scheme).Append(':');
        if (User is not null)
        {
            builder.Append(User);
            if (Password is not null)
            {
                builder.Append(':').Append(Password);
            }

            builder.Append('@');
        }

        builder.Append(Host.ToString());
        if (Port is { } port)
        {
            builder.Append(':').Append(port);
        }

        Parameters.WriteTo(builder);
        for (var k = 0; k < Headers.Count; k++)
        {
            builder.Append(k == 0 ? '?' : '&').Append(Headers[k].Name).Append('=').Append(Headers[k].Value);
        }

        return builder.ToString();
    }

    private static bool TryReadHostPort(ReadOnlySpan<char> s, ref int i, bool materialize, out SipHost host, out int? port)
    {
        host = default;
        port = null;
        var start = i;
        if (i < s.Length && s[i] == '[')
        {
            var close = s[i..].IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            i += close + 1;
        }
        else
        {
            while (i < s.Length && s[i] is not (':' or ';' or '?'))
            {
                i++;
            }
        }

        if (materialize ? !SipHost.TryParse(s[start..i], out host) : !SipHost.IsValid(s[start..i], allowBareIPv6: false, out _))
        {
            return false;
        }

        if (i < s.Length && s[i] == ':')
        {
            var portStart = ++i;
            while (i < s.Length && SipChars.IsDigit(s[i]))
            {
                i++;
            }

            if (!SipChars.TryParseDigits(s[portStart..i], 65535, out var value))
            {
                return false;
            }

            port = (int)value;
        }

        return true;
    }

    // headers = "?" header *( "&" header ); header = hname "=" hvalue
    private static bool TryReadHeaders(ReadOnlySpan<char> s, ref int i, bool materialize, out SipParameters headers)
    {
        headers = SipParameters.Empty;
        var list = default(ArrayBuilder<SipParameter>);
        do
        {
            i++;
            var nameStart = i;
            while (i < s.Length && (SipChars.IsHeaderChar(s[i]) || s[i] == '%'))
            {
                i++;
            }

            var name = s[nameStart..i];
            if (name.IsEmpty || !SipEscaping.IsValid(name) || i >= s.Length || s[i] != '=')
            {
                return false;
            }

            var valueStart = ++i;
            while (i < s.Length && (SipChars.IsHeaderChar(s[i]) || s[i] == '%'))
            {
                i++;
            }

            var value = s[valueStart..i];
            if (!SipEscaping.IsValid(value))
            {
                return false;
            }

            if (materialize)
            {
                list.Add(new SipParameter(name.ToString(), value.ToString()));
            }
        }
        while (i < s.Length && s[i] == '&');

        headers = materialize ? SipParameters.Of(list.ToImmutable()) : SipParameters.Empty;
        return true;
    }
}

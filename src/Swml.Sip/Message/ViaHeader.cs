using System.Globalization;
using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// One Via value (RFC 3261 §20.42, §25.1 via-parm):
/// <c>SIP/2.0/UDP host:port;branch=z9hG4bK...;received=...;rport</c>, with whitespace allowed
/// around <c>/</c>, <c>:</c>, <c>;</c> and <c>=</c>. A header line may hold several, comma-separated.
/// </summary>
public sealed class ViaHeader
{
    /// <summary>The branch prefix of RFC 3261 transaction ids (§8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    private ViaHeader(string protocolName, string protocolVersion, string transport, SipHost host, int? port, SipParameters parameters)
    {
        ProtocolName = protocolName;
        ProtocolVersion = protocolVersion;
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    /// <summary>The protocol name, normally <c>SIP</c>.</summary>
    public string ProtocolName { get; }

    /// <summary>The protocol version, normally <c>2.0</c>.</summary>
    public string ProtocolVersion { get; }

    /// <summary>The transport token as written (<c>UDP</c>, <c>TCP</c>, <c>TLS</c>, <c>SCTP</c>, <c>WS</c>, or any other token).</summary>
    public string Transport { get; }

    /// <summary>The sent-by host.</summary>
    public SipHost Host { get; }

    /// <summary>The sent-by port, or null when absent.</summary>
    public int? Port { get; }

    /// <summary>All parameters in order, values as written.</summary>
    public SipParameters Parameters { get; }

    /// <summary>The <c>branch</c> parameter, or null (RFC 2543 peers send none).</summary>
    public string? Branch => Parameters["branch"];

    /// <summary>Whether the branch starts with the RFC 3261 magic cookie.</summary>
    public bool HasRfc3261Branch => Branch is { } b && b.StartsWith(MagicCookie, StringComparison.Ordinal);

    /// <summary>The <c>received</c> parameter (§18.2.1), or null.</summary>
    public string? Received => Parameters["received"];

    /// <summary>Whether the <c>rport</c> parameter is present, with or without a value (RFC 3581).</summary>
    public bool HasRPort => Parameters.Contains("rport");

    /// <summary>The value of <c>rport</c>, or null when absent or empty.</summary>
    public int? RPort => ReadNumber("rport");

    /// <summary>The <c>maddr</c> parameter, or null.</summary>
    public string? Maddr => Parameters["maddr"];

    /// <summary>The <c>ttl</c> parameter, or null.</summary>
    public int? Ttl => ReadNumber("ttl");

    /// <summary>Creates <c>SIP/2.0/{transport} host[:port];branch=...</c>.</summary>
    /// <exception cref="ArgumentException">The transport or branch is not a token.</exception>
    /// <exception cref="FormatException">The host is not valid.</exception>
    public static ViaHeader Create(string transport, string host, int? port, string branch)
    {
        if (!SipChars.IsToken(transport) || !SipChars.IsToken(branch))
        {
            throw new ArgumentException("The transport and the branch must be tokens.");
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port));
        }

        return new ViaHeader("SIP", "2.0", transport.ToUpperInvariant(), SipHost.Parse(host), port, SipParameters.Empty.With("branch", branch));
    }

    /// <summary>Parses one via-parm.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ViaHeader? via)
    {
        via = null;
        var s = text.Trim(" \t");
        var i = 0;
        if (!TryReadToken(s, ref i, out var name) || !TrySlash(s, ref i)
            || !TryReadToken(s, ref i, out var version) || !TrySlash(s, ref i)
            || !TryReadToken(s, ref i, out var transport))
        {
            return false;
        }

        // sent-protocol LWS sent-by: at least one space.
        var hostStart = SipChars.SkipWhitespace(s, i);
        if (hostStart == i)
        {
            return false;
        }

        i = hostStart;
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
            while (i < s.Length && s[i] is not (':' or ';' or ' ' or '\t'))
            {
                i++;
            }
        }

        if (!SipHost.TryParse(s[hostStart..i], out var host))
        {
            return false;
        }

        int? port = null;
        var colon = SipChars.SkipWhitespace(s, i);
        if (colon < s.Length && s[colon] == ':')
        {
            var portStart = SipChars.SkipWhitespace(s, colon + 1);
            i = portStart;
            while (i < s.Length && SipChars.IsDigit(s[i]))
            {
                i++;
            }

            if (!SipChars.TryParseDigits(s[portStart..i], 65535, out var p))
            {
                return false;
            }

            port = (int)p;
        }

        if (!SipParameters.TryReadHeaderParameters(s, ref i, out var parameters) || i != s.Length || !AreKnownParametersValid(parameters))
        {
            return false;
        }

        via = new ViaHeader(name, version, transport, host, port, parameters);
        return true;
    }

    /// <summary>Parses one via-parm, or throws <see cref="FormatException"/>.</summary>
    public static ViaHeader Parse(string text) =>
        TryParse(text, out var via) ? via! : throw new FormatException($"'{text}' is not a valid Via value.");

    /// <summary>A copy with a parameter set (value as written, null for none), e.g. <c>received</c> or <c>rport</c>.</summary>
    /// <exception cref="ArgumentException">The name is not a token, or the value does not fit the parameter.</exception>
    public ViaHeader WithParameter(string name, string? value)
    {
        var parameters = Parameters.With(name, value);
        if (!SipChars.IsToken(name) || !AreWritable(parameters) || !AreKnownParametersValid(parameters))
        {
            throw new ArgumentException($"'{name}={value}' is not a valid Via parameter.", nameof(value));
        }

        return new(ProtocolName, ProtocolVersion, Transport, Host, Port, parameters);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var builder = new StringBuilder(64);
        builder.Append(ProtocolName).Append('/').Append(ProtocolVersion).Append('/').Append(Transport).Append(' ').Append(Host.ToString());
        if (Port is { } port)
        {
            builder.Append(':').Append(port);
        }

        Parameters.WriteTo(builder);
        return builder.ToString();
    }

    // Whether the parameters' text parses as header parameters, checked in a buffer rather than a string.
    private static bool AreWritable(SipParameters parameters)
    {
        var length = parameters.TextLength;
        var rented = length > 256 ? System.Buffers.ArrayPool<char>.Shared.Rent(length) : null;
        var text = (rented ?? stackalloc char[256])[..length];
        parameters.WriteTo(text);
        var ok = SipParameters.AreValidHeaderParameters(text);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }

        return ok;
    }

    private int? ReadNumber(string name) =>
        int.TryParse(Parameters[name], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static bool AreKnownParametersValid(SipParameters parameters)
    {
        foreach (var p in parameters.Items)
        {
            var name = p.Name;
            var ok = true;
            if (name.Equals("branch", StringComparison.OrdinalIgnoreCase))
            {
                ok = p.Value is not null && SipChars.IsToken(p.Value);
            }
            else if (name.Equals("received", StringComparison.OrdinalIgnoreCase))
            {
                ok = p.Value is not null && SipHost.IsValid(p.Value, allowBareIPv6: true, out var kind) && kind != SipHostKind.Name;
            }
            else if (name.Equals("rport", StringComparison.OrdinalIgnoreCase))
            {
                ok = p.Value is null || SipChars.TryParseDigits(p.Value, 65535, out _);
            }
            else if (name.Equals("ttl", StringComparison.OrdinalIgnoreCase))
            {
                ok = p.Value is not null && SipChars.TryParseDigits(p.Value, 255, out _);
            }
            else if (name.Equals("maddr", StringComparison.OrdinalIgnoreCase))
            {
                ok = p.Value is not null && SipHost.IsValid(p.Value, allowBareIPv6: false, out _);
            }

            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadToken(ReadOnlySpan<char> s, ref int i, out string token)
    {
        var start = i;
        i = SipChars.ReadToken(s, i);
        token = Intern(s[start..i]);
        return i > start;
    }

    // The protocol name, version and transport almost always are one of these: shared, not copied.
    private static string Intern(ReadOnlySpan<char> token) => token switch
    {
        "SIP" => "SIP",
        "2.0" => "2.0",
        "UDP" => "UDP",
        "TCP" => "TCP",
        "TLS" => "TLS",
        "SCTP" => "SCTP",
        "WS" => "WS",
        "WSS" => "WSS",
        _ => token.ToString(),
    };

    // SLASH = SWS "/" SWS
    private static bool TrySlash(ReadOnlySpan<char> s, ref int i)
    {
        i = SipChars.SkipWhitespace(s, i);
        if (i >= s.Length || s[i] != '/')
        {
            return false;
        }

        i = SipChars.SkipWhitespace(s, i + 1);
        return true;
    }
}

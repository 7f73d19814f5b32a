using System.Net;
using System.Net.Sockets;

namespace Swml.Sip.Message;

/// <summary>What kind of host a <see cref="SipHost"/> is.</summary>
public enum SipHostKind
{
    /// <summary>A domain name (RFC 3261 §25.1 hostname).</summary>
    Name,

    /// <summary>A dotted IPv4 address.</summary>
    IPv4,

    /// <summary>An IPv6 address, written in brackets in URIs and sent-by (RFC 5118).</summary>
    IPv6,
}

/// <summary>
/// A host of RFC 3261 §25.1: <c>hostname / IPv4address / IPv6reference</c>. The text is kept as
/// written (without the brackets of an IPv6 reference); host names compare case-insensitively.
/// </summary>
public readonly record struct SipHost
{
    private readonly string? value;

    private SipHost(SipHostKind kind, string value)
    {
        Kind = kind;
        this.value = value;
    }

    /// <summary>Name, IPv4 or IPv6.</summary>
    public SipHostKind Kind { get; }

    /// <summary>The host as written, without brackets for IPv6.</summary>
    public string Value => value ?? string.Empty;

    /// <summary>Parses a host; an IPv6 address must be in brackets.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SipHost host) => TryParse(text, allowBareIPv6: false, out host);

    /// <summary>Parses a host, or throws <see cref="FormatException"/>.</summary>
    public static SipHost Parse(string text) =>
        TryParse(text, out var host) ? host : throw new FormatException($"'{text}' is not a valid SIP host.");

    /// <summary>The host text of an address as it goes into a URI or a Via: IPv6 in brackets, without a scope.</summary>
    public static string Format(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        // A scope (fe80::1%eth0) is this machine's own; it has no place in SIP (RFC 3261 §25.1).
        var unscoped = address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());
        return "[" + unscoped + "]";
    }

    /// <summary>The address, for IPv4 and IPv6 hosts.</summary>
    public IPAddress? ToIPAddress() => Kind == SipHostKind.Name ? null : IPAddress.Parse(Value);

    /// <summary>Whether both are the same host: names case-insensitively, addresses by value.</summary>
    public bool IsEquivalentTo(SipHost other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        return Kind == SipHostKind.Name
            ? string.Equals(Value.TrimEnd('.'), other.Value.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
            : ToIPAddress()!.Equals(other.ToIPAddress());
    }

    /// <summary>The host as it goes into a URI: IPv6 in brackets.</summary>
    public override string ToString() => Kind == SipHostKind.IPv6 ? "[" + Value + "]" : Value;

    /// <summary>Parses a host; <paramref name="allowBareIPv6"/> admits Via's <c>received=</c> form (RFC 3261 §25.1, RFC 5118 §4.5).</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, bool allowBareIPv6, out SipHost host)
    {
        host = default;
        if (!IsValid(text, allowBareIPv6, out var kind))
        {
            return false;
        }

        host = new SipHost(kind, (text[0] == '[' ? text[1..^1] : text).ToString());
        return true;
    }

    /// <summary>What <see cref="TryParse(ReadOnlySpan{char}, bool, out SipHost)"/> accepts, and its kind, without making the host.</summary>
    internal static bool IsValid(ReadOnlySpan<char> text, bool allowBareIPv6, out SipHostKind kind)
    {
        kind = SipHostKind.Name;
        if (text.IsEmpty)
        {
            return false;
        }

        if (text[0] == '[')
        {
            kind = SipHostKind.IPv6;
            return text.Length >= 3 && text[^1] == ']' && IsIPv6(text[1..^1]);
        }

        if (text.Contains(':'))
        {
            kind = SipHostKind.IPv6;
            return allowBareIPv6 && IsIPv6(text);
        }

        if (IsIPv4(text))
        {
            kind = SipHostKind.IPv4;
            return true;
        }

        return IsHostName(text);
    }

    internal static bool IsIPv4(ReadOnlySpan<char> s)
    {
        // IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT; each octet is also kept to 255.
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < s.Length && SipChars.IsDigit(s[i]) && i - start < 4)
            {
                i++;
            }

            if (i == start || i - start > 3 || !SipChars.TryParseDigits(s[start..i], 255, out _))
            {
                return false;
            }

            parts++;
            if (i == s.Length)
            {
                return parts == 4;
            }

            if (s[i] != '.' || parts == 4)
            {
                return false;
            }

            i++;
        }
    }

    // hostname = *( domainlabel "." ) toplabel [ "." ]; the top label starts with a letter.
    private static bool IsHostName(ReadOnlySpan<char> s)
    {
        if (s[^1] == '.')
        {
            s = s[..^1];
        }

        if (s.IsEmpty)
        {
            return false;
        }

        var lastLabel = s;
        while (!s.IsEmpty)
        {
            var dot = s.IndexOf('.');
            var label = dot < 0 ? s : s[..dot];
            if (!IsLabel(label))
            {
                return false;
            }

            lastLabel = label;
            s = dot < 0 ? ReadOnlySpan<char>.Empty : s[(dot + 1)..];
            if (dot >= 0 && s.IsEmpty)
            {
                return false;
            }
        }

        return SipChars.IsAlpha(lastLabel[0]);
    }

    private static bool IsLabel(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || !SipChars.IsAlphanum(label[0]) || !SipChars.IsAlphanum(label[^1]))
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!SipChars.IsAlphanum(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIPv6(ReadOnlySpan<char> s)
    {
        // Only hex digits, colons and dots: IPAddress also accepts scope ids and other forms.
        if (s.Length < 2 || s.Length > 45)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!SipChars.IsHex(c) && c != ':' && c != '.')
            {
                return false;
            }
        }

        return IPAddress.TryParse(s, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }
}

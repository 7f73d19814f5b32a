using System.Text.RegularExpressions;

namespace Swml.Language.Binding;

/// <summary>
/// Checks for the string forms the catalog names: http(s) URLs, SIP URIs, play URLs. Each check
/// returns null when the value is fine, or a short reason for the message.
/// </summary>
internal static class StringFormats
{
    // The play URL forms of the official schema, one optional space after the colon.
    private static readonly Regex PlayForm = new(
        @"^(?:say: ?.*|silence: ?[0-9.]*|ring: ?[0-9.]*: ?[a-zA-Z]{2}|ring: ?[a-zA-Z]{2})$",
        RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static readonly Regex HostName = new(
        @"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?$",
        RegexOptions.CultureInvariant);

    private static readonly Regex TelNumber = new(
        @"^(?:\+[0-9().\-]*[0-9][0-9().\-]*|[0-9A-Fa-f*#().\-]*[0-9A-Fa-f*#][0-9A-Fa-f*#().\-]*)$",
        RegexOptions.CultureInvariant);

    public static bool IsHttpUrl(string value) =>
        value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An http:// or https:// URL with a non-empty authority and no white space. Deliberately not
    /// System.Uri's full grammar: SignalWire's own examples use placeholder hosts such as
    /// https://&lt;uuid&gt;.ngrok-free.app, and the schema accepts them.
    /// </summary>
    public static bool CheckHttpUrl(string value) =>
        !value.Any(char.IsWhiteSpace) && HasHost(value);

    /// <summary>An http:// or https:// URL with a non-empty host, whatever else it holds.</summary>
    public static bool HasHost(string value)
    {
        if (!IsHttpUrl(value))
        {
            return false;
        }

        var authorityStart = value.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = value.IndexOfAny(new[] { '/', '?', '#' }, authorityStart);
        var authority = authorityEnd < 0 ? value.Substring(authorityStart) : value.Substring(authorityStart, authorityEnd - authorityStart);
        var host = authority.Substring(authority.LastIndexOf('@') + 1);
        return host.Length > 0 && host[0] != ':';
    }

    /// <summary>The password of a URL's user:password@ part, when there is one.</summary>
    public static string? UrlPassword(string value)
    {
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return null;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = value.IndexOfAny(new[] { '/', '?', '#' }, authorityStart);
        var authority = authorityEnd < 0 ? value.Substring(authorityStart) : value.Substring(authorityStart, authorityEnd - authorityStart);
        var at = authority.LastIndexOf('@');
        if (at < 0)
        {
            return null;
        }

        var colon = authority.IndexOf(':');
        return colon >= 0 && colon < at ? authority.Substring(colon + 1, at - colon - 1) : null;
    }

    /// <summary>A URL with one of the given schemes (rtp://, wss://...).</summary>
    public static string? CheckUri(string value, IReadOnlyList<string> schemes)
    {
        var colon = value.IndexOf(':');
        var scheme = colon > 0 ? value.Substring(0, colon).ToLowerInvariant() : string.Empty;
        if (!schemes.Contains(scheme))
        {
            return $"a URI starting with {string.Join(", ", schemes.Select(s => s + "://"))}";
        }

        return System.Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? null
            : $"an absolute {scheme}:// URI with a host";
    }

    /// <summary>A play URL: http(s)://, say:, silence:, ring:.</summary>
    public static bool CheckPlayUrl(string value) =>
        IsHttpUrl(value) ? CheckHttpUrl(value) : PlayForm.IsMatch(value);

    /// <summary>A sip:/sips: URI (RFC 3261 §19.1) or a tel: URI (RFC 3966), loosely but usefully checked.</summary>
    public static string? CheckSipUri(string value)
    {
        if (value.StartsWith("<", StringComparison.Ordinal))
        {
            return "write the bare URI, without '<' and '>'";
        }

        if (value.Any(char.IsWhiteSpace))
        {
            return "a URI has no spaces";
        }

        var colon = value.IndexOf(':');
        var scheme = colon > 0 ? value.Substring(0, colon).ToLowerInvariant() : string.Empty;
        var rest = colon > 0 ? value.Substring(colon + 1) : value;
        switch (scheme)
        {
            case "sip" or "sips":
                return CheckSipHostPart(rest);
            case "tel":
                var number = rest.Split(';')[0];
                return TelNumber.IsMatch(number) ? null : $"'{number}' is not a telephone number";
            default:
                return colon > 0 ? $"the scheme '{scheme}' is not sip, sips or tel" : "it has no scheme; write e.g. 'sip:" + value + "'";
        }
    }

    private static string? CheckSipHostPart(string rest)
    {
        var headersAt = rest.IndexOf('?');
        var main = headersAt >= 0 ? rest.Substring(0, headersAt) : rest;
        var paramsAt = main.IndexOf(';');
        var hostPort = paramsAt >= 0 ? main.Substring(0, paramsAt) : main;
        var at = hostPort.LastIndexOf('@');
        if (at == 0)
        {
            return "the user part before '@' is empty";
        }

        if (at >= 0)
        {
            hostPort = hostPort.Substring(at + 1);
        }

        if (hostPort.Length == 0)
        {
            return "it has no host";
        }

        string host;
        string? port = null;
        if (hostPort.StartsWith("[", StringComparison.Ordinal))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0 || !System.Net.IPAddress.TryParse(hostPort.Substring(1, close - 1), out _))
            {
                return $"'{hostPort}' is not a valid IPv6 reference";
            }

            host = hostPort.Substring(0, close + 1);
            if (close + 1 < hostPort.Length)
            {
                if (hostPort[close + 1] != ':')
                {
                    return $"unexpected text after '{host}'";
                }

                port = hostPort.Substring(close + 2);
            }
        }
        else
        {
            var portAt = hostPort.LastIndexOf(':');
            host = portAt >= 0 ? hostPort.Substring(0, portAt) : hostPort;
            port = portAt >= 0 ? hostPort.Substring(portAt + 1) : null;
            if (!HostName.IsMatch(host))
            {
                return $"'{host}' is not a valid host";
            }
        }

        if (port is not null && !(int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535))
        {
            return $"'{port}' is not a valid port";
        }

        return null;
    }
}

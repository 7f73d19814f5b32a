using System.Net.Http.Headers;
using System.Text;

namespace Swml.Runtime.Calls;

/// <summary>
/// SWML URLs may carry Basic credentials as user:password@. They are taken out of the URL before
/// it is requested or shown anywhere, and sent as an Authorization header instead.
/// </summary>
public static partial class HttpUrls
{
    /// <summary>Parses an absolute http(s) URL and splits off its credentials.</summary>
    public static bool TrySplit(string url, out Uri uri, out AuthenticationHeaderValue? authorization)
    {
        authorization = null;
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var parsed) ||
            (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            uri = null!;
            return false;
        }

        uri = parsed;
        if (parsed.UserInfo.Length == 0)
        {
            return true;
        }

        var separator = parsed.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(separator < 0 ? parsed.UserInfo : parsed.UserInfo[..separator]);
        var password = separator < 0 ? string.Empty : Uri.UnescapeDataString(parsed.UserInfo[(separator + 1)..]);
        authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        uri = new UriBuilder(parsed) { UserName = string.Empty, Password = string.Empty }.Uri;
        return true;
    }

    /// <summary>
    /// Text (an error message, a log line) with the user:password@ of every URL in it written as
    /// ***@: a message may quote a URL it did not parse.
    /// </summary>
    public static string RedactText(string text) =>
        text.Contains("://", StringComparison.Ordinal) ? Credentials().Replace(text, "://***@") : text;

    [System.Text.RegularExpressions.GeneratedRegex(@"://[^\s/?#@""'<>]+@", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Credentials();

    /// <summary>The URL without its credentials, for variables, logs and error messages.</summary>
    public static string Redact(string url)
    {
        if (Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var parsed) && parsed.UserInfo.Length > 0)
        {
            return new UriBuilder(parsed) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
        }

        // Not a URL we can parse: still never show what looks like user:password@.
        var at = url?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        var scheme = url?.IndexOf("://", StringComparison.Ordinal) ?? -1;
        return at > scheme && scheme >= 0 ? url![..(scheme + 3)] + "***@" + url[(at + 1)..] : url ?? string.Empty;
    }
}

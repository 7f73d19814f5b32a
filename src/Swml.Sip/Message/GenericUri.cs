namespace Swml.Sip.Message;

/// <summary>
/// A URI of a scheme this library does not model (RFC 3261 §25.1 absoluteURI, as in RFC 2396):
/// <c>http:</c>, <c>urn:</c>, <c>isbn:</c> and so on. Only the syntax is checked and the text
/// is kept; RFC 4475 §3.3.2-3.3.4 expect such URIs to parse and be refused, if at all, by the
/// application (416 Unsupported URI Scheme).
/// </summary>
public sealed class GenericUri : AddressUri
{
    private readonly string text;

    private GenericUri(string scheme, string text)
    {
        Scheme = scheme;
        this.text = text;
    }

    /// <inheritdoc/>
    public override string Scheme { get; }

    /// <summary>Everything after the colon, as written.</summary>
    public string SchemeSpecificPart => text[(Scheme.Length + 1)..];

    /// <summary>Parses <c>scheme ":" 1*uric</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out GenericUri? uri) => TryParse(text, materialize: true, out uri);

    /// <summary>Parses <c>scheme ":" 1*uric</c>; without <paramref name="materialize"/> it only checks, and <paramref name="uri"/> is null.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, bool materialize, out GenericUri? uri)
    {
        uri = null;
        var colon = SchemeLength(text);
        if (colon <= 0 || colon + 1 >= text.Length)
        {
            return false;
        }

        var rest = text[(colon + 1)..];
        foreach (var c in rest)
        {
            if (!SipChars.IsUric(c) && c != '%')
            {
                return false;
            }
        }

        if (!SipEscaping.IsValid(rest))
        {
            return false;
        }

        uri = materialize ? new GenericUri(text[..colon].ToString().ToLowerInvariant(), text.ToString()) : null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => text;
}

namespace Swml.Sip.Message;

/// <summary>
/// A URI in a SIP message: the Request-URI or the addr-spec of a name-addr (RFC 3261 §25.1:
/// <c>SIP-URI / SIPS-URI / absoluteURI</c>). <see cref="SipUri"/> and <see cref="TelUri"/> are
/// parsed into parts; any other scheme becomes a <see cref="GenericUri"/> that keeps its text.
/// </summary>
public abstract class AddressUri : IEquatable<AddressUri>
{
    private protected AddressUri()
    {
    }

    /// <summary>The scheme in lower case (<c>sip</c>, <c>sips</c>, <c>tel</c>, ...).</summary>
    public abstract string Scheme { get; }

    /// <summary>Parses any URI, choosing the type from its scheme.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out AddressUri uri) => TryParse(text, materialize: true, out uri);

    /// <summary>Parses any URI; without <paramref name="materialize"/> it only checks, and <paramref name="uri"/> is null.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, bool materialize, out AddressUri uri)
    {
        uri = null!;
        var colon = SchemeLength(text);
        if (colon <= 0)
        {
            return false;
        }

        var scheme = text[..colon];
        if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            var ok = SipUri.TryParse(text, materialize, out var sip);
            uri = sip!;
            return ok;
        }

        if (scheme.Equals("tel", StringComparison.OrdinalIgnoreCase))
        {
            var ok = TelUri.TryParse(text, materialize, out var tel);
            uri = tel!;
            return ok;
        }

        var generic = GenericUri.TryParse(text, materialize, out var other);
        uri = other!;
        return generic;
    }

    /// <summary>Parses any URI, or throws <see cref="FormatException"/>.</summary>
    public static AddressUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException($"'{text}' is not a valid URI.");

    /// <summary>The URI as it is written into a message.</summary>
    public abstract override string ToString();

    /// <summary>Same text (for URI equivalence see <see cref="SipUri.IsEquivalentTo"/>).</summary>
    public bool Equals(AddressUri? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as AddressUri);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>Length of <c>scheme</c> before the colon (RFC 2396 §3.1), or -1.</summary>
    internal static int SchemeLength(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !SipChars.IsAlpha(text[0]))
        {
            return -1;
        }

        var i = 1;
        while (i < text.Length && SipChars.IsSchemeChar(text[i]))
        {
            i++;
        }

        return i < text.Length && text[i] == ':' ? i : -1;
    }
}

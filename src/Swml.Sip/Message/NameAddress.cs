using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// The value of From, To, Contact, Route, Record-Route, Refer-To and Referred-By (RFC 3261
/// §20.10, §25.1): <c>[display-name] &lt;addr-spec&gt; *(;param)</c>, or a bare addr-spec. In
/// the bare form every parameter after the URI is a header parameter (§20.10), so a URI with
/// <c>;</c>, <c>,</c> or <c>?</c> must be in angle brackets (§20; RFC 4475 §3.1.2.13, §3.3.12).
/// </summary>
public sealed class NameAddress
{
    // ToString, made once: the dialog's From, To and Contact are written into every request.
    private string? text;

    // Whether ToString certainly parses back (see IsCertainlyWritable); null until asked.
    private bool? writable;

    /// <summary>Creates a name-addr.</summary>
    /// <param name="uri">The address.</param>
    /// <param name="displayName">The display name, unquoted; null for none.</param>
    /// <param name="parameters">Header parameters such as <c>tag</c>; values as written.</param>
    public NameAddress(AddressUri uri, string? displayName = null, SipParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (displayName is not null && displayName.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A display name cannot hold CR or LF.", nameof(displayName));
        }

        Uri = uri;
        DisplayName = displayName;
        Parameters = parameters ?? SipParameters.Empty;
        HasAngleBrackets = true;
    }

    /// <summary>The display name without quotes and escapes, or null when there is none.</summary>
    public string? DisplayName { get; }

    /// <summary>The address.</summary>
    public AddressUri Uri { get; }

    /// <summary>The header parameters (<c>tag</c>, <c>expires</c>, <c>q</c>, ...), values as written.</summary>
    public SipParameters Parameters { get; }

    /// <summary>The <c>tag</c> parameter of From and To (RFC 3261 §19.3), or null.</summary>
    public string? Tag => Parameters["tag"];

    /// <summary>Whether the parsed text used <c>&lt;...&gt;</c>; Route and Record-Route require it (§25.1 route-param).</summary>
    internal bool HasAngleBrackets { get; private init; }

    /// <summary>
    /// Whether <see cref="ToString"/> certainly parses back to an equal value, known without writing
    /// and parsing it: always for a parsed value; for a built one, when its URI and parameters keep
    /// to their grammar. False means "not known", and the caller checks the slow way.
    /// </summary>
    internal bool IsCertainlyWritable => writable ??= (Uri is not SipUri sip || sip.IsCertainlyWritable) && Parameters.AreValidHeaderParameters();

    /// <summary>Parses one name-addr or addr-spec (one element of a comma-separated list).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NameAddress? value) => TryParse(text, materialize: true, out value, out _);

    /// <summary>Whether the text is one name-addr or addr-spec, checked without making it; and whether it used angle brackets.</summary>
    internal static bool IsValid(ReadOnlySpan<char> text, out bool hasAngleBrackets) => TryParse(text, materialize: false, out _, out hasAngleBrackets);

    private static bool TryParse(ReadOnlySpan<char> text, bool materialize, out NameAddress? value, out bool hasAngleBrackets)
    {
        value = null;
        hasAngleBrackets = true;
        var s = text.Trim(" \t");
        if (s.IsEmpty)
        {
            return false;
        }

        string? displayName = null;
        var i = 0;
        if (s[0] == '"')
        {
            if (!QuotedString.TryRead(s, 0, out var quoted, out var end, unescape: materialize))
            {
                return false;
            }

            displayName = quoted;
            i = SipChars.SkipWhitespace(s, end);
            if (i >= s.Length || s[i] != '<')
            {
                return false;
            }
        }
        else if (s[0] != '<')
        {
            var first = SipChars.ReadToken(s, 0);
            if (first < s.Length && s[first] == ':')
            {
                hasAngleBrackets = false;
                return TryParseBare(s, materialize, out value);
            }

            // display-name = *(token LWS): tokens up to the '<', whitespace between them.
            while (true)
            {
                var tokenEnd = SipChars.ReadToken(s, i);
                if (tokenEnd == i)
                {
                    return false;
                }

                i = SipChars.SkipWhitespace(s, tokenEnd);
                if (i >= s.Length || (s[i] != '<' && i == tokenEnd))
                {
                    return false;
                }

                if (s[i] == '<')
                {
                    break;
                }
            }

            displayName = materialize ? s[..i].TrimEnd(" \t").ToString() : null;
        }

        // LAQUOT addr-spec RAQUOT: nothing but the URI between the brackets.
        var close = s[(i + 1)..].IndexOf('>');
        if (close < 0)
        {
            return false;
        }

        var uriText = s.Slice(i + 1, close);
        if (uriText.IndexOfAny(" \t<\"") >= 0 || !AddressUri.TryParse(uriText, materialize, out var uri))
        {
            return false;
        }

        i += close + 2;
        if (!ReadParameters(s, ref i, materialize, out var parameters) || i != s.Length)
        {
            return false;
        }

        value = materialize ? new NameAddress(uri, displayName, parameters) { writable = true } : null;
        return true;
    }

    /// <summary>Parses one name-addr or addr-spec, or throws <see cref="FormatException"/>.</summary>
    public static NameAddress Parse(string text) =>
        TryParse(text, out var value) ? value! : throw new FormatException($"'{text}' is not a valid name-addr.");

    /// <summary>A copy with the <c>tag</c> parameter set.</summary>
    public NameAddress WithTag(string tag) => WithParameter("tag", tag);

    /// <summary>A copy with the parameter added at the end, as appending <c>;name=value</c> to the text and parsing it gives.</summary>
    internal NameAddress WithAppendedParameter(string name, string value) =>
        new(Uri, DisplayName, Parameters.Append(name, value)) { HasAngleBrackets = HasAngleBrackets };

    /// <summary>A copy with a header parameter set (<paramref name="value"/> as written, null for none).</summary>
    public NameAddress WithParameter(string name, string? value) => new(Uri, DisplayName, Parameters.With(name, value));

    /// <summary>A copy with another display name (null for none).</summary>
    public NameAddress WithDisplayName(string? displayName) => new(Uri, displayName, Parameters);

    /// <summary>
    /// The canonical form: a quoted display name when there is one, the URI always in angle
    /// brackets (so URI parameters and header parameters can't be confused), then the parameters.
    /// </summary>
    public override string ToString() => text ??= Format();

    private string Format()
    {
        var builder = new StringBuilder(64);
        if (DisplayName is not null)
        {
            QuotedString.Append(builder, DisplayName);
            builder.Append(' ');
        }

        builder.Append('<').Append(Uri.ToString()).Append('>');
        Parameters.WriteTo(builder);
        return builder.ToString();
    }

    private static bool TryParseBare(ReadOnlySpan<char> s, bool materialize, out NameAddress? value)
    {
        value = null;
        var end = s.IndexOfAny(" \t;");
        var uriText = end < 0 ? s : s[..end];
        if (uriText.IndexOfAny("?,") >= 0 || !AddressUri.TryParse(uriText, materialize, out var uri))
        {
            return false;
        }

        var i = uriText.Length;
        if (!ReadParameters(s, ref i, materialize, out var parameters) || i != s.Length)
        {
            return false;
        }

        value = materialize ? new NameAddress(uri, null, parameters) { HasAngleBrackets = false, writable = true } : null;
        return true;
    }

    private static bool ReadParameters(ReadOnlySpan<char> s, ref int i, bool materialize, out SipParameters parameters)
    {
        if (materialize)
        {
            return SipParameters.TryReadHeaderParameters(s, ref i, out parameters);
        }

        parameters = SipParameters.Empty;
        return SipParameters.SkipHeaderParameters(s, ref i);
    }
}

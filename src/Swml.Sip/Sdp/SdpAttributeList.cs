using System.Globalization;

namespace Swml.Sip.Sdp;

/// <summary>Look-ups in a list of attributes, shared by the session and media levels.</summary>
internal static class SdpAttributeList
{
    // Attribute names are compared ignoring case: peers are not consistent, and no two standard names differ only in case.
    public static string? Find(IReadOnlyList<SdpAttribute> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return attribute.Value ?? string.Empty;
            }
        }

        return null;
    }

    public static bool Has(IReadOnlyList<SdpAttribute> attributes, string name) => Find(attributes, name) is not null;

    /// <summary>The first direction attribute, if any (RFC 8866 §6.7).</summary>
    public static MediaDirection? FindDirection(IReadOnlyList<SdpAttribute> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Value is null && MediaDirectionExtensions.FromAttributeName(attribute.Name) is { } direction)
            {
                return direction;
            }
        }

        return null;
    }

    /// <summary>
    /// The value of the first <c>a=&lt;name&gt;:&lt;format&gt; &lt;rest&gt;</c> attribute for a format (rtpmap, fmtp),
    /// without the format.
    /// </summary>
    public static string? FindForFormat(IReadOnlyList<SdpAttribute> attributes, string name, string format)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Value is { } value
                && attribute.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                && value.AsSpan().TrimStart() is var text
                && text.StartsWith(format, StringComparison.Ordinal)
                && (text.Length == format.Length || text[format.Length] is ' ' or '\t'))
            {
                return text[format.Length..].Trim().ToString();
            }
        }

        return null;
    }

    public static int? FindInteger(IReadOnlyList<SdpAttribute> attributes, string name) =>
        int.TryParse(Find(attributes, name).AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}

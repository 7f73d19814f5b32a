using System.Globalization;
using Swml.Runtime.Calls;

namespace Swml.Runtime.Media;

/// <summary>
/// One play URL in typed form. The forms are the schema's:
/// <c>^(http://.*|https://.*|ring: ?[0-9.]*: ?[a-zA-Z]{2}|say: ?.*|silence: ?[0-9.]*|ring: ?[a-zA-Z]{2})$</c>,
/// each prefix followed by at most one space.
/// </summary>
internal abstract record PlayableUrl
{
    private PlayableUrl()
    {
    }

    /// <summary><c>say:&lt;text&gt;</c>: text to speech.</summary>
    internal sealed record Say(string Text) : PlayableUrl;

    /// <summary><c>silence:&lt;seconds&gt;</c>.</summary>
    internal sealed record Silence(TimeSpan Duration) : PlayableUrl;

    /// <summary><c>ring:[seconds:]&lt;cc&gt;</c>; no duration rings one full cadence of the country's ringback.</summary>
    internal sealed record Ring(string Country, TimeSpan? Duration) : PlayableUrl;

    /// <summary>An http(s) URL of a WAV file, as written (it may carry user:password@).</summary>
    internal sealed record Http(string Url) : PlayableUrl
    {
        // Records print their members; a URL's credentials must never reach a log that way.
        public override string ToString() => $"Http {{ Url = {HttpUrls.Redact(Url)} }}";
    }

    /// <summary>Parses <paramref name="url"/>, throwing a <see cref="PlaybackException"/> that quotes it when it is none of the forms.</summary>
    public static PlayableUrl Parse(string url) =>
        TryParse(url, out var parsed, out var error) ? parsed : throw new PlaybackException(error);

    public static bool TryParse(string url, out PlayableUrl parsed, out string error)
    {
        ArgumentNullException.ThrowIfNull(url);
        parsed = null!;
        error = string.Empty;
        if (url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal))
        {
            parsed = new Http(url);
            return true;
        }

        if (TryTakePrefix(url, "say:", out var text))
        {
            parsed = new Say(text);
            return true;
        }

        if (TryTakePrefix(url, "silence:", out var seconds))
        {
            if (!TryParseSeconds(seconds, out var duration))
            {
                error = $"play url '{url}': silence needs a duration in seconds such as silence: 2.5, not '{seconds}'.";
                return false;
            }

            parsed = new Silence(duration);
            return true;
        }

        if (TryTakePrefix(url, "ring:", out var ring))
        {
            return TryParseRing(url, ring, out parsed, out error);
        }

        error = $"play url '{HttpUrls.Redact(url)}' is not http(s)://, say:, silence: or ring:.";
        return false;
    }

    private static bool TryParseRing(string url, string rest, out PlayableUrl parsed, out string error)
    {
        parsed = null!;
        error = string.Empty;
        TimeSpan? duration = null;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var country = rest;
        if (colon >= 0)
        {
            // ring::us passes the schema's [0-9.]*: it rings once, as ring:us does.
            var seconds = rest[..colon];
            if (seconds.Length > 0)
            {
                if (!TryParseSeconds(seconds, out var parsedSeconds))
                {
                    error = $"play url '{url}': ring needs a duration in seconds before the country, such as ring: 10.0:us, not '{seconds}'.";
                    return false;
                }

                duration = parsedSeconds;
            }

            country = rest[(colon + 1)..];
            if (country.StartsWith(' '))
            {
                country = country[1..];
            }
        }

        if (country.Length != 2 || !char.IsAsciiLetter(country[0]) || !char.IsAsciiLetter(country[1]))
        {
            error = $"play url '{url}': ring needs a two-letter country code such as ring:us or ring: 10.0:us, not '{country}'.";
            return false;
        }

        parsed = new Ring(country.ToLowerInvariant(), duration);
        return true;
    }

    // One optional space after the colon, as the schema allows; any other space belongs to the value.
    private static bool TryTakePrefix(string url, string prefix, out string rest)
    {
        if (!url.StartsWith(prefix, StringComparison.Ordinal))
        {
            rest = string.Empty;
            return false;
        }

        rest = url[prefix.Length..];
        if (rest.StartsWith(' '))
        {
            rest = rest[1..];
        }

        return true;
    }

    // The schema allows [0-9.]* only: no sign, exponent or thousands separator.
    private static bool TryParseSeconds(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length == 0 || text.Any(c => c != '.' && !char.IsAsciiDigit(c)) ||
            !double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) ||
            seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }
}

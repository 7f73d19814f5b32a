using System.Globalization;
using Swml.Sip.Message;

namespace Swml.Sip.Calls;

/// <summary>Who refreshes a session (RFC 4028 §4), named by role in the transaction that carries it.</summary>
internal enum Refresher
{
    /// <summary>No refresher named: the answerer picks.</summary>
    Unspecified,

    /// <summary>The sender of the request.</summary>
    Uac,

    /// <summary>The sender of the response.</summary>
    Uas,
}

/// <summary>
/// The <c>Session-Expires</c> header (RFC 4028 §4): <c>delta-seconds[;refresher=uac|uas]</c>, and
/// reading <c>Min-SE</c> and the <c>timer</c> option tag.
/// </summary>
internal readonly record struct SessionExpires(int Seconds, Refresher Refresher)
{
    /// <summary>The option tag of session timers.</summary>
    public const string OptionTag = "timer";

    public const string MinSE = "Min-SE";

    /// <summary>RFC 4028 §4: no interval may be under 90 s.</summary>
    public const int Floor = 90;

    public TimeSpan Interval => TimeSpan.FromSeconds(Seconds);

    public static SessionExpires? Read(SipMessage message)
    {
        if (message.Headers.GetFirst(HeaderNames.SessionExpires) is not { } value)
        {
            return null;
        }

        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return null;
        }

        var refresher = Refresher.Unspecified;
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter.AsSpan(0, equals).Trim().Equals("refresher", StringComparison.OrdinalIgnoreCase))
            {
                var role = parameter[(equals + 1)..].Trim();
                refresher = role.Equals("uac", StringComparison.OrdinalIgnoreCase) ? Refresher.Uac
                    : role.Equals("uas", StringComparison.OrdinalIgnoreCase) ? Refresher.Uas
                    : Refresher.Unspecified;
            }
        }

        return new SessionExpires(seconds, refresher);
    }

    /// <summary>The Min-SE of a request or 422, in seconds; null when absent or unreadable.</summary>
    public static int? ReadMinSE(SipMessage message) =>
        message.Headers.GetFirst(MinSE) is { } value && int.TryParse(value.Split(';')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;

    /// <summary>Whether the message says it supports (or requires) session timers.</summary>
    public static bool IsSupportedBy(SipMessage message) =>
        message.Headers.GetValues(HeaderNames.Supported).Concat(message.Headers.GetValues(HeaderNames.Require))
            .Any(tag => tag.Equals(OptionTag, StringComparison.OrdinalIgnoreCase));

    public override string ToString() =>
        Seconds.ToString(CultureInfo.InvariantCulture) + Refresher switch
        {
            Refresher.Uac => ";refresher=uac",
            Refresher.Uas => ";refresher=uas",
            _ => string.Empty,
        };
}

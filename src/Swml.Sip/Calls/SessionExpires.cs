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

    /// <summary>
    /// RFC 4028 §8.1: a request asking for less than <paramref name="minSeconds"/>, from a UAC that
    /// supports timers (so it can retry), gets 422 with our Min-SE; null when the request is fine.
    /// A UAC that does not support them is not refused: the answer raises its interval instead.
    /// </summary>
    public static SipResponse? TooSmall(SipRequest request, int minSeconds, string? toTag)
    {
        if (Read(request) is not { } asked || asked.Seconds >= minSeconds || !IsSupportedBy(request))
        {
            return null;
        }

        var response = SipResponse.CreateFor(request, 422, "Session Interval Too Small", toTag);
        return response.WithHeaders(response.Headers.Add(MinSE, minSeconds.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The 2xx to <paramref name="request"/> carrying this agreement, with Require: timer when the UAC supports timers (§9).</summary>
    public SipResponse AddTo(SipResponse response, SipRequest request)
    {
        var headers = response.Headers.Add(HeaderNames.SessionExpires, ToString());
        return response.WithHeaders(IsSupportedBy(request) ? headers.Add(HeaderNames.Require, OptionTag) : headers);
    }

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

using System.Globalization;

namespace Swml.Sip.Events;

/// <summary>
/// What became of a REFER (RFC 3515), as protocol facts: the REFER's final status, each NOTIFY's
/// sipfrag code in order, whether the call ended first, and how the subscription ended when it
/// ended without a final sipfrag. What those facts mean to an application is the application's.
/// </summary>
public sealed class ReferResult
{
    /// <summary>The REFER's final status (202, 405, 603...), or null when none came.</summary>
    public int? ReferStatusCode { get; init; }

    /// <summary>The status code of each NOTIFY's sipfrag, in the order they arrived; none after the first final one.</summary>
    public IReadOnlyList<int> NotifyCodes { get; init; } = Array.Empty<int>();

    /// <summary>The first sipfrag code of 200 or more: the final result of the transferee's call.</summary>
    public int? FinalNotifyCode => NotifyCodes.Cast<int?>().FirstOrDefault(c => c >= 200);

    /// <summary>The call ended (or the wait for the result was abandoned) before a final sipfrag.</summary>
    public bool CallEndedBeforeResult { get; init; }

    /// <summary>
    /// How the subscription ended without a final sipfrag: terminated by the far end, a NOTIFY wait
    /// timed out, or the REFER itself was never answered. Null when a final sipfrag came, the REFER
    /// was rejected, or the call's end alone explains it.
    /// </summary>
    public SubscriptionEnd? SubscriptionEnd { get; init; }

    /// <summary>A 2xx to the REFER, or any NOTIFY (which implies acceptance, RFC 3515 §2.4.4).</summary>
    public bool Accepted => ReferStatusCode is >= 200 and < 300 || NotifyCodes.Count > 0;

    public override string ToString() =>
        $"REFER {ReferStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}, NOTIFY [{string.Join(",", NotifyCodes)}]{(CallEndedBeforeResult ? ", call ended" : string.Empty)}{(SubscriptionEnd is { } end ? ", " + end : string.Empty)}";
}

/// <summary>What a <see cref="ReferProgress"/> reports.</summary>
public enum ReferProgressKind
{
    /// <summary>The REFER got its 2xx (Code is it): accepted, not yet successful.</summary>
    Accepted,

    /// <summary>A NOTIFY reported the transferee's call (Code is the sipfrag's).</summary>
    Notified,
}

/// <summary>A step of a transfer, reported as it happens.</summary>
public readonly record struct ReferProgress(ReferProgressKind Kind, int Code);

/// <summary>How to send a REFER and how long to wait for its NOTIFYs.</summary>
public sealed class ReferOptions
{
    /// <summary>The Refer-To URI: sip:, sips: or tel:.</summary>
    public required string ReferTo { get; init; }

    /// <summary>The username for a 401/407 challenge; without credentials (these or the endpoint's) a challenge fails the REFER.</summary>
    public string? Username { get; init; }

    /// <summary>The password for a 401/407 challenge. Never logged, never shown by <see cref="ToString"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Whether there are credentials to answer a challenge with: a non-empty username and a password.</summary>
    public bool HasCredentials => !string.IsNullOrEmpty(Username) && Password is not null;

    /// <summary>An optional Referred-By (RFC 3892).</summary>
    public string? ReferredBy { get; init; }

    /// <summary>More headers for the REFER.</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = Array.Empty<(string, string)>();

    /// <summary>How long to wait for the first NOTIFY once the REFER is accepted (Timer N, 64*T1).</summary>
    public TimeSpan FirstNotifyTimeout { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>How long to wait for the final NOTIFY once the REFER is accepted.</summary>
    public TimeSpan FinalNotifyTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public override string ToString() => $"REFER to {ReferTo}{(Username is null ? string.Empty : " as " + Username)}";
}

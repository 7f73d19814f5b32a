namespace Swml.Sip.Events;

/// <summary>
/// What became of a REFER (RFC 3515): the final response to the REFER, each NOTIFY's sipfrag code
/// in order, the final sipfrag code, whether the call ended first, and the outcome they make.
/// </summary>
public sealed class ReferResult
{
    /// <summary>The REFER's final response (202, 405, 603...), or null when none came (a timeout).</summary>
    public int? ReferStatusCode { get; init; }

    public IReadOnlyList<int> NotifyCodes { get; init; } = Array.Empty<int>();

    /// <summary>The first sipfrag code of 200 or more: the final result of the transferee's call.</summary>
    public int? FinalNotifyCode => NotifyCodes.Cast<int?>().FirstOrDefault(c => c >= 200);

    public bool CallEndedBeforeResult { get; init; }

    /// <summary>How the subscription ended (a Subscription-State reason, a timeout), when it did without a final sipfrag.</summary>
    public string? Detail { get; init; }

    public ReferOutcome Outcome => ReferOutcomes.Classify(ReferStatusCode, FinalNotifyCode, CallEndedBeforeResult);

    public bool Accepted => ReferStatusCode is >= 200 and < 300 || NotifyCodes.Count > 0;

    public override string ToString() =>
        $"{Outcome} (REFER {ReferStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, NOTIFY {string.Join(",", NotifyCodes)}{(CallEndedBeforeResult ? ", call ended" : string.Empty)}{(Detail is null ? string.Empty : ", " + Detail)})";
}

public enum ReferProgressKind
{
    /// <summary>The REFER got its 2xx (Code is it).</summary>
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

    /// <summary>Digest credentials for a 401/407 challenge; without them a challenge fails the REFER.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

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

namespace Swml.Sip.Events;

/// <summary>What became of a NOTIFY a transferee sends about a REFER it accepted.</summary>
public enum ReferNotifyStatus
{
    /// <summary>The referrer answered it 2xx.</summary>
    Delivered,

    /// <summary>
    /// It got a failure response, or none (Timer F, a transport error): the subscription ended with
    /// it (RFC 6665 §4.2.2), so no other NOTIFY follows.
    /// </summary>
    Failed,

    /// <summary>
    /// Not sent: there was no subscription to report to (Refer-Sub: false was honoured, the REFER
    /// was not accepted, or the subscription had ended: final NOTIFY sent, a NOTIFY failed, it expired).
    /// </summary>
    NotSent,
}

/// <summary>
/// The outcome of one NOTIFY of a REFER's subscription (RFC 3515 §2.4.4): whether it was delivered,
/// the referrer's response code (408 for a timeout, 503 for a transport error, as RFC 3261 §8.1.3.1),
/// and a detail when it was not delivered.
/// </summary>
public readonly record struct ReferNotifyResult(ReferNotifyStatus Status, int? ResponseCode = null, string? Detail = null)
{
    public bool IsDelivered => Status == ReferNotifyStatus.Delivered;

    internal static ReferNotifyResult NotSent(string detail) => new(ReferNotifyStatus.NotSent, null, detail);

    public override string ToString() =>
        Status + (ResponseCode is { } code ? " " + code.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty) + (Detail is null ? string.Empty : " (" + Detail + ")");
}

namespace Swml.Sip.Events;

/// <summary>Why a REFER's subscription ended without a final sipfrag.</summary>
public enum SubscriptionEndKind
{
    /// <summary>A NOTIFY said Subscription-State: terminated (its reason, if any, is in <see cref="SubscriptionEnd.Reason"/>).</summary>
    Terminated,

    /// <summary>No NOTIFY came within <see cref="ReferOptions.FirstNotifyTimeout"/> of the REFER being accepted.</summary>
    NoFirstNotify,

    /// <summary>No final NOTIFY came within <see cref="ReferOptions.FinalNotifyTimeout"/>.</summary>
    NoFinalNotify,

    /// <summary>The REFER got no final response (its transaction timed out), and no NOTIFY came.</summary>
    ReferTimedOut,

    /// <summary>The REFER could not be sent.</summary>
    ReferNotSent,

    /// <summary>The caller stopped waiting (its cancellation token), which also counts as the call ending.</summary>
    Abandoned,
}

/// <summary>How a REFER's subscription ended without a final sipfrag, with the Subscription-State reason when there was one.</summary>
/// <param name="Kind">What ended it.</param>
/// <param name="Reason">For <see cref="SubscriptionEndKind.Terminated"/>: the reason parameter (noresource, rejected, timeout, deactivated...), or null when the NOTIFY gave none.</param>
public readonly record struct SubscriptionEnd(SubscriptionEndKind Kind, string? Reason = null)
{
    public override string ToString() => Kind switch
    {
        SubscriptionEndKind.Terminated => $"subscription terminated ({Reason ?? "no reason"})",
        SubscriptionEndKind.NoFirstNotify => "no NOTIFY in time",
        SubscriptionEndKind.NoFinalNotify => "no final NOTIFY in time",
        SubscriptionEndKind.ReferTimedOut => "no response to the REFER",
        SubscriptionEndKind.ReferNotSent => "the REFER could not be sent",
        SubscriptionEndKind.Abandoned => "the wait was abandoned",
        _ => Kind.ToString(),
    };
}

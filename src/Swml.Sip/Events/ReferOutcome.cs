namespace Swml.Sip.Events;

/// <summary>How a transfer ended, as the REFER sender sees it.</summary>
public enum ReferOutcome
{
    /// <summary>The final sipfrag was 2xx: the transferee reached the target.</summary>
    Success,

    /// <summary>The final sipfrag was 486 or 600.</summary>
    Busy,

    /// <summary>The final sipfrag was 408, 480 or 487.</summary>
    NoAnswer,

    /// <summary>The REFER was rejected or timed out, another 3xx-6xx sipfrag came, or the subscription ended or timed out without a final sipfrag.</summary>
    Error,

    /// <summary>The call ended before a final result.</summary>
    Cancel,
}

/// <summary>
/// The outcome of a REFER from what was seen of it. A 2xx to the REFER only means "accepted",
/// never success (the most common transfer bug): success comes from a 2xx sipfrag in a NOTIFY.
/// </summary>
public static class ReferOutcomes
{
    public static ReferOutcome Classify(int? referStatusCode, int? finalNotifyCode, bool callEndedBeforeResult)
    {
        if (finalNotifyCode is >= 200 and <= 699)
        {
            return finalNotifyCode switch
            {
                < 300 => ReferOutcome.Success,
                486 or 600 => ReferOutcome.Busy,
                408 or 480 or 487 => ReferOutcome.NoAnswer,
                _ => ReferOutcome.Error,
            };
        }

        if (referStatusCode is >= 300)
        {
            return ReferOutcome.Error;
        }

        return callEndedBeforeResult ? ReferOutcome.Cancel : ReferOutcome.Error;
    }
}

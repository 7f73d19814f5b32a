namespace Swml.Runtime.Calls;

/// <summary>The final state of a sip_refer: the value of sip_refer_result and of its last callback.</summary>
public enum ReferOutcome
{
    /// <summary>"success": the final sipfrag was 2xx.</summary>
    Success,

    /// <summary>"busy": the final sipfrag was 486 or 600.</summary>
    Busy,

    /// <summary>"noAnswer": the final sipfrag was 408, 480 or 487.</summary>
    NoAnswer,

    /// <summary>"error": the REFER was rejected or timed out, another 3xx-6xx sipfrag, or no final sipfrag.</summary>
    Error,

    /// <summary>"cancel": the call ended before a final result.</summary>
    Cancel,
}

/// <summary>design.md's outcome table, and the SWML spelling of each outcome.</summary>
public static class ReferOutcomes
{
    /// <summary>The state of the callback posted once the REFER is accepted.</summary>
    public const string InProgressState = "inProgress";

    /// <summary>
    /// Classifies a REFER from its final response, its final sipfrag and whether the call ended
    /// first. A 2xx to the REFER only means "accepted", never success: success comes from the
    /// sipfrag. A final sipfrag decides everything; without one, a rejected REFER is an error
    /// (401/407 included: a challenge that could not be answered), a call that ended is a cancel,
    /// and a REFER that timed out or a subscription that ended or timed out is an error.
    /// </summary>
    public static ReferOutcome Classify(int? referResponseCode, int? finalNotifyCode, bool callEndedBeforeResult)
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

        if (referResponseCode is >= 300)
        {
            return ReferOutcome.Error;
        }

        return callEndedBeforeResult ? ReferOutcome.Cancel : ReferOutcome.Error;
    }

    /// <summary>"success", "busy", "noAnswer", "error" or "cancel".</summary>
    public static string ToSwml(this ReferOutcome outcome) => outcome switch
    {
        ReferOutcome.Success => "success",
        ReferOutcome.Busy => "busy",
        ReferOutcome.NoAnswer => "noAnswer",
        ReferOutcome.Error => "error",
        ReferOutcome.Cancel => "cancel",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static bool TryParse(string? text, out ReferOutcome outcome)
    {
        foreach (var candidate in Enum.GetValues<ReferOutcome>())
        {
            if (string.Equals(candidate.ToSwml(), text, StringComparison.Ordinal))
            {
                outcome = candidate;
                return true;
            }
        }

        outcome = default;
        return false;
    }
}

using Swml.Language.Catalog;
using Swml.Sip.Events;

namespace Swml.Runtime.Calls;

/// <summary>
/// The final state of a sip_refer: the value of sip_refer_result and of its last callback. The
/// members are in the order of <see cref="MethodCatalog.SipReferResults"/>, which spells them.
/// </summary>
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

/// <summary>design.md's outcome table, the one place where a REFER's facts become a SWML outcome.</summary>
public static class ReferOutcomes
{
    /// <summary>The state of the callback posted once the REFER is accepted.</summary>
    public const string InProgressState = "inProgress";

    /// <summary>
    /// Classifies a REFER from what the call layer saw. A 2xx to the REFER only means "accepted",
    /// never success: success comes from the sipfrag. A final sipfrag decides everything; without
    /// one, a rejected REFER is an error (401/407 included: a challenge that could not be
    /// answered), a call that ended is a cancel, and a REFER that timed out or a subscription that
    /// ended or timed out is an error (how it ended does not change that).
    /// </summary>
    public static ReferOutcome Classify(ReferResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.FinalNotifyCode is >= 200 and <= 699)
        {
            return result.FinalNotifyCode switch
            {
                < 300 => ReferOutcome.Success,
                486 or 600 => ReferOutcome.Busy,
                408 or 480 or 487 => ReferOutcome.NoAnswer,
                _ => ReferOutcome.Error,
            };
        }

        if (result.ReferStatusCode is >= 300)
        {
            return ReferOutcome.Error;
        }

        return result.CallEndedBeforeResult ? ReferOutcome.Cancel : ReferOutcome.Error;
    }

    /// <summary>The SWML spelling: "success", "busy", "noAnswer", "error" or "cancel", from the method catalog.</summary>
    public static string ToSwml(this ReferOutcome outcome)
    {
        var names = MethodCatalog.SipReferResults;
        return (uint)outcome < (uint)names.Count
            ? names[(int)outcome]
            : throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null);
    }
}

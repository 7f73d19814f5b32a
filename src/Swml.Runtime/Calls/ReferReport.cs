namespace Swml.Runtime.Calls;

/// <summary>
/// What happened to one REFER, as the call saw it on the wire. The outcome is derived from the
/// codes by <see cref="ReferOutcomes.Classify"/>, so it can never disagree with them.
/// </summary>
public sealed record ReferReport
{
    /// <summary>The REFER's final response (202, 405, 407...); null when none came (a timeout).</summary>
    public int? ReferResponseCode { get; init; }

    /// <summary>The status code of each NOTIFY's sipfrag, in the order they arrived.</summary>
    public IReadOnlyList<int> NotifyCodes { get; init; } = Array.Empty<int>();

    /// <summary>The call ended before the REFER had a final result.</summary>
    public bool CallEndedBeforeResult { get; init; }

    /// <summary>The first final (2xx-6xx) sipfrag code; later NOTIFYs never change a final state.</summary>
    public int? FinalNotifyCode => NotifyCodes.Where(c => c >= 200).Select(c => (int?)c).FirstOrDefault();

    /// <summary>A 2xx to the REFER, or any NOTIFY (which implies acceptance, RFC 3515 §2.4.4).</summary>
    public bool Accepted => ReferResponseCode is >= 200 and < 300 || NotifyCodes.Count > 0;

    public ReferOutcome Outcome => ReferOutcomes.Classify(ReferResponseCode, FinalNotifyCode, CallEndedBeforeResult);

    public override string ToString() =>
        $"REFER {ReferResponseCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no response)"}, NOTIFY [{string.Join(", ", NotifyCodes)}]{(CallEndedBeforeResult ? ", call ended" : string.Empty)} -> {Outcome.ToSwml()}";
}

using Swml.Runtime.Calls;

namespace Swml.Testing.Tests.Calls;

/// <summary>design.md's outcome table, row by row.</summary>
public sealed class ReferOutcomesTests
{
    public static TheoryData<int?, int?, bool, string> Table => new()
    {
        // success: the final sipfrag is 2xx, whatever else happened
        { 202, 200, false, "success" },
        { 200, 200, false, "success" },
        { 202, 202, false, "success" },
        { null, 200, false, "success" }, // a NOTIFY before (or instead of) the 202 implies acceptance
        { 202, 200, true, "success" },   // the BYE came after the result
        // busy: 486, 600
        { 202, 486, false, "busy" },
        { 202, 600, false, "busy" },
        // noAnswer: 408, 480, 487
        { 202, 408, false, "noAnswer" },
        { 202, 480, false, "noAnswer" },
        { 202, 487, false, "noAnswer" },
        // error: other 3xx-6xx sipfrag
        { 202, 302, false, "error" },
        { 202, 403, false, "error" },
        { 202, 404, false, "error" },
        { 202, 503, false, "error" },
        { 202, 603, false, "error" },
        // error: the REFER rejected (a challenge that could not be met included), whatever follows
        { 405, null, false, "error" },
        { 603, null, false, "error" },
        { 486, null, false, "error" },   // busy on the REFER itself is a rejection, not "busy"
        { 407, null, false, "error" },
        { 401, null, false, "error" },
        { 481, null, false, "error" },
        { 405, null, true, "error" },    // rejected first, then the call ended: the result was already known
        // error: timed out, or accepted and the subscription ended without a final sipfrag
        { null, null, false, "error" },
        { 202, null, false, "error" },
        // a 2xx on the REFER is accepted, never success
        { 200, null, false, "error" },
        // cancel: the call ended before a final result
        { 202, null, true, "cancel" },
        { null, null, true, "cancel" },
        // not a final code: ignored
        { 202, 180, false, "error" },
        { 202, 180, true, "cancel" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void ClassifiesAsTheDesignSays(int? referResponseCode, int? finalNotifyCode, bool callEnded, string expected) =>
        Assert.Equal(expected, ReferOutcomes.Classify(referResponseCode, finalNotifyCode, callEnded).ToSwml());

    [Fact]
    public void EveryOutcomeHasItsSwmlSpellingAndParsesBack()
    {
        Assert.Equal(new[] { "success", "busy", "noAnswer", "error", "cancel" }, Enum.GetValues<ReferOutcome>().Select(o => o.ToSwml()));
        foreach (var outcome in Enum.GetValues<ReferOutcome>())
        {
            Assert.True(ReferOutcomes.TryParse(outcome.ToSwml(), out var parsed));
            Assert.Equal(outcome, parsed);
        }

        Assert.False(ReferOutcomes.TryParse("inProgress", out _));
        Assert.Equal(Swml.Language.Catalog.MethodCatalog.SipReferResults, Enum.GetValues<ReferOutcome>().Select(o => o.ToSwml()));
    }

    [Fact]
    public void AReportTakesItsFirstFinalSipfragAndDerivesItsOutcome()
    {
        var report = new ReferReport { ReferResponseCode = 202, NotifyCodes = new[] { 100, 180, 486, 200 } };

        Assert.Equal(486, report.FinalNotifyCode);
        Assert.Equal(ReferOutcome.Busy, report.Outcome);
        Assert.True(report.Accepted);
        Assert.False(new ReferReport { ReferResponseCode = 405 }.Accepted);
        Assert.True(new ReferReport { NotifyCodes = new[] { 100 } }.Accepted);
    }

    [Fact]
    public void AReferRequestNeverShowsItsPassword()
    {
        var request = new ReferRequest("sip:a@b", "alice", "pw-Secret-1");

        Assert.DoesNotContain("pw-Secret-1", request.ToString(), StringComparison.Ordinal);
        Assert.Contains("alice", request.ToString(), StringComparison.Ordinal);
        Assert.True(request.HasCredentials);
        Assert.False(new ReferRequest("sip:a@b", "alice").HasCredentials);
    }
}

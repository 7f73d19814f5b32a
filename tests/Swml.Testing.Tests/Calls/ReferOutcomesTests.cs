using Swml.Language.Catalog;
using Swml.Runtime.Calls;
using Swml.Sip.Events;

namespace Swml.Testing.Tests.Calls;

/// <summary>design.md's outcome table, row by row, classifying the facts Swml.Sip reports.</summary>
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
    public void ClassifiesAsTheDesignSays(int? referResponseCode, int? finalNotifyCode, bool callEnded, string expected)
    {
        var result = new ReferResult
        {
            ReferStatusCode = referResponseCode,
            NotifyCodes = finalNotifyCode is { } code ? new[] { code } : Array.Empty<int>(),
            CallEndedBeforeResult = callEnded,
        };

        Assert.Equal(expected, ReferOutcomes.Classify(result).ToSwml());
    }

    public static TheoryData<SubscriptionEndKind, string?> Ends => new()
    {
        { SubscriptionEndKind.Terminated, "noresource" },
        { SubscriptionEndKind.Terminated, "rejected" },
        { SubscriptionEndKind.Terminated, "timeout" },
        { SubscriptionEndKind.Terminated, "deactivated" },
        { SubscriptionEndKind.Terminated, null },
        { SubscriptionEndKind.NoFirstNotify, null },
        { SubscriptionEndKind.NoFinalNotify, null },
        { SubscriptionEndKind.ReferTimedOut, null },
        { SubscriptionEndKind.ReferNotSent, null },
    };

    [Theory]
    [MemberData(nameof(Ends))]
    public void ASubscriptionThatEndsWithoutAFinalSipfragIsAnErrorHoweverItEnded(SubscriptionEndKind kind, string? reason)
    {
        // As Swml.Sip reports each: an unanswered REFER has no status, a NOTIFY wait or a termination follows a 202.
        var result = new ReferResult
        {
            ReferStatusCode = kind is SubscriptionEndKind.ReferTimedOut or SubscriptionEndKind.ReferNotSent ? null : 202,
            NotifyCodes = kind is SubscriptionEndKind.Terminated or SubscriptionEndKind.NoFinalNotify ? new[] { 100 } : Array.Empty<int>(),
            SubscriptionEnd = new SubscriptionEnd(kind, reason),
        };

        Assert.Equal(ReferOutcome.Error, ReferOutcomes.Classify(result));
    }

    [Fact]
    public void AnAbandonedWaitCountsAsTheCallEnding() =>
        Assert.Equal(ReferOutcome.Cancel, ReferOutcomes.Classify(new ReferResult
        {
            ReferStatusCode = 202,
            CallEndedBeforeResult = true,
            SubscriptionEnd = new SubscriptionEnd(SubscriptionEndKind.Abandoned),
        }));

    [Fact]
    public void TheFirstFinalSipfragDecidesAndLaterOnesChangeNothing()
    {
        var result = new ReferResult { ReferStatusCode = 202, NotifyCodes = new[] { 100, 180, 486, 200 } };

        Assert.Equal(486, result.FinalNotifyCode);
        Assert.Equal(ReferOutcome.Busy, ReferOutcomes.Classify(result));
        Assert.True(result.Accepted);
        Assert.False(new ReferResult { ReferStatusCode = 405 }.Accepted);
        Assert.True(new ReferResult { NotifyCodes = new[] { 100 } }.Accepted);
    }

    [Fact]
    public void EveryOutcomeIsSpelledByTheCatalogsOneListOfNames()
    {
        Assert.Equal(new[] { "success", "busy", "noAnswer", "error", "cancel" }, Enum.GetValues<ReferOutcome>().Select(o => o.ToSwml()));
        // ToSwml indexes the catalog's list by the enum's value: the members must name the same things in the same order.
        Assert.Equal(MethodCatalog.SipReferResults, Enum.GetNames<ReferOutcome>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ReferOutcome)5).ToSwml());
    }

    [Fact]
    public void ReferOptionsNeverShowThePassword()
    {
        var options = new ReferOptions { ReferTo = "sip:a@b", Username = "alice", Password = "pw-Secret-1" };

        Assert.DoesNotContain("pw-Secret-1", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("alice", options.ToString(), StringComparison.Ordinal);
        Assert.True(options.HasCredentials);
        Assert.False(new ReferOptions { ReferTo = "sip:a@b", Username = "alice" }.HasCredentials);
        Assert.False(new ReferOptions { ReferTo = "sip:a@b", Username = "", Password = "pw" }.HasCredentials);
    }
}

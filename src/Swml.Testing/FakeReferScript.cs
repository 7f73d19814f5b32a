namespace Swml.Testing;

/// <summary>
/// How the far end answers a REFER, step by step, as a test tells it:
/// <c>Accepts().ThenNotifies(100, 200)</c>, <c>Rejects(405)</c>, <c>Challenges(407).ThenAccepts().ThenNotifies(200)</c>,
/// <c>NeverAnswers()</c>, <c>AcceptsAndNeverNotifies()</c>, <c>HangsUpAfterAccept()</c>. Waits (a REFER
/// nobody answers, a subscription that never ends) pass on the test clock, not the wall clock.
/// An unscripted REFER is accepted with 202, then NOTIFY 100 and 200.
/// </summary>
public sealed class FakeReferScript
{
    private readonly List<Event> _events = new();

    internal IReadOnlyList<Event> Events => _events;

    internal bool IsScripted => _events.Count > 0;

    /// <summary>The REFER gets a 2xx (202 by default): accepted, which is not yet success.</summary>
    public FakeReferScript Accepts(int responseCode = 202)
    {
        Require(responseCode is >= 200 and < 300, responseCode, "a 2xx");
        return Add(new Event(EventKind.Respond, responseCode));
    }

    public FakeReferScript ThenAccepts(int responseCode = 202) => Accepts(responseCode);

    /// <summary>The REFER gets a final 3xx-6xx (405 no REFER support, 603 decline, 486...): rejected.</summary>
    public FakeReferScript Rejects(int responseCode)
    {
        Require(responseCode is >= 300 and < 700 and not (401 or 407), responseCode, "a 3xx-6xx other than 401/407 (use Challenges)");
        return Add(new Event(EventKind.Respond, responseCode));
    }

    /// <summary>
    /// The REFER is challenged (407 by default, or 401). The challenge is met only when the flow's
    /// sip_refer has a username and password (equal to the ones given here, when given); then the
    /// script goes on. Otherwise the challenge is the REFER's final response. A second challenge
    /// after one was met ends the REFER too, unless it is <paramref name="stale"/>: a client never loops.
    /// </summary>
    public FakeReferScript Challenges(int responseCode = 407, string? username = null, string? password = null, bool stale = false)
    {
        Require(responseCode is 401 or 407, responseCode, "401 or 407");
        return Add(new Event(EventKind.Challenge, responseCode) { Username = username, Password = password, Stale = stale });
    }

    /// <summary>NOTIFYs arrive with these sipfrag codes, in order; the first 2xx-6xx is the final result.</summary>
    public FakeReferScript Notifies(params int[] sipfragCodes)
    {
        ArgumentNullException.ThrowIfNull(sipfragCodes);
        foreach (var code in sipfragCodes)
        {
            Require(code is >= 100 and < 700, code, "a SIP status code");
            Add(new Event(EventKind.Notify, code));
        }

        return this;
    }

    public FakeReferScript ThenNotifies(params int[] sipfragCodes) => Notifies(sipfragCodes);

    /// <summary>Nothing answers the REFER: it times out after <see cref="FakeCall.ReferTimeout"/> with no response code.</summary>
    public FakeReferScript NeverAnswers() => Add(new Event(EventKind.TimeOut, 0));

    /// <summary>202, then no NOTIFY at all: the subscription wait (<see cref="FakeCall.NotifyTimeout"/>) ends without a result.</summary>
    public FakeReferScript AcceptsAndNeverNotifies() => Accepts().ThenTimesOut();

    /// <summary>What has happened so far, then silence until the wait for it times out.</summary>
    public FakeReferScript ThenTimesOut() => Add(new Event(EventKind.TimeOut, 0));

    /// <summary>202, then the far end hangs up before a final NOTIFY.</summary>
    public FakeReferScript HangsUpAfterAccept() => Accepts().ThenHangsUp();

    /// <summary>The far end hangs up (BYE) at this point of the script.</summary>
    public FakeReferScript ThenHangsUp() => Add(new Event(EventKind.HangUp, 0));

    /// <summary>This much time passes before the next event (callback timestamps show it).</summary>
    public FakeReferScript ThenWaits(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return Add(new Event(EventKind.Wait, 0) { Duration = duration });
    }

    private FakeReferScript Add(Event e)
    {
        _events.Add(e);
        return this;
    }

    private static void Require(bool ok, int code, string what)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, $"Expected {what}.");
        }
    }

    internal enum EventKind
    {
        Respond,
        Challenge,
        Notify,
        TimeOut,
        HangUp,
        Wait,
    }

    internal sealed record Event(EventKind Kind, int Code)
    {
        public string? Username { get; init; }

        public string? Password { get; init; }

        public bool Stale { get; init; }

        public TimeSpan Duration { get; init; }
    }
}

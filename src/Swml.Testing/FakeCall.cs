using System.Text.Json.Nodes;
using Swml.Runtime.Calls;
using Swml.Runtime.Steps;
using Swml.Sip.Events;

namespace Swml.Testing;

/// <summary>
/// A scripted call for unit tests: the test says how the far end behaves (how it answers REFERs,
/// whether plays finish, when it hangs up), the flow runs against it, and the call records what
/// the flow did (answered, played URLs, REFERs sent and the credentials they offered, hang-up).
/// </summary>
public sealed class FakeCall : ICall
{
    public const string DefaultCallId = "test-call-id";
    public const string DefaultNodeId = "test-node-id";
    public const string DefaultProjectId = "test-project-id";
    public const string DefaultSpaceId = "test-space-id";
    public const string DefaultSegmentId = "test-segment-id";

    private readonly object _gate = new();
    private readonly CancellationTokenSource _ended = new();
    private readonly Dictionary<int, FakeReferScript> _numberedRefers = new();
    private readonly Dictionary<string, int> _hangUpDuring = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly List<string> _played = new();
    private readonly List<SentRefer> _refers = new();

    public FakeCall(TestClock? clock = null)
    {
        Clock = clock ?? new TestClock();
        Info = new JsonObject
        {
            ["call_id"] = DefaultCallId,
            ["node_id"] = DefaultNodeId,
            ["segment_id"] = DefaultSegmentId,
            ["project_id"] = DefaultProjectId,
            ["space_id"] = DefaultSpaceId,
            ["call_state"] = "created",
            ["direction"] = "inbound",
            ["type"] = "sip",
            ["from"] = "sip:alice@127.0.0.1",
            ["to"] = "sip:bob@127.0.0.1",
            ["headers"] = new JsonArray(),
        };
    }

    public TestClock Clock { get; }

    /// <summary>The call.* fields the flow sees; change them before the run.</summary>
    public JsonObject Info { get; }

    /// <summary>How the far end answers every REFER (unless <see cref="ReferNumber"/> scripts one).</summary>
    public FakeReferScript Refer { get; } = new();

    /// <summary>How plays behave.</summary>
    public FakePlayScript Play { get; } = new();

    /// <summary>Timer F: how long an unanswered REFER is waited for.</summary>
    public TimeSpan ReferTimeout { get; set; } = TimeSpan.FromSeconds(32);

    /// <summary>How long an accepted REFER waits for its final NOTIFY.</summary>
    public TimeSpan NotifyTimeout { get; set; } = TimeSpan.FromSeconds(32);

    public bool IsAnswered { get; private set; }

    public CancellationToken Ended => _ended.Token;

    public bool IsEnded => _ended.IsCancellationRequested;

    /// <summary>The far end hung up (as opposed to the flow).</summary>
    public bool FarEndHungUp { get; private set; }

    /// <summary>The reason of the flow's hangup (hangup, busy, decline); null if the flow did not hang up.</summary>
    public string? HangupReason { get; private set; }

    /// <summary>The URLs played, in order (each URL of a play with several).</summary>
    public IReadOnlyList<string> Played
    {
        get
        {
            lock (_gate)
            {
                return _played.ToArray();
            }
        }
    }

    /// <summary>The REFERs the flow sent, in order.</summary>
    public IReadOnlyList<SentRefer> Refers
    {
        get
        {
            lock (_gate)
            {
                return _refers.ToArray();
            }
        }
    }

    /// <summary>How the far end answers the <paramref name="number"/>-th REFER (1 for the first).</summary>
    public FakeReferScript ReferNumber(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        if (!_numberedRefers.TryGetValue(number, out var script))
        {
            _numberedRefers[number] = script = new FakeReferScript();
        }

        return script;
    }

    public FakeCall From(string from)
    {
        Info["from"] = from;
        return this;
    }

    public FakeCall To(string to)
    {
        Info["to"] = to;
        return this;
    }

    /// <summary>Sets (or, with null, removes) one call.* field.</summary>
    public FakeCall WithInfo(string name, JsonNode? value)
    {
        if (value is null)
        {
            Info.Remove(name);
        }
        else
        {
            Info[name] = value;
        }

        return this;
    }

    /// <summary>The call is already answered when the flow starts (an outbound call, say).</summary>
    public FakeCall AlreadyAnswered()
    {
        IsAnswered = true;
        Info["call_state"] = "answered";
        return this;
    }

    /// <summary>The far end hangs up during the <paramref name="occurrence"/>-th answer, play or sip_refer.</summary>
    public FakeCall HangsUpDuring(string method, int occurrence = 1)
    {
        if (method is not ("answer" or "play" or "sip_refer"))
        {
            throw new ArgumentException("The fake call can hang up during answer, play or sip_refer; use HangsUpAfter for a moment in time.", nameof(method));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(occurrence, 1);
        _hangUpDuring[method] = occurrence;
        return this;
    }

    /// <summary>The far end hangs up when the test clock reaches this much time after the start, cutting any wait (a sleep, a play).</summary>
    public FakeCall HangsUpAfter(TimeSpan elapsed)
    {
        Clock.At(elapsed, HangUpFromFarEnd);
        return this;
    }

    /// <summary>Ends the call from the far end now (a BYE).</summary>
    public void HangUpFromFarEnd()
    {
        lock (_gate)
        {
            if (IsEnded)
            {
                return;
            }

            FarEndHungUp = true;
            Info["call_state"] = "ended";
        }

        _ended.Cancel();
    }

    Task<bool> ICall.AnswerAsync(AnswerArguments arguments, CancellationToken cancellationToken)
    {
        if (HangsUpNow("answer") || IsEnded)
        {
            return Task.FromResult(false);
        }

        IsAnswered = true;
        Info["call_state"] = "answered";
        return Task.FromResult(true);
    }

    Task<PlayResult> ICall.PlayAsync(PlayArguments arguments, CancellationToken cancellationToken)
    {
        var hangUp = HangsUpNow("play", deferred: true);
        foreach (var url in arguments.Urls)
        {
            if (IsEnded)
            {
                return Task.FromResult(PlayResult.CallEnded);
            }

            lock (_gate)
            {
                _played.Add(url);
            }

            if (hangUp)
            {
                HangUpFromFarEnd();
                return Task.FromResult(PlayResult.CallEnded);
            }

            if (Play.FailureFor(url) is { } error)
            {
                return Task.FromResult(PlayResult.Failed(error));
            }

            Clock.Advance(Play.Duration);
        }

        return Task.FromResult(IsEnded ? PlayResult.CallEnded : PlayResult.Finished);
    }

    Task<ReferResult> ICall.ReferAsync(ReferOptions options, IProgress<ReferProgress>? progress, CancellationToken cancellationToken)
    {
        SentRefer sent;
        lock (_gate)
        {
            sent = new SentRefer(_refers.Count + 1, options);
            _refers.Add(sent);
        }

        var script = _numberedRefers.TryGetValue(sent.Number, out var numbered) && numbered.IsScripted ? numbered : Refer;
        var events = script.IsScripted ? script.Events : DefaultRefer.Events;
        if (HangsUpNow("sip_refer"))
        {
            events = new[] { new FakeReferScript.Event(FakeReferScript.EventKind.HangUp, 0) };
        }

        var result = Run(sent, options, events, progress);
        sent.Result = result;
        return Task.FromResult(result);
    }

    Task ICall.HangupAsync(string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (IsEnded)
            {
                return Task.CompletedTask;
            }

            HangupReason = reason;
            Info["call_state"] = "ended";
        }

        _ended.Cancel();
        return Task.CompletedTask;
    }

    private static FakeReferScript DefaultRefer { get; } = new FakeReferScript().Accepts().ThenNotifies(100, 200);

    private ReferResult Run(SentRefer sent, ReferOptions options, IReadOnlyList<FakeReferScript.Event> events, IProgress<ReferProgress>? progress)
    {
        int? responseCode = null;
        var notifies = new List<int>();
        var timedOut = false;
        foreach (var e in events)
        {
            if (IsEnded || responseCode is >= 300)
            {
                break;
            }

            switch (e.Kind)
            {
                case FakeReferScript.EventKind.Challenge:
                    var firstOrStale = sent.ChallengesMet == 0 || e.Stale;
                    sent.Challenged(e.Code);
                    if (firstOrStale && options.HasCredentials &&
                        (e.Username is null || e.Username == options.Username) &&
                        (e.Password is null || e.Password == options.Password))
                    {
                        sent.ChallengesMet++;
                    }
                    else
                    {
                        responseCode = e.Code; // a challenge the flow cannot meet is the final answer, not a hang
                    }

                    break;
                case FakeReferScript.EventKind.Respond:
                    responseCode ??= e.Code;
                    if (e.Code is >= 200 and < 300)
                    {
                        progress?.Report(new ReferProgress(ReferProgressKind.Accepted, e.Code));
                    }

                    break;
                case FakeReferScript.EventKind.Notify:
                    if (notifies.Any(c => c >= 200))
                    {
                        break; // never back from a final state
                    }

                    notifies.Add(e.Code);
                    progress?.Report(new ReferProgress(ReferProgressKind.Notified, e.Code));
                    break;
                case FakeReferScript.EventKind.Wait:
                    Clock.Advance(e.Duration);
                    break;
                case FakeReferScript.EventKind.TimeOut:
                    timedOut = true;
                    break;
                case FakeReferScript.EventKind.HangUp:
                    HangUpFromFarEnd();
                    break;
            }

            if (timedOut)
            {
                break;
            }
        }

        var final = notifies.Any(c => c >= 200);
        SubscriptionEnd? end = null;
        if (!IsEnded && !final && responseCode is null or (>= 200 and < 300))
        {
            // The script ran out before a result: the far end is silent until our timer fires.
            var unanswered = responseCode is null && notifies.Count == 0;
            Clock.Advance(unanswered ? ReferTimeout : NotifyTimeout);
            end = new SubscriptionEnd(
                unanswered ? SubscriptionEndKind.ReferTimedOut
                : notifies.Count == 0 ? SubscriptionEndKind.NoFirstNotify
                : SubscriptionEndKind.NoFinalNotify);
        }

        return new ReferResult
        {
            ReferStatusCode = responseCode,
            NotifyCodes = notifies,
            CallEndedBeforeResult = IsEnded && !final && responseCode is not >= 300,
            SubscriptionEnd = end,
        };
    }

    /// <summary>Counts a call of <paramref name="method"/>; true when the far end hangs up during this one (now, unless deferred).</summary>
    private bool HangsUpNow(string method, bool deferred = false)
    {
        bool now;
        lock (_gate)
        {
            var count = _calls[method] = _calls.TryGetValue(method, out var earlier) ? earlier + 1 : 1;
            now = _hangUpDuring.TryGetValue(method, out var at) && at == count;
        }

        if (now && !deferred)
        {
            HangUpFromFarEnd();
        }

        return now;
    }
}

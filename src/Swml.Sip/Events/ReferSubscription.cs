using System.Globalization;
using Swml.Sip.Message;
using Swml.Sip.Transactions;

namespace Swml.Sip.Events;

/// <summary>
/// One REFER we sent and its implicit subscription (RFC 3515 §2.4): accepted by a 2xx or by a
/// NOTIFY that comes first (§2.4.4), followed through each NOTIFY's sipfrag to a final code, and
/// bounded by a wait for the first NOTIFY and one for the final. It ends once: with a final
/// sipfrag, a rejection, a subscription ended or timed out without a final code, or the call ending
/// (after a short settle, as a final NOTIFY may cross the BYE).
/// </summary>
internal sealed class ReferSubscription
{
    private readonly object _gate = new();
    private readonly ReferOptions _options;
    private readonly SipTimerQueue _timers;
    private readonly TimeSpan _settle;
    private readonly IProgress<ReferProgress>? _progress;
    private readonly List<uint> _cseqs = new();
    private readonly List<int> _codes = new();
    private readonly TaskCompletionSource<ReferResult> _done;

    // Decided under the lock, published after it: a continuation that runs inline
    // (SipEndpointOptions.UnsafePreferInlineScheduling) must not run with the subscription locked.
    private ReferResult? _result;

    // Progress decided under the lock and reported after it, in order, by one thread at a time:
    // the application's handler never runs while the subscription is locked.
    private readonly Queue<ReferProgress> _reports = new();
    private bool _reporting;
    private int? _referStatus;
    private bool _referAnswered;
    private SubscriptionEnd? _pendingEnd;
    private bool _pending;
    private bool _accepted;
    private bool _callEnded;
    private ScheduledTimer? _firstNotify;
    private ScheduledTimer? _finalNotify;
    private ScheduledTimer? _settleTimer;
    private ScheduledTimer? _awaitRefer;

    public ReferSubscription(ReferOptions options, SipTimerQueue timers, TimeSpan settle, IProgress<ReferProgress>? progress, bool inline = false)
    {
        _done = new(ThreadPoolHop.CompletionFor(inline));
        _options = options;
        _timers = timers;
        _settle = settle;
        _progress = progress;
    }

    public Task<ReferResult> Result => _done.Task;

    public bool IsDone => Volatile.Read(ref _result) is not null;

    /// <summary>Each attempt of the REFER (a challenged one is resent with a new CSeq) is a possible Event id.</summary>
    public void AddAttempt(uint cseq)
    {
        lock (_gate)
        {
            _cseqs.Add(cseq);
        }
    }

    /// <summary>Whether a NOTIFY's Event id names this REFER (RFC 3515 §2.4.6: the id is the REFER's CSeq number).</summary>
    public bool HasId(string id)
    {
        lock (_gate)
        {
            return uint.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && _cseqs.Contains(number);
        }
    }

    /// <summary>
    /// The REFER transaction ended: its final status, or null when it got none (timed out, or not
    /// <paramref name="sent"/> at all).
    /// </summary>
    public void OnReferResponse(int? status, bool sent = true)
    {
        OnReferResponseLocked(status, sent);
        try
        {
            Report();
        }
        finally
        {
            // Even when the progress handler threw: the result is decided and is owed.
            Publish();
        }
    }

    private void OnReferResponseLocked(int? status, bool sent)
    {
        lock (_gate)
        {
            if (IsDone)
            {
                return;
            }

            _referStatus = status;
            _referAnswered = true;
            if (_pending)
            {
                // The final NOTIFY came first (it travels apart from the 202); now the result is whole.
                FinishLocked(_pendingEnd);
                return;
            }

            if (status is >= 200 and < 300)
            {
                AcceptLocked(status.Value);
            }
            else if (status is null && _accepted)
            {
                // A NOTIFY already showed the REFER arrived; the lost 202 changes nothing.
            }
            else if (status is null)
            {
                CompleteLocked(new SubscriptionEnd(sent ? SubscriptionEndKind.ReferTimedOut : SubscriptionEndKind.ReferNotSent));
            }
            else
            {
                // Rejected: the status says it all.
                CompleteLocked(null);
            }
        }
    }

    /// <summary>
    /// A final response to one of the REFER's attempts, on the thread that read it: a 2xx accepts the
    /// REFER there and then, before the NOTIFYs read after it. The rest waits for <see cref="OnReferResponse"/>.
    /// </summary>
    public void OnReferFinalRead(SipResponse response)
    {
        if (!response.IsSuccess)
        {
            return;
        }

        lock (_gate)
        {
            if (!IsDone && !_pending)
            {
                AcceptLocked(response.StatusCode);
            }
        }

        Report();
    }

    /// <summary>A NOTIFY for this REFER (already answered 200): its sipfrag code, if any, and its Subscription-State.</summary>
    public void OnNotify(int? code, SubscriptionState state)
    {
        OnNotifyLocked(code, state);
        try
        {
            Report();
        }
        finally
        {
            // Even when the progress handler threw: the result is decided and is owed.
            Publish();
        }
    }

    private void OnNotifyLocked(int? code, SubscriptionState state)
    {
        lock (_gate)
        {
            if (IsDone)
            {
                return;
            }

            if (!_accepted)
            {
                AcceptLocked(code: null);
            }

            Dispose(ref _firstNotify);
            if (code is { } sipfrag)
            {
                _codes.Add(sipfrag);
                _reports.Enqueue(new ReferProgress(ReferProgressKind.Notified, sipfrag));
                if (sipfrag >= 200)
                {
                    CompleteLocked(null);
                    return;
                }
            }

            if (state.IsTerminated)
            {
                CompleteLocked(new SubscriptionEnd(SubscriptionEndKind.Terminated, state.Reason));
            }
        }
    }

    /// <summary>The call ended: unless a final NOTIFY comes within the settle time, the transfer was cancelled.</summary>
    public void OnCallEnded()
    {
        lock (_gate)
        {
            if (IsDone || _callEnded)
            {
                return;
            }

            _callEnded = true;
            _settleTimer = _timers.Schedule(_settle, static s => ((ReferSubscription)s!).Complete(null), this);
        }
    }

    /// <summary>The caller gave up waiting (cancellation): ends as if the call had ended.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _callEnded = true;
            FinishLocked(new SubscriptionEnd(SubscriptionEndKind.Abandoned));
        }

        Publish();
    }

    private void AcceptLocked(int? code)
    {
        if (_accepted)
        {
            return;
        }

        _accepted = true;
        if (code is { } status)
        {
            _reports.Enqueue(new ReferProgress(ReferProgressKind.Accepted, status));
        }

        if (_codes.Count == 0)
        {
            _firstNotify = _timers.Schedule(_options.FirstNotifyTimeout, static s => ((ReferSubscription)s!).OnFirstNotifyTimeout(), this);
        }

        _finalNotify = _timers.Schedule(_options.FinalNotifyTimeout, static s => ((ReferSubscription)s!).OnFinalNotifyTimeout(), this);
    }

    /// <summary>
    /// Hands the queued progress to the application's handler, outside the lock and in the order it
    /// was decided; a thread that finds another reporting leaves its reports to that one.
    /// </summary>
    private void Report()
    {
        lock (_gate)
        {
            if (_reporting || _reports.Count == 0)
            {
                return;
            }

            _reporting = true;
        }

        while (true)
        {
            ReferProgress next;
            lock (_gate)
            {
                if (!_reports.TryDequeue(out next))
                {
                    _reporting = false;
                    return;
                }
            }

            try
            {
                _progress?.Report(next);
            }
            catch
            {
                // The handler's exception is the reader's to log; reports queued later still go out.
                lock (_gate)
                {
                    _reporting = false;
                }

                throw;
            }
        }
    }

    private void OnFirstNotifyTimeout() => Complete(new SubscriptionEnd(SubscriptionEndKind.NoFirstNotify));

    private void OnFinalNotifyTimeout() => Complete(new SubscriptionEnd(SubscriptionEndKind.NoFinalNotify));

    private void OnReferResponseOverdue()
    {
        lock (_gate)
        {
            FinishLocked(_pendingEnd);
        }

        Publish();
    }

    private void Complete(SubscriptionEnd? end)
    {
        lock (_gate)
        {
            CompleteLocked(end);
        }

        Publish();
    }

    /// <summary>
    /// Ends the subscription, but not before the REFER's own final response is known: a NOTIFY can
    /// overtake the 202 it follows. A 202 that never comes is waited for only briefly.
    /// </summary>
    private void CompleteLocked(SubscriptionEnd? end)
    {
        if (IsDone || _pending)
        {
            return;
        }

        if (!_referAnswered)
        {
            _pending = true;
            _pendingEnd = end;
            _awaitRefer = _timers.Schedule(TimeSpan.FromSeconds(2), static s => ((ReferSubscription)s!).OnReferResponseOverdue(), this);
            return;
        }

        FinishLocked(end);
    }

    private void FinishLocked(SubscriptionEnd? end)
    {
        if (IsDone)
        {
            return;
        }

        Dispose(ref _awaitRefer);
        Dispose(ref _firstNotify);
        Dispose(ref _finalNotify);
        Dispose(ref _settleTimer);
        var callEnded = _callEnded && !_codes.Any(c => c >= 200);
        Volatile.Write(ref _result, new ReferResult
        {
            ReferStatusCode = _referStatus,
            NotifyCodes = _codes.ToArray(),
            CallEndedBeforeResult = callEnded,
            SubscriptionEnd = end,
        });
    }

    /// <summary>Completes <see cref="Result"/> once it is decided; called after the lock is left, by whoever decided it or came later.</summary>
    private void Publish()
    {
        if (Volatile.Read(ref _result) is { } result)
        {
            _done.TrySetResult(result);
        }
    }

    private static void Dispose(ref ScheduledTimer? timer)
    {
        timer?.Cancel();
        timer = null;
    }
}

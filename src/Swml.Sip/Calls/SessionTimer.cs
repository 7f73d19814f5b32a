using Swml.Sip.Transactions;

namespace Swml.Sip.Calls;

/// <summary>
/// A call's session timer (RFC 4028 §10): when we refresh, a refresh is due at half the interval;
/// when the peer does, a session it has not refreshed by the interval less a third (at most 32 s)
/// is over, so a call whose far end vanished without a BYE is ended and freed.
/// </summary>
internal sealed class SessionTimer
{
    private readonly SipTimerQueue _scheduler;
    private readonly Action _refreshDue;
    private readonly Action _expired;
    private readonly object _gate = new();
    private ScheduledTimer? _next;
    private bool _stopped;

    public SessionTimer(SipTimerQueue scheduler, Action refreshDue, Action expired)
    {
        _scheduler = scheduler;
        _refreshDue = refreshDue;
        _expired = expired;
    }

    public TimeSpan Interval { get; private set; }

    public bool WeRefresh { get; private set; }

    /// <summary>The session was refreshed (or negotiated): the clock starts again.</summary>
    public void Restart(TimeSpan interval, bool weRefresh)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _next?.Cancel();
            Interval = interval;
            WeRefresh = weRefresh;
            _next = weRefresh
                ? _scheduler.Schedule(interval / 2, static s => ((SessionTimer)s!)._refreshDue(), this)
                : _scheduler.Schedule(ExpiryAfter(interval), static s => ((SessionTimer)s!)._expired(), this);
        }
    }

    /// <summary>Our refresh failed: the session lasts until its expiry, then ends.</summary>
    public void ExpireAt(TimeSpan after)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _next?.Cancel();
            _next = _scheduler.Schedule(after > TimeSpan.Zero ? after : TimeSpan.Zero, static s => ((SessionTimer)s!)._expired(), this);
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _next?.Cancel();
        }
    }

    /// <summary>§10: the refresher's last chance, before the BYE: the interval less a third of it or 32 s, whichever is less.</summary>
    public static TimeSpan ExpiryAfter(TimeSpan interval)
    {
        var third = interval / 3;
        return interval - (third < TimeSpan.FromSeconds(32) ? third : TimeSpan.FromSeconds(32));
    }
}

namespace Swml.Testing;

/// <summary>
/// A virtual clock for flow tests: time stands still until something waits, and then passes at
/// once. A flow's sleep returns immediately with the clock moved on by its duration; the fake
/// call's REFER and NOTIFY timeouts move it the same way; the far end can be scheduled to hang up
/// at a point in virtual time, which cuts any wait that crosses it. Timestamps are reproducible.
/// Built for one flow running at a time, which is what a call is.
/// </summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>2026-01-01 12:00:00 UTC, where every test clock starts unless told otherwise.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly object _gate = new();
    private readonly List<Entry> _queue = new();
    private DateTimeOffset _now;
    private long _sequence;

    public TestClock(DateTimeOffset? start = null)
    {
        Start = start ?? DefaultStart;
        _now = Start;
    }

    public DateTimeOffset Start { get; }

    /// <summary>Virtual time since the start.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves time on, running what was due on the way (scheduled events, timers) in order.</summary>
    public void Advance(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + duration;
        }

        while (TakeNext(due => due <= target) is { } entry)
        {
            entry.Run();
        }

        lock (_gate)
        {
            if (_now < target)
            {
                _now = target;
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> when virtual time reaches <paramref name="afterStart"/> (since <see cref="Start"/>).</summary>
    public void At(TimeSpan afterStart, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_gate)
        {
            Add(new Entry(Start + afterStart, _sequence++, action, timer: null));
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ClockTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private Entry? TakeNext(Func<DateTimeOffset, bool> isDue)
    {
        lock (_gate)
        {
            if (_queue.Count == 0 || !isDue(_queue[0].Due))
            {
                return null;
            }

            var entry = _queue[0];
            _queue.RemoveAt(0);
            if (entry.Due > _now)
            {
                _now = entry.Due;
            }

            return entry;
        }
    }

    private void Add(Entry entry)
    {
        var index = _queue.FindIndex(e => e.Due > entry.Due || (e.Due == entry.Due && e.Sequence > entry.Sequence));
        _queue.Insert(index < 0 ? _queue.Count : index, entry);
    }

    /// <summary>Someone waits on <paramref name="timer"/>: let time pass until it fires or is stopped.</summary>
    private void Pass(ClockTimer timer, long generation)
    {
        while (true)
        {
            Entry? entry;
            lock (_gate)
            {
                if (!timer.IsArmed(generation))
                {
                    return;
                }

                entry = TakeNext(_ => true);
            }

            if (entry is null)
            {
                return; // a wait without end and nothing scheduled: only the test's own timeout ends it
            }

            entry.Run();
            if (ReferenceEquals(entry.Timer, timer))
            {
                return;
            }
        }
    }

    private sealed class Entry
    {
        private readonly Action _action;

        public Entry(DateTimeOffset due, long sequence, Action action, ClockTimer? timer)
        {
            Due = due;
            Sequence = sequence;
            _action = action;
            Timer = timer;
        }

        public DateTimeOffset Due { get; }

        public long Sequence { get; }

        public ClockTimer? Timer { get; }

        public void Run() => _action();
    }

    private sealed class ClockTimer : ITimer
    {
        private readonly TestClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private Entry? _entry;
        private long _generation;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public ClockTimer(TestClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            long generation;
            lock (_clock._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                Unschedule();
                generation = ++_generation;
                _period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Schedule(_clock._now + dueTime);
                }
            }

            // A wait starts now; let its time pass on another thread, as a real timer would fire.
            // A wait without end still lets scheduled events (a far-end hang-up) happen.
            ThreadPool.UnsafeQueueUserWorkItem(_ => _clock.Pass(this, generation), null);
            return true;
        }

        public bool IsArmed(long generation) => !_disposed && _generation == generation;

        public void Dispose()
        {
            lock (_clock._gate)
            {
                _disposed = true;
                Unschedule();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Schedule(DateTimeOffset due)
        {
            _entry = new Entry(due, _clock._sequence++, Fire, this);
            _clock.Add(_entry);
        }

        private void Unschedule()
        {
            if (_entry is not null)
            {
                _clock._queue.Remove(_entry);
                _entry = null;
            }
        }

        private void Fire()
        {
            lock (_clock._gate)
            {
                if (_disposed)
                {
                    return;
                }

                _entry = null;

                // A periodic timer fires again only when time is moved on explicitly, never by itself.
                if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
                {
                    Schedule(_clock._now + _period);
                }
            }

            _callback(_state);
        }
    }
}

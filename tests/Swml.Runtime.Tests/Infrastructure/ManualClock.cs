namespace Swml.Runtime.Tests.Infrastructure;

/// <summary>
/// A clock that only moves when a test says so. It records every delay asked of it, lets a test
/// wait until the flow has asked for one, and fires timers when <see cref="Advance"/> reaches them.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = new();
    private readonly List<TimeSpan> _requested = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = new();
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The due times of every timer created, in order.</summary>
    public IReadOnlyList<TimeSpan> Requested
    {
        get
        {
            lock (_gate)
            {
                return _requested.ToArray();
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        List<TaskCompletionSource> ready;
        lock (_gate)
        {
            _requested.Add(dueTime);
            timer.Schedule(dueTime, _now);
            _timers.Add(timer);
            ready = _waiters.Where(w => _requested.Count >= w.Count).Select(w => w.Signal).ToList();
            _waiters.RemoveAll(w => ready.Contains(w.Signal));
        }

        ready.ForEach(s => s.TrySetResult());
        return timer;
    }

    /// <summary>Completes once at least <paramref name="count"/> timers have been created.</summary>
    public Task WaitForTimers(int count)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_requested.Count >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((count, signal));
        }

        return signal.Task;
    }

    /// <summary>Moves the clock on and fires the timers that are due by then.</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.Due is { } at && at <= _now).ToList();
            foreach (var timer in due)
            {
                timer.Due = null;
                _timers.Remove(timer);
            }
        }

        due.ForEach(t => t.Fire());
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public ManualTimer(ManualClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset? Due { get; set; }

        public void Schedule(TimeSpan dueTime, DateTimeOffset now) =>
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;

        public void Fire() => _callback(_state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_clock._gate)
            {
                Schedule(dueTime, _clock._now);
                if (!_clock._timers.Contains(this))
                {
                    _clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Dispose()
        {
            lock (_clock._gate)
            {
                Due = null;
                _clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

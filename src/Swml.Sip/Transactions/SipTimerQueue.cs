using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Swml.Sip.Transactions;

/// <summary>
/// Every SIP timer of an endpoint on one <see cref="TimeProvider"/> timer, as baresip's tmr list:
/// entries in a binary heap by due time, the earliest one armed, everything due fired in one pass.
/// Thousands of calls then cost one .NET timer and one wake-up per batch rather than several timers
/// each, and a cancelled entry leaves the heap at once, so nothing it holds outlives it.
/// Wake-ups fall on a grid of <see cref="Resolution"/> (10 ms unless set), so the entries of a
/// busy second share a few dozen ticks rather than taking one each; an entry fires at most that
/// much late, never early. Callbacks run outside the queue's lock, in due order, and must not block.
/// </summary>
internal sealed class SipTimerQueue : IDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly List<ScheduledTimer> _heap = new();
    private long _armedFor = long.MaxValue;
    private bool _disposed;

    private readonly long _grid;

    public SipTimerQueue(TimeProvider time, ILogger? logger = null, TimeSpan? resolution = null)
    {
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        Resolution = resolution ?? TimeSpan.FromMilliseconds(10);
        ArgumentOutOfRangeException.ThrowIfLessThan(Resolution, TimeSpan.Zero, nameof(resolution));
        _grid = Math.Max(1, ToTimestamp(Resolution));
        _timer = time.CreateTimer(static s => ((SipTimerQueue)s!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How far apart wake-ups are at least; an entry fires up to this much after its time.</summary>
    public TimeSpan Resolution { get; }

    /// <summary>The time source the delays are measured on.</summary>
    public TimeProvider Time => _time;

    /// <summary>Entries waiting, for tests and diagnostics.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _heap.Count;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="callback"/> with <paramref name="state"/> once <paramref name="delay"/>
    /// has passed, unless cancelled first. <see cref="Timeout.InfiniteTimeSpan"/> never fires.
    /// </summary>
    public ScheduledTimer Schedule(TimeSpan delay, Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var entry = new ScheduledTimer(this, callback, state);
        if (delay == Timeout.InfiniteTimeSpan)
        {
            return entry;
        }

        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A SIP timer needs a non-negative delay.");
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            entry.Due = _time.GetTimestamp() + ToTimestamp(delay);
            Push(entry);
            if (OnGrid(entry.Due) < _armedFor)
            {
                ArmLocked(entry.Due);
            }
        }

        return entry;
    }

    /// <summary>Keeps an entry from firing. False when its callback already ran or was cancelled.</summary>
    internal bool Cancel(ScheduledTimer entry)
    {
        lock (_gate)
        {
            if (entry.Index >= 0)
            {
                // The armed timer may now fire for nothing; that costs one tick and saves a re-arm per cancel.
                RemoveAt(entry.Index);
            }
        }

        // An entry already taken for firing but not yet run is stopped here too.
        return entry.Release().Callback is not null;
    }

    private void OnTick()
    {
        List<ScheduledTimer>? batch = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            while (_heap.Count > 0 && _heap[0].Due <= now)
            {
                batch ??= new List<ScheduledTimer>();
                batch.Add(_heap[0]);
                RemoveAt(0);
            }

            _armedFor = long.MaxValue;
            if (_heap.Count > 0)
            {
                ArmLocked(_heap[0].Due);
            }
        }

        if (batch is null)
        {
            return;
        }

        foreach (var entry in batch)
        {
            var (callback, state) = entry.Release();
            if (callback is null)
            {
                continue;
            }

            try
            {
                callback(state);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A SIP timer callback failed");
            }
        }
    }

    private void ArmLocked(long due)
    {
        due = OnGrid(due);
        _armedFor = due;
        var wait = due - _time.GetTimestamp();

        // Whole milliseconds, rounded up: a timer that fires early only re-arms itself.
        var milliseconds = wait <= 0 ? 0 : (long)Math.Ceiling(wait * 1000.0 / _time.TimestampFrequency);
        _timer.Change(TimeSpan.FromMilliseconds(milliseconds), Timeout.InfiniteTimeSpan);
    }

    /// <summary>The first grid point at or after <paramref name="due"/>.</summary>
    private long OnGrid(long due)
    {
        var remainder = due % _grid;
        return remainder == 0 ? due : due + (_grid - remainder);
    }

    private long ToTimestamp(TimeSpan delay) => (long)(delay.Ticks * (_time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    private void Push(ScheduledTimer entry)
    {
        entry.Index = _heap.Count;
        _heap.Add(entry);
        SiftUp(entry.Index);
    }

    private void RemoveAt(int index)
    {
        var removed = _heap[index];
        var last = _heap.Count - 1;
        if (index != last)
        {
            Place(_heap[last], index);
        }

        _heap.RemoveAt(last);
        removed.Index = -1;
        if (index < _heap.Count)
        {
            SiftDown(index);
            SiftUp(index);
        }
    }

    private void SiftUp(int index)
    {
        var entry = _heap[index];
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!Earlier(entry, _heap[parent]))
            {
                break;
            }

            Place(_heap[parent], index);
            index = parent;
        }

        Place(entry, index);
    }

    private void SiftDown(int index)
    {
        var entry = _heap[index];
        var count = _heap.Count;
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && Earlier(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Earlier(_heap[child], entry))
            {
                break;
            }

            Place(_heap[child], index);
            index = child;
        }

        Place(entry, index);
    }

    /// <summary>Due time first, then the order of scheduling, so equal deadlines fire in the order they were set.</summary>
    private static bool Earlier(ScheduledTimer a, ScheduledTimer b) => a.Due < b.Due || (a.Due == b.Due && a.Sequence < b.Sequence);

    private void Place(ScheduledTimer entry, int index)
    {
        _heap[index] = entry;
        entry.Index = index;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _heap)
            {
                entry.Index = -1;
                entry.Release();
            }

            _heap.Clear();
        }

        _timer.Dispose();
    }
}

/// <summary>One entry of a <see cref="SipTimerQueue"/>: cancel it to keep it from firing.</summary>
internal sealed class ScheduledTimer
{
    private static long s_sequence;
    private readonly SipTimerQueue _queue;
    private Action<object?>? _callback;
    private object? _state;

    internal ScheduledTimer(SipTimerQueue queue, Action<object?> callback, object? state)
    {
        _queue = queue;
        _callback = callback;
        _state = state;
        Sequence = Interlocked.Increment(ref s_sequence);
    }

    internal long Due { get; set; }

    internal long Sequence { get; }

    /// <summary>Where the entry sits in the heap; -1 once it fired or was cancelled.</summary>
    internal int Index { get; set; } = -1;

    /// <summary>Keeps the entry from firing. False when it already fired or was cancelled.</summary>
    public bool Cancel() => _queue.Cancel(this);

    /// <summary>Hands over the callback once and drops the references, so a fired or cancelled entry holds nothing.</summary>
    internal (Action<object?>? Callback, object? State) Release()
    {
        var callback = Interlocked.Exchange(ref _callback, null);
        if (callback is null)
        {
            return (null, null);
        }

        var state = _state;
        _state = null;
        return (callback, state);
    }
}

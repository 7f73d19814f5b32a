using System.Collections.Concurrent;

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// A clock whose timers fire at once, so sleeps take no time. It records every delay asked of it
/// (a drift in a sleep's duration shows) and, at the <see cref="MaxTimers"/>th timer, cancels the
/// run instead of firing: <c>sleep: -1</c> waits in hour-long timers forever, and must end.
/// </summary>
internal sealed class InstantTimeProvider : TimeProvider
{
    public const int MaxTimers = 20;

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentQueue<TimeSpan> _requested = new();
    private readonly CancellationTokenSource _stop;
    private long _elapsedTicks;

    /// <param name="stop">Cancelled when the flow asks for one timer too many.</param>
    public InstantTimeProvider(CancellationTokenSource stop) => _stop = stop;

    public IReadOnlyList<TimeSpan> Requested => _requested.ToArray();

    /// <summary>Moves on by each delay as it fires, so a flow that reads the time sees it pass.</summary>
    public override DateTimeOffset GetUtcNow() => Start + TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _requested.Enqueue(dueTime);
        var fire = _requested.Count < MaxTimers;

        // Off the caller's stack: Task.Delay finishes setting up after CreateTimer returns.
        ThreadPool.QueueUserWorkItem(_ =>
        {
            if (!fire)
            {
                _stop.Cancel();
                return;
            }

            Interlocked.Add(ref _elapsedTicks, Math.Max(0, dueTime.Ticks));
            callback(state);
        });
        return new InertTimer();
    }

    /// <summary>A timer that has already fired (or never will): changing or disposing it does nothing.</summary>
    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

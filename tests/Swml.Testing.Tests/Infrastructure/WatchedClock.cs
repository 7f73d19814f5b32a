using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Swml.Tests.Waiting;

namespace Swml.Testing.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that sees the timers started on it, so a test advances time
/// once the code under test waits rather than guessing when that is.
/// </summary>
internal sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentQueue<TimeSpan> _started = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _started.Enqueue(dueTime);
        return timer;
    }

    /// <summary>
    /// Waits (real time) for the next timer due in <paramref name="wait"/> to start, passing over
    /// timers of other lengths, then advances the clock by <paramref name="by"/> (default: <paramref name="wait"/>).
    /// </summary>
    public async Task AdvanceOnceWaitingAsync(TimeSpan wait, TimeSpan? by = null)
    {
        await Eventually.True(() => _started.TryDequeue(out var due) && due == wait, $"a {wait.TotalSeconds} s wait to start");
        Advance(by ?? wait);
    }
}

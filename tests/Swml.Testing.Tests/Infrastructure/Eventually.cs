using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Swml.Testing.Tests.Infrastructure;

/// <summary>Waits in real time for work on other threads (a socket, the thread pool) to show.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="limit"/> (5 s).</summary>
    public static async Task True(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > (limit ?? TimeSpan.FromSeconds(5)))
            {
                Assert.Fail($"Still waiting after {waited.Elapsed.TotalSeconds:0.#} s for {what}.");
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}

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

using Microsoft.Extensions.Time.Testing;
using Swml.Sip.Transactions;

namespace Swml.Sip.Tests.Transactions;

/// <summary>The one-timer queue every SIP timer runs on, on fake time.</summary>
public sealed class SipTimerQueueTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _fired = new();

    private SipTimerQueue Create() => new(_time);

    /// <summary>
    /// FakeTimeProvider shows its callbacks the end of an advance, so time moves in 10 ms steps
    /// (as TransactionHarness does) for each entry to see its own moment.
    /// </summary>
    private void Advance(TimeSpan span)
    {
        for (var left = span; left > TimeSpan.Zero; left -= TimeSpan.FromMilliseconds(10))
        {
            _time.Advance(left < TimeSpan.FromMilliseconds(10) ? left : TimeSpan.FromMilliseconds(10));
        }
    }

    private Action<object?> Record(string name) => _ => _fired.Add($"{name}@{_time.GetUtcNow() - FakeStart:mm\\:ss\\.fff}");

    private DateTimeOffset FakeStart { get; } = new FakeTimeProvider().GetUtcNow();

    [Fact]
    public void EntriesFireAtTheirOwnTimesInDueOrder()
    {
        using var queue = Create();
        queue.Schedule(TimeSpan.FromSeconds(32), Record("F"), null);
        queue.Schedule(TimeSpan.FromMilliseconds(500), Record("E1"), null);
        queue.Schedule(TimeSpan.FromSeconds(5), Record("K"), null);
        queue.Schedule(TimeSpan.FromMilliseconds(500), Record("E2"), null);

        Advance(TimeSpan.FromMilliseconds(490));
        Assert.Empty(_fired);
        Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(new[] { "E1@00:00.500", "E2@00:00.500", "K@00:05.000", "F@00:32.000" }, _fired);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void ACancelledEntryNeverFiresAndLeavesTheQueueAtOnce()
    {
        using var queue = Create();
        var state = new object();
        var weak = new WeakReference(state);
        var timeout = queue.Schedule(TimeSpan.FromSeconds(32), Record("F"), state);
        queue.Schedule(TimeSpan.FromSeconds(1), Record("A"), null);

        Assert.True(timeout.Cancel());
        Assert.False(timeout.Cancel());
        Assert.Equal(1, queue.Count);
        Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(new[] { "A@00:01.000" }, _fired);
        Assert.False(timeout.Cancel());
        GC.KeepAlive(timeout);
    }

    [Fact]
    public void AFiredOrCancelledEntryNoLongerHoldsItsState()
    {
        using var queue = Create();
        var (fired, cancelled) = ScheduleTwo(queue);
        Advance(TimeSpan.FromSeconds(2));
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.False(fired.IsAlive);
        Assert.False(cancelled.IsAlive);
    }

    private static (WeakReference Fired, WeakReference Cancelled) ScheduleTwo(SipTimerQueue queue)
    {
        var a = new byte[1000];
        var b = new byte[1000];
        queue.Schedule(TimeSpan.FromSeconds(1), _ => { }, a);
        queue.Schedule(TimeSpan.FromSeconds(60), _ => { }, b).Cancel();
        return (new WeakReference(a), new WeakReference(b));
    }

    [Fact]
    public void ACallbackCanScheduleAgainAsARetransmitTimerDoes()
    {
        using var queue = Create();
        var interval = TimeSpan.FromMilliseconds(500);
        void Retransmit(object? _)
        {
            _fired.Add($"{_time.GetUtcNow() - FakeStart:ss\\.fff}");
            interval *= 2;
            if (interval <= TimeSpan.FromSeconds(4))
            {
                queue.Schedule(interval, Retransmit, null);
            }
        }

        queue.Schedule(interval, Retransmit, null);
        Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(new[] { "00.500", "01.500", "03.500", "07.500" }, _fired);
    }

    [Fact]
    public void AnEarlierEntryScheduledLaterStillFiresFirst()
    {
        using var queue = Create();
        queue.Schedule(TimeSpan.FromSeconds(10), Record("late"), null);
        Advance(TimeSpan.FromSeconds(1));
        queue.Schedule(TimeSpan.FromSeconds(1), Record("early"), null);
        Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(new[] { "early@00:02.000", "late@00:10.000" }, _fired);
    }

    [Fact]
    public void EntriesWithinOneResolutionStepFireTogetherAndNeverEarly()
    {
        using var queue = new SipTimerQueue(_time, resolution: TimeSpan.FromMilliseconds(10));
        queue.Schedule(TimeSpan.FromMilliseconds(1), Record("a"), null);
        queue.Schedule(TimeSpan.FromMilliseconds(9), Record("b"), null);
        queue.Schedule(TimeSpan.FromMilliseconds(11), Record("c"), null);

        for (var i = 0; i < 25; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(new[] { "a@00:00.010", "b@00:00.010", "c@00:00.020" }, _fired);
    }

    [Fact]
    public void AnInfiniteDelayNeverFiresAndCanBeCancelled()
    {
        using var queue = Create();
        var never = queue.Schedule(Timeout.InfiniteTimeSpan, Record("never"), null);
        Advance(TimeSpan.FromDays(1));

        Assert.Empty(_fired);
        Assert.True(never.Cancel());
    }

    [Fact]
    public void AFailingCallbackDoesNotStopTheOthers()
    {
        using var queue = Create();
        queue.Schedule(TimeSpan.FromSeconds(1), _ => throw new InvalidOperationException("boom"), null);
        queue.Schedule(TimeSpan.FromSeconds(1), Record("next"), null);
        queue.Schedule(TimeSpan.FromSeconds(2), Record("later"), null);

        Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(new[] { "next@00:01.000", "later@00:02.000" }, _fired);
    }

    [Fact]
    public void ManyEntriesScheduledAndCancelledAtRandomFireExactlyTheOnesLeftInOrder()
    {
        using var queue = Create();
        var random = new Random(4475);
        var entries = new List<(ScheduledTimer Timer, int Due, int Id)>();
        var fired = new List<int>();
        for (var id = 0; id < 2000; id++)
        {
            var due = random.Next(0, 10_000);
            var captured = id;
            entries.Add((queue.Schedule(TimeSpan.FromMilliseconds(due), _ => fired.Add(captured), null), due, id));
        }

        var cancelled = new HashSet<int>();
        foreach (var (timer, _, id) in entries.Where(_ => random.Next(3) == 0))
        {
            Assert.True(timer.Cancel());
            cancelled.Add(id);
        }

        Advance(TimeSpan.FromSeconds(11));

        var expected = entries.Where(e => !cancelled.Contains(e.Id)).OrderBy(e => e.Due).ThenBy(e => e.Id).Select(e => e.Id);
        Assert.Equal(expected, fired);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task OnRealTimeAnEntryFiresNoEarlierThanItsDelay()
    {
        using var queue = new SipTimerQueue(TimeProvider.System);
        var started = TimeProvider.System.GetTimestamp();
        var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Schedule(TimeSpan.FromMilliseconds(50), _ => done.SetResult(TimeProvider.System.GetElapsedTime(started)), null);

        var elapsed = await done.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(elapsed >= TimeSpan.FromMilliseconds(50), $"fired after {elapsed.TotalMilliseconds} ms");
    }
}

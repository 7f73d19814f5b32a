using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

public sealed class SleepTests
{
    /// <summary>Only a guard against a hung test; nothing is timed.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task SleepWaitsForTheFlowsClock(string kind)
    {
        var clock = new ManualClock();
        var handler = new RecordingHandler();
        var token = TestContext.Current.CancellationToken;
        var running = TestFlows.RunUntilCancelledAsync(kind, "sleep", handler, new FlowRunOptions { Time = clock }, token);

        await clock.WaitForTimers(1).WaitAsync(Hang, token);
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Empty(handler.Played);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await clock.WaitForTimers(2).WaitAsync(Hang, token);
        Assert.Equal(new[] { "say: after half a second" }, handler.Played);

        clock.Advance(TimeSpan.FromMilliseconds(249));
        Assert.Equal(new[] { "say: after half a second" }, handler.Played);
        Assert.False(running.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var run = await running.WaitAsync(Hang, token);

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(new[] { "main[0] sleep", "main[1] play", "main[2] sleep", "main[3] play" }, run.Trace);
        Assert.Equal(new[] { "say: after half a second", "say: after a quarter more" }, handler.Played);
        Assert.Equal(new[] { TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(250) }, clock.Requested);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task SleepMinusOneWaitsUntilTheRunIsCancelled(string kind)
    {
        var clock = new ManualClock();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = TestFlows.RunUntilCancelledAsync(kind, "sleep_forever", new RecordingHandler(), new FlowRunOptions { Time = clock }, cancellation.Token);

        // Nothing before the sleep awaits, so the flow is already waiting in it here.

        clock.Advance(TimeSpan.FromDays(365));
        Assert.False(running.IsCompleted);

        await cancellation.CancelAsync();
        var run = await running.WaitAsync(Hang, TestContext.Current.CancellationToken);

        Assert.Equal(FlowEndReason.Cancelled, run.Result.Reason);
        Assert.Equal(new[] { "main[0] sleep" }, run.Trace);
        Assert.Empty(run.Handler.Invocations);
    }
}

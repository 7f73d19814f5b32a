using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Swml.Sip.Events;
using Swml.Sip.Transactions;

namespace Swml.Sip.Tests.Events;

/// <summary>The transferee's NOTIFYs of an accepted REFER (RFC 3515 §2.4.4-2.4.7), with a sender the test answers, on fake time.</summary>
public sealed class ReferNotifierTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new();
    private readonly List<Sent> _sent = new();
    private readonly SemaphoreSlim _sentSignal = new(0);

    private sealed record Sent(string Event, string State, string Body, TaskCompletionSource<(int, string?)> Answer);

    private ReferNotifier Create(TimeSpan? duration = null) =>
        new(42, Send, new SipTimerQueue(_time), duration ?? TimeSpan.FromSeconds(120), NullLogger.Instance);

    private Task<(int StatusCode, string? Detail)> Send(IReadOnlyList<(string Name, string Value)> headers, ReadOnlyMemory<byte> body)
    {
        var answer = new TaskCompletionSource<(int, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sent)
        {
            _sent.Add(new Sent(headers.Single(h => h.Name == "Event").Value, headers.Single(h => h.Name == "Subscription-State").Value, Encoding.UTF8.GetString(body.Span), answer));
        }

        _sentSignal.Release();
        return answer.Task;
    }

    /// <summary>The next NOTIFY the notifier sends (it sends from the thread pool).</summary>
    private async Task<Sent> NextSent()
    {
        Assert.True(await _sentSignal.WaitAsync(TimeSpan.FromSeconds(10), Ct), "no NOTIFY was sent");
        lock (_sent)
        {
            return _sent[^1];
        }
    }

    [Fact]
    public async Task TryingThenProgressThenTheFinalGoOneAtATimeInOrder()
    {
        var notifier = Create();
        var trying = notifier.StartAsync(Task.CompletedTask);
        var ringing = notifier.NotifyAsync(180, "Ringing", Ct);
        var ok = notifier.CompleteAsync(200, "OK");

        var first = await NextSent();
        Assert.Equal(("refer;id=42", "active;expires=120", "SIP/2.0 100 Trying\r\n"), (first.Event, first.State, first.Body));
        await Task.Delay(100, Ct);
        Assert.Single(_sent); // the 180 waits for the 100's answer

        _time.Advance(TimeSpan.FromSeconds(30));
        first.Answer.SetResult((200, null));
        var second = await NextSent();
        Assert.Equal(("active;expires=90", "SIP/2.0 180 Ringing\r\n"), (second.State, second.Body));
        second.Answer.SetResult((200, null));
        var third = await NextSent();
        Assert.Equal(("terminated;reason=noresource", "SIP/2.0 200 OK\r\n"), (third.State, third.Body));
        third.Answer.SetResult((200, null));

        Assert.Equal(ReferNotifyStatus.Delivered, (await trying).Status);
        Assert.Equal(ReferNotifyStatus.Delivered, (await ringing).Status);
        Assert.Equal(new ReferNotifyResult(ReferNotifyStatus.Delivered, 200), await ok);
        Assert.Equal(ReferNotifyStatus.NotSent, (await notifier.NotifyAsync(183, "Session Progress", Ct)).Status);
        Assert.Equal(ReferNotifyStatus.NotSent, (await notifier.CompleteAsync(486, "Busy Here")).Status);
        Assert.False(notifier.IsActive);
    }

    [Theory]
    [InlineData(481)]
    [InlineData(408)]
    public async Task ANotifyThatFailsEndsTheSubscriptionAndSaysSo(int status)
    {
        var notifier = Create();
        var trying = notifier.StartAsync(Task.CompletedTask);
        var ok = notifier.CompleteAsync(200, "OK");

        (await NextSent()).Answer.SetResult((status, "gone"));

        var failed = await trying.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal((ReferNotifyStatus.Failed, status), (failed.Status, failed.ResponseCode));
        var notSent = await ok.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(ReferNotifyStatus.NotSent, notSent.Status);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), notSent.Detail);
        Assert.Single(_sent);
    }

    [Fact]
    public async Task WithNoFinalStatusInTimeTheSubscriptionEndsWithTheLatestOneAndReasonTimeout()
    {
        var notifier = Create(TimeSpan.FromSeconds(60));
        _ = notifier.StartAsync(Task.CompletedTask);
        (await NextSent()).Answer.SetResult((200, null));
        _ = notifier.NotifyAsync(180, "Ringing", Ct);
        (await NextSent()).Answer.SetResult((200, null));

        _time.Advance(TimeSpan.FromSeconds(60));

        var last = await NextSent();
        Assert.Equal(("terminated;reason=timeout", "SIP/2.0 180 Ringing\r\n"), (last.State, last.Body));
        last.Answer.SetResult((200, null));
        await Task.Delay(50, Ct);
        var late = await notifier.CompleteAsync(200, "OK");
        Assert.Equal(ReferNotifyStatus.NotSent, late.Status);
    }

    [Fact]
    public async Task AProvisionalNotifyCancelledBeforeItsTurnIsNotSent()
    {
        var notifier = Create();
        _ = notifier.StartAsync(Task.CompletedTask);
        var first = await NextSent();
        using var cancel = new CancellationTokenSource();
        var ringing = notifier.NotifyAsync(180, "Ringing", cancel.Token);

        cancel.Cancel();
        first.Answer.SetResult((200, null));

        Assert.Equal(ReferNotifyStatus.NotSent, (await ringing.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Status);
        Assert.Single(_sent);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Swml.Runtime.Calls;
using Swml.Tests.Http;

namespace Swml.Testing.Tests.Calls;

/// <summary>
/// The callback sink with an outbox, against a real Kestrel receiver: what a dead or stopped node
/// left is delivered by the next one with the same webhook-id; what was delivered is not.
/// </summary>
public sealed class CallbackOutboxDeliveryTests : IDisposable
{
    private static readonly HttpStatusCallbackOptions Fast = new()
    {
        MaxAttempts = 2,
        FirstRetryDelay = TimeSpan.FromMilliseconds(20),
        UseJitter = false,
        AttemptTimeout = TimeSpan.FromSeconds(5),
        DrainTimeout = TimeSpan.FromMilliseconds(300),
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("swml-outbox-sink-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string PathOf(string name) => Path.Combine(_folder, name);

    private CallbackOutbox Open(string name = "outbox.db") => CallbackOutbox.Open(new CallbackOutboxOptions { Path = PathOf(name) });

    private static JsonObject Body(string state) => new()
    {
        ["event_type"] = "calling.call.refer",
        ["params"] = new JsonObject { ["state"] = state },
    };

    /// <summary>The outbox's files as a killed process leaves them, under another name.</summary>
    private string Crash(string name = "outbox.db") => Path.GetFileName(Swml.Tests.Outbox.CrashedFiles.Copy(PathOf(name)));

    [Fact]
    public async Task ACallbackPostedJustBeforeTheNodeDiedArrivesFromTheNextRunWithItsWebhookId()
    {
        var answering = false;
        var firstAttempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new List<(string Id, string Body)>();
        await using var receiver = await TestHttpServer.StartAsync(async (context, request) =>
        {
            if (!Volatile.Read(ref answering))
            {
                firstAttempt.TrySetResult();
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted); // the node dies before an answer
                return;
            }

            lock (received)
            {
                received.Add((request.Headers["webhook-id"], request.Body));
            }

            context.Response.StatusCode = 204;
        });
        using var http = new HttpClient();
        var url = receiver.BaseUrl + "/status";

        // The node posts and is killed before its attempt is answered: the files as they are then.
        string crashed;
        string id;
        using (var outbox = Open())
        {
            var dying = new HttpStatusCallbackSink(http, Fast with { Outbox = outbox });
            dying.Post("call-1", url, Body("inProgress"));
            await firstAttempt.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct); // its attempt is out (so recorded), unanswered
            crashed = Crash();
            id = Assert.Single(outbox.Unsettled()).Id;

            // The dead node sends nothing more (left running, its retry could reach the receiver later).
            await dying.DisposeAsync();
        }

        Volatile.Write(ref answering, true);
        using var next = Open(crashed);
        await using (var sink = new HttpStatusCallbackSink(http, Fast with { Outbox = next }))
        {
            Assert.Equal(1, sink.DeliverUnsettled());
            await sink.FlushAsync(Ct);
        }

        var (receivedId, body) = Assert.Single(received);
        Assert.Equal(id, receivedId);
        Assert.StartsWith("msg_", id, StringComparison.Ordinal);
        Assert.Equal("inProgress", (string?)JsonNode.Parse(body)!["params"]!["state"]);
        next.Flush();
        Assert.Equal(0, next.PendingCount);
    }

    [Fact]
    public async Task TheSameEventIsSentAgainWithTheSameIdUntilItIsMarkedDelivered()
    {
        var ids = new List<string>();
        var firstAttempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var copied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await TestHttpServer.StartAsync(async (context, request) =>
        {
            lock (ids)
            {
                ids.Add(request.Headers["webhook-id"]);
            }

            firstAttempt.TrySetResult();
            await copied.Task;
            context.Response.StatusCode = 200;
        });
        using var http = new HttpClient();

        // Delivered, then the node died before the mark reached the disk: simulated by a copy taken
        // once the attempt is out (so the event is recorded) and before it is answered.
        string crashed;
        using (var outbox = Open())
        {
            await using var sink = new HttpStatusCallbackSink(http, Fast with { Outbox = outbox });
            sink.Post("call-1", receiver.BaseUrl + "/status", Body("success"));
            await firstAttempt.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
            crashed = Crash();
            copied.TrySetResult();
            await sink.FlushAsync(Ct);
            outbox.Flush(); // the mark, written by the outbox's thread
            Assert.Equal(0, outbox.PendingCount);
        }

        using (var next = Open(crashed))
        {
            await using var sink = new HttpStatusCallbackSink(http, Fast with { Outbox = next });
            Assert.Equal(1, sink.DeliverUnsettled());
            await sink.FlushAsync(Ct);
        }

        // Twice, with one id: a receiver that drops duplicates sees the event once.
        Assert.Equal(2, ids.Count);
        Assert.Single(ids.Distinct());

        using var original = Open();
        await using var third = new HttpStatusCallbackSink(http, Fast with { Outbox = original });
        Assert.Equal(0, third.DeliverUnsettled()); // where it was marked, nothing is left
    }

    [Fact]
    public async Task WhatAStoppingNodeCouldNotDeliverIsLeftForTheNextStartNotGivenUp()
    {
        var answering = false;
        var firstAttempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new List<string>();
        await using var receiver = await TestHttpServer.StartAsync(async (context, request) =>
        {
            if (!Volatile.Read(ref answering))
            {
                firstAttempt.TrySetResult();
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted); // hangs past the drain
                return;
            }

            lock (received)
            {
                received.Add(request.Headers["webhook-id"]);
            }

            context.Response.StatusCode = 200;
        });
        using var http = new HttpClient();
        var url = receiver.BaseUrl + "/status";

        using (var outbox = Open())
        {
            var sink = new HttpStatusCallbackSink(http, Fast with { Outbox = outbox });
            sink.Post("call-1", url, Body("inProgress"));
            sink.Post("call-1", url, Body("success"));
            await firstAttempt.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
            await sink.DisposeAsync(); // drains for 300 ms, then stops
            Assert.Equal(2, outbox.PendingCount);
        }

        Volatile.Write(ref answering, true);
        using (var next = Open())
        {
            await using var sink = new HttpStatusCallbackSink(http, Fast with { Outbox = next });
            Assert.Equal(2, sink.DeliverUnsettled());
            await sink.FlushAsync(Ct);
            next.Flush();
            Assert.Equal(0, next.PendingCount);
        }

        Assert.Equal(2, received.Distinct().Count());
    }

    [Fact]
    public async Task ACallbackRefusedForGoodIsSettledAndNotSentAgain()
    {
        await using var receiver = await TestHttpServer.StartAsync((context, _) => { context.Response.StatusCode = 410; return Task.CompletedTask; });
        using var http = new HttpClient();
        using var outbox = Open();
        await using (var sink = new HttpStatusCallbackSink(http, Fast with { Outbox = outbox }))
        {
            sink.Post("call-1", receiver.BaseUrl + "/status", Body("failed"));
            await sink.FlushAsync(Ct);
        }

        outbox.Flush();
        Assert.Equal(0, outbox.PendingCount);
        Assert.Empty(outbox.Unsettled());
    }

    [Fact]
    public async Task ACallbackTheSinkDropsIsNotRecorded()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await TestHttpServer.StartAsync(async (context, _) => { await release.Task; context.Response.StatusCode = 200; });
        using var http = new HttpClient();
        using var outbox = Open();
        await using (var sink = new HttpStatusCallbackSink(http, Fast with { Outbox = outbox, MaxQueuedCallbacks = 1 }))
        {
            sink.Post("call-1", receiver.BaseUrl + "/status", Body("inProgress"));
            sink.Post("call-1", receiver.BaseUrl + "/status", Body("success")); // the queue is full: dropped
            Assert.Equal(1, sink.DroppedCount);
            outbox.Flush();
            Assert.Equal(1, outbox.PendingCount); // only the one the sink took
            release.TrySetResult();
            await sink.FlushAsync(Ct);
        }

        outbox.Flush();
        Assert.Equal(0, outbox.PendingCount);
        Assert.Empty(outbox.Unsettled());
    }

    [Fact]
    public async Task APostAfterTheOutboxClosedIsSentWithoutBeingRecorded()
    {
        await using var receiver = await TestHttpServer.StartAsync(Ok);
        using var http = new HttpClient();
        var outbox = Open();
        await using var sink = new HttpStatusCallbackSink(http, Fast with { Outbox = outbox });
        outbox.Dispose(); // the host stopped the outbox while a late flow still posts

        sink.Post("call-1", receiver.BaseUrl + "/status", Body("success"));
        await sink.FlushAsync(Ct);

        Assert.Equal(1, sink.DeliveredCount);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task WhatAnEarlierRunLeftBeyondTheQueueWaitsForTheNextStart()
    {
        await using var receiver = await TestHttpServer.StartAsync(Ok);
        using var http = new HttpClient();
        using (var outbox = Open())
        {
            foreach (var i in Enumerable.Range(1, 3))
            {
                Assert.True(await outbox.RecordAsync($"msg_{i}", $"call-{i}", receiver.BaseUrl + "/status", Encoding.UTF8.GetBytes("{}")));
            }
        }

        using (var next = Open())
        {
            await using var sink = new HttpStatusCallbackSink(http, Fast with { Outbox = next, MaxQueuedCallbacks = 2 });
            Assert.Equal(2, sink.DeliverUnsettled());
            await sink.FlushAsync(Ct);
            next.Flush();
            Assert.Equal(1, next.PendingCount);
        }

        using (var third = Open())
        {
            await using var sink = new HttpStatusCallbackSink(http, Fast with { Outbox = third });
            Assert.Equal(1, sink.DeliverUnsettled());
            await sink.FlushAsync(Ct);
        }

        Assert.Equal(3, receiver.Received.Select(r => r.Headers["webhook-id"]).Distinct().Count());
    }

    private static Task Ok(Microsoft.AspNetCore.Http.HttpContext context, ReceivedRequest request)
    {
        context.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Swml.Runtime.Calls;
using Swml.Testing.Tests.Infrastructure;
using Swml.Tests.Http;
using Swml.Tests.Waiting;

namespace Swml.Testing.Tests.Calls;

/// <summary>Status callback delivery against a real Kestrel server on 127.0.0.1.</summary>
public sealed class HttpStatusCallbackSinkTests
{
    private static readonly HttpStatusCallbackOptions Fast = new()
    {
        MaxAttempts = 4,
        FirstRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        UseJitter = false,
        AttemptTimeout = TimeSpan.FromSeconds(5),
        DrainTimeout = TimeSpan.FromSeconds(5),
    };

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Body(int sequence, string state = "inProgress") => new()
    {
        ["event_type"] = "calling.call.refer",
        ["params"] = new JsonObject { ["state"] = state, ["seq"] = sequence },
    };

    private static int Sequence(ReceivedRequest request) => JsonNode.Parse(request.Body)!["params"]!["seq"]!.GetValue<int>();

    [Fact]
    public async Task CallbacksOfACallArriveInTheOrderPosted()
    {
        var random = new Random(7);
        await using var server = await TestHttpServer.StartAsync(async (context, _) =>
        {
            int delay;
            lock (random)
            {
                delay = random.Next(0, 15);
            }

            await Task.Delay(delay, context.RequestAborted); // a slow answer must not let a later callback overtake
            context.Response.StatusCode = 200;
        });
        using var http = new HttpClient();
        var sink = new HttpStatusCallbackSink(http, Fast);

        for (var i = 0; i < 20; i++)
        {
            sink.Post("call-a", server.BaseUrl + "/a", Body(i));
            sink.Post("call-b", server.BaseUrl + "/b", Body(100 + i));
        }

        await sink.FlushAsync(Ct);
        await sink.DisposeAsync();

        Assert.Equal(Enumerable.Range(0, 20), server.Received.Where(r => r.PathAndQuery == "/a").Select(Sequence));
        Assert.Equal(Enumerable.Range(100, 20), server.Received.Where(r => r.PathAndQuery == "/b").Select(Sequence));
        Assert.All(server.Received, r => Assert.StartsWith("application/json", r.Headers["Content-Type"], StringComparison.Ordinal));
        Assert.Equal(40, sink.DeliveredCount);
        Assert.Equal(0, sink.GivenUpCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StartOnPostingThreadWritesRequestsOnThePostersThreadOnceWarmAndFlushStillWaitsForThem(bool onPostingThread)
    {
        await using var server = await TestHttpServer.StartAsync(async (context, _) =>
        {
            await Task.Delay(50, context.RequestAborted);
            context.Response.StatusCode = 200;
        });
        var sending = new ThreadRecordingHandler { InnerHandler = new SocketsHttpHandler() };
        using var http = new HttpClient(sending);
        await using var sink = new HttpStatusCallbackSink(http, Fast with { StartOnPostingThread = onPostingThread });

        // Posted from a thread of our own, as the SIP stack's receive thread would; the first one
        // goes through the pool even so (a cold HttpClient would hold the poster), the next not.
        foreach (var call in new[] { "call-a", "call-b" })
        {
            var poster = new Thread(() => sink.Post(call, server.BaseUrl + "/a", Body(1))) { Name = "poster" };
            poster.Start();
            poster.Join();
            await sink.FlushAsync(Ct);
        }

        Assert.Equal(2, sink.DeliveredCount);
        Assert.Equal(2, server.Received.Count);
        Assert.Equal(new[] { false, onPostingThread }, sending.Threads.Select(name => name == "poster"));
    }

    /// <summary>Records the name of the thread each request is started on.</summary>
    private sealed class ThreadRecordingHandler : DelegatingHandler
    {
        public ConcurrentQueue<string?> Threads { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Threads.Enqueue(Thread.CurrentThread.Name);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task ACallWhoseEndpointStallsDoesNotHoldAnotherCallsCallbacks()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestHttpServer.StartAsync(async (context, _) =>
        {
            if (context.Request.Path == "/stalled")
            {
                await release.Task.WaitAsync(context.RequestAborted);
            }

            context.Response.StatusCode = 200;
        });
        using var http = new HttpClient();
        await using var sink = new HttpStatusCallbackSink(http, Fast);

        sink.Post("call-a", server.BaseUrl + "/stalled", Body(1));
        sink.Post("call-a", server.BaseUrl + "/stalled", Body(2));
        for (var i = 0; i < 5; i++)
        {
            sink.Post("call-b", server.BaseUrl + "/b", Body(10 + i));
        }

        // call-b's five arrive while call-a's first is still waiting, and its second behind it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (sink.DeliveredCount < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, Ct);
        }

        Assert.Equal(5, sink.DeliveredCount);
        Assert.Equal(2, sink.QueuedCount);
        release.SetResult();
        await sink.FlushAsync(Ct);
        Assert.Equal(new[] { 1, 2 }, server.Received.Where(r => r.PathAndQuery == "/stalled").Select(Sequence));
    }

    [Fact]
    public async Task AStatusUrlThatIsNotHttpIsGivenUpWithWhy()
    {
        using var http = new HttpClient();
        var logger = new RecordingLogger<HttpStatusCallbackSink>();
        await using var sink = new HttpStatusCallbackSink(http, Fast, logger);

        sink.Post("call-a", "ftp://user:ftp-S3cret@example.test/hook", Body(1));
        await sink.FlushAsync(Ct);

        Assert.Equal(1, sink.GivenUpCount);
        Assert.Contains(logger.Lines, l => l.Contains("is not an http(s) URL", StringComparison.Ordinal));
        Assert.DoesNotContain("ftp-S3cret", logger.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    public async Task ARetriedStatusThenOkIsDeliveredOnce(int firstStatus)
    {
        var attempts = 0;
        await using var server = await TestHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref attempts) == 1 ? firstStatus : 200;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        var sink = new HttpStatusCallbackSink(http, Fast);

        sink.Post("call", server.BaseUrl + "/hook", Body(1, "success"));
        await sink.FlushAsync(Ct);

        Assert.Equal(2, server.Received.Count);
        Assert.Equal(server.Received[0].Body, server.Received[1].Body);
        Assert.Equal(server.Received[0].Headers["webhook-id"], server.Received[1].Headers["webhook-id"]);
        Assert.Equal(1, sink.DeliveredCount);
        Assert.Equal(1, sink.RetriedCount);
        Assert.Equal(0, sink.GivenUpCount);
    }

    [Fact]
    public async Task AClientErrorIsNotRetried()
    {
        await using var server = await TestHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 400;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        var logger = new RecordingLogger<HttpStatusCallbackSink>();
        var sink = new HttpStatusCallbackSink(http, Fast, logger);

        sink.Post("call", server.BaseUrl + "/hook", Body(1));
        await sink.FlushAsync(Ct);

        Assert.Single(server.Received);
        Assert.Equal(0, sink.DeliveredCount);
        Assert.Equal(1, sink.GivenUpCount);
        Assert.Contains(logger.Lines, l => l.Contains("refused with 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEndpointThatStaysBrokenIsGivenUpAfterTheBoundedAttempts()
    {
        await using var server = await TestHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        var logger = new RecordingLogger<HttpStatusCallbackSink>();
        var sink = new HttpStatusCallbackSink(http, Fast, logger);

        sink.Post("call", server.BaseUrl + "/hook", Body(1));
        sink.Post("call", server.BaseUrl + "/hook", Body(2));
        await sink.FlushAsync(Ct);

        Assert.Equal(new[] { 1, 1, 1, 1, 2, 2, 2, 2 }, server.Received.Select(Sequence)); // the queue moves on after giving up
        Assert.Equal(2, sink.GivenUpCount);
        Assert.Contains(logger.Lines, l => l.Contains("given up after 4 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADownEndpointNeverBlocksThePosterAndEndsAfterTheBoundedRetries()
    {
        var counting = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(counting);
        var sink = new HttpStatusCallbackSink(http, Fast);
        var url = TestHttpServer.DownUrl();

        var posting = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            sink.Post("call", url, Body(i));
        }

        posting.Stop();
        var flushing = Stopwatch.StartNew();
        await sink.FlushAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.True(posting.Elapsed < TimeSpan.FromMilliseconds(500), $"Post took {posting.Elapsed}");
        Assert.True(flushing.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Equal(5 * Fast.MaxAttempts, counting.Count);
        Assert.Equal(5, sink.GivenUpCount);
        Assert.Equal(0, sink.DeliveredCount);
    }

    [Fact]
    public async Task AHangingEndpointTimesOutPerAttempt()
    {
        await using var server = await TestHttpServer.StartAsync(async (context, _) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var http = new HttpClient();
        var sink = new HttpStatusCallbackSink(http, new HttpStatusCallbackOptions
        {
            MaxAttempts = 2,
            FirstRetryDelay = TimeSpan.FromMilliseconds(10),
            UseJitter = false,
            AttemptTimeout = TimeSpan.FromMilliseconds(200),
        });

        sink.Post("call", server.BaseUrl + "/slow", Body(1));
        await sink.FlushAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(2, server.Received.Count);
        Assert.Equal(1, sink.GivenUpCount);
    }

    [Fact]
    public async Task DisposeDeliversWhatIsQueuedAndThenDropsNewCallbacks()
    {
        await using var server = await TestHttpServer.StartAsync(async (context, _) =>
        {
            await Task.Delay(20, context.RequestAborted);
            context.Response.StatusCode = 204;
        });
        using var http = new HttpClient();
        var sink = new HttpStatusCallbackSink(http, Fast);
        for (var i = 0; i < 3; i++)
        {
            sink.Post("call", server.BaseUrl + "/hook", Body(i));
        }

        await sink.DisposeAsync();
        sink.Post("call", server.BaseUrl + "/hook", Body(99)); // no throw, no send

        Assert.Equal(new[] { 0, 1, 2 }, server.Received.Select(Sequence));
        Assert.Equal(1, sink.DroppedCount);
        Assert.Equal(0, sink.GivenUpCount);
    }

    [Fact]
    public async Task DisposeGivesUpWhatCannotBeDeliveredInTime()
    {
        using var http = new HttpClient();
        var slow = new HttpStatusCallbackSink(http, new HttpStatusCallbackOptions
        {
            MaxAttempts = 50,
            FirstRetryDelay = TimeSpan.FromSeconds(1),
            UseJitter = false,
            DrainTimeout = TimeSpan.FromMilliseconds(100),
        });
        slow.Post("call", TestHttpServer.DownUrl(), Body(1));

        var disposing = Stopwatch.StartNew();
        await slow.DisposeAsync();

        Assert.True(disposing.Elapsed < TimeSpan.FromSeconds(5), $"Dispose took {disposing.Elapsed}");
        Assert.Equal(1, slow.GivenUpCount);
    }

    [Fact]
    public async Task CredentialsInTheUrlAreBasicAuthAndNeverLogged()
    {
        await using var server = await TestHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        var logger = new RecordingLogger<HttpStatusCallbackSink>();
        var sink = new HttpStatusCallbackSink(http, Fast with { MaxAttempts = 2 }, logger);
        var url = server.BaseUrl.Replace("http://", "http://hook-user:hook-S3cret@", StringComparison.Ordinal) + "/hook";

        sink.Post("call", url, Body(1));
        await sink.FlushAsync(Ct);

        Assert.All(server.Received, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("hook-user:hook-S3cret")), r.Headers["Authorization"]));
        Assert.All(server.Received, r => Assert.Equal("/hook", r.PathAndQuery));
        Assert.NotEmpty(logger.Lines);
        Assert.DoesNotContain("hook-S3cret", logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A429sRetryAfterIsHonouredOverTheShorterBackoff()
    {
        var attempts = 0;
        await using var server = await TestHttpServer.StartAsync((context, _) =>
        {
            var first = Interlocked.Increment(ref attempts) == 1;
            context.Response.StatusCode = first ? 429 : 200;
            if (first)
            {
                context.Response.Headers.RetryAfter = "7";
            }

            return Task.CompletedTask;
        });
        var time = new WatchedClock(Start);
        using var http = new HttpClient();
        await using var sink = new HttpStatusCallbackSink(http, Fast with { FirstRetryDelay = TimeSpan.FromSeconds(1), Time = time });

        sink.Post("call", server.BaseUrl + "/hook", Body(1));
        await time.AdvanceOnceWaitingAsync(TimeSpan.FromSeconds(7), by: TimeSpan.FromSeconds(6));
        await Task.Delay(100, Ct);
        Assert.Single(server.Received); // the 1 s backoff alone would have retried by now

        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => sink.DeliveredCount == 1, "the retry after 7 s");

        Assert.Equal(7, Timestamp(server.Received[1]) - Timestamp(server.Received[0]));
    }

    [Fact]
    public async Task ARetryAfterPastTheDeliveryTimeIsGivenUpAtOnce()
    {
        await using var server = await TestHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        var logger = new RecordingLogger<HttpStatusCallbackSink>();
        await using var sink = new HttpStatusCallbackSink(http, Fast with { Time = new FakeTimeProvider(Start) }, logger);

        sink.Post("call", server.BaseUrl + "/hook", Body(1));
        await sink.FlushAsync(Ct);

        Assert.Single(server.Received);
        Assert.Equal(1, sink.GivenUpCount);
        Assert.Contains(logger.Lines, l => l.Contains("503 asked for a retry in 3600 s, past its delivery time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADeadEndpointIsGivenUpWhenTheDeliveryTimeRunsOutNotAfterAThousandAttempts()
    {
        var time = new FakeTimeProvider(Start);
        var counting = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(counting);
        var logger = new RecordingLogger<HttpStatusCallbackSink>();
        await using var sink = new HttpStatusCallbackSink(
            http,
            Fast with { MaxAttempts = 1000, FirstRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(4), MaxDeliveryTime = TimeSpan.FromSeconds(20), Time = time },
            logger);
        var url = TestHttpServer.DownUrl("/refer-status");

        sink.Post("call-1", url, Body(1));
        sink.Post("call-1", url, Body(2)); // waits behind the first, on the same clock
        var real = Stopwatch.StartNew();
        while (sink.GivenUpCount < 2)
        {
            Assert.True(real.Elapsed < TimeSpan.FromSeconds(5), $"not given up by {time.GetUtcNow() - Start} of fake time");
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5, Ct);
        }

        Assert.InRange(time.GetUtcNow() - Start, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(25));
        Assert.InRange(counting.Count, 3, 20); // 1 + 2 + 4 + 4 + 4 ... s apart: a handful, not 1000
        var lines = logger.Lines.Where(l => l.Contains("given up", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Contains("its delivery time (20 s) ran out", lines[0], StringComparison.Ordinal);
        Assert.Contains("ran out while earlier callbacks of the call were sent", lines[1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Matches("msg_[0-9a-f]{32} \\(calling.call.refer, call call-1\\) to http://127.0.0.1:\\d+/refer-status", l));
    }

    [Fact]
    public async Task AFullQueueDropsTheNewCallbackAndLogsAndCountsIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestHttpServer.StartAsync(async (context, _) => await release.Task.WaitAsync(context.RequestAborted));
        using var http = new HttpClient();
        var logger = new RecordingLogger<HttpStatusCallbackSink>();
        await using var sink = new HttpStatusCallbackSink(http, Fast with { MaxQueuedCallbacks = 3 }, logger);
        var url = server.BaseUrl.Replace("http://", "http://hook-user:hook-S3cret@", StringComparison.Ordinal) + "/hook";

        sink.Post("call-a", url, Body(1));
        sink.Post("call-a", url, Body(2));
        sink.Post("call-b", url, Body(3));
        sink.Post("call-b", url, SecretBody(4));
        sink.Post("call-c", url, SecretBody(5));

        Assert.Equal(2, sink.DroppedCount);
        Assert.Equal(3, sink.QueuedCount);
        var drops = logger.Lines.Where(l => l.Contains("dropped: the queue is full (3 callbacks waiting)", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, drops.Length);
        Assert.Contains("(calling.call.refer, call call-b) to " + server.BaseUrl + "/hook", drops[0], StringComparison.Ordinal);
        Assert.Contains("(calling.call.refer, call call-c) to " + server.BaseUrl + "/hook", drops[1], StringComparison.Ordinal);
        Assert.All(drops, l => Assert.Matches("Warning: Status callback msg_[0-9a-f]{32} ", l));

        release.SetResult();
        await sink.FlushAsync(Ct);
        sink.Post("call-c", url, Body(6)); // there is room again
        await sink.FlushAsync(Ct);

        Assert.Equal(new[] { 1, 2, 3, 6 }, server.Received.Select(Sequence).Order());
        Assert.Equal(4, sink.DeliveredCount);
        Assert.DoesNotContain("hook-S3cret", logger.All, StringComparison.Ordinal);
        Assert.DoesNotContain("body-S3cret", logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopWithAStalledEndpointLogsEachLeftoverAndRefusesNewOnes()
    {
        await using var server = await TestHttpServer.StartAsync(async (context, _) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var http = new HttpClient();
        var logger = new RecordingLogger<HttpStatusCallbackSink>();
        await using var sink = new HttpStatusCallbackSink(http, Fast with { AttemptTimeout = TimeSpan.FromSeconds(30), DrainTimeout = TimeSpan.FromSeconds(30) }, logger);
        var url = server.BaseUrl.Replace("http://", "http://hook-user:hook-S3cret@", StringComparison.Ordinal) + "/hook";
        sink.Post("call-a", url, Body(1));
        sink.Post("call-a", url, Body(2));
        sink.Post("call-b", url, SecretBody(3));
        await Eventually.True(() => server.Received.Count == 2, "the first callback of each call to be in flight");

        using var hostDeadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)); // shorter than DrainTimeout: it rules
        var stopping = Stopwatch.StartNew();
        await sink.StopAsync(hostDeadline.Token);
        stopping.Stop();
        sink.Post("call-a", url, Body(4));

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(3), $"StopAsync took {stopping.Elapsed}");
        Assert.Equal(3, sink.GivenUpCount);
        Assert.Equal(1, sink.DroppedCount);
        Assert.Equal(0, sink.QueuedCount);
        var leftovers = logger.Lines.Where(l => l.Contains("before shutdown", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, leftovers.Length);
        Assert.Equal(2, leftovers.Count(l => l.Contains("(calling.call.refer, call call-a) to " + server.BaseUrl + "/hook given up", StringComparison.Ordinal)));
        Assert.Single(leftovers, l => l.Contains("(calling.call.refer, call call-b) to " + server.BaseUrl + "/hook given up", StringComparison.Ordinal));
        var ids = leftovers.Select(l => Regex.Match(l, "msg_[0-9a-f]{32}").Value).ToHashSet();
        Assert.Equal(3, ids.Count);
        Assert.Subset(ids, server.Received.Select(r => r.Headers["webhook-id"]).ToHashSet());
        Assert.Contains(logger.Lines, l => l.Contains("dropped: the sink is stopped", StringComparison.Ordinal));
        Assert.DoesNotContain("hook-S3cret", logger.All, StringComparison.Ordinal);
        Assert.DoesNotContain("body-S3cret", logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMeterPublishesTheCounters()
    {
        var attempts = 0;
        await using var server = await TestHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref attempts) == 1 ? 503 : 200;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        await using var sink = new HttpStatusCallbackSink(http, Fast);
        var values = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Other tests' sinks publish under the same name at the same time; the scope tells them apart.
            if (instrument.Meter.Name == HttpStatusCallbackSink.MeterName && ReferenceEquals(instrument.Meter.Scope, sink))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();

        sink.Post("call", server.BaseUrl + "/hook", Body(1));
        await sink.FlushAsync(Ct);
        listener.RecordObservableInstruments();

        Assert.Equal(1, values["swml.callbacks.delivered"]);
        Assert.Equal(1, values["swml.callbacks.retries"]);
        Assert.Equal(0, values["swml.callbacks.given_up"]);
        Assert.Equal(0, values["swml.callbacks.dropped"]);
        Assert.Equal(0, values["swml.callbacks.queued"]);
    }

    private static long Timestamp(ReceivedRequest request) => long.Parse(request.Headers["webhook-timestamp"], CultureInfo.InvariantCulture);

    /// <summary>A body with a value that must never reach a log.</summary>
    private static JsonObject SecretBody(int sequence)
    {
        var body = Body(sequence);
        body["params"]!["tag"] = "body-S3cret";
        return body;
    }
}

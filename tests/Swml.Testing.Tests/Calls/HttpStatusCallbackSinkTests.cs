using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Swml.Runtime.Calls;
using Swml.Testing.Tests.Infrastructure;

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
        Assert.Equal(0, sink.AbandonedCount);
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
            if (firstStatus == 429)
            {
                context.Response.Headers.RetryAfter = "1"; // capped by MaxRetryDelay
            }

            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        var sink = new HttpStatusCallbackSink(http, Fast);

        sink.Post("call", server.BaseUrl + "/hook", Body(1, "success"));
        await sink.FlushAsync(Ct);

        Assert.Equal(2, server.Received.Count);
        Assert.Equal(server.Received[0].Body, server.Received[1].Body);
        Assert.Equal(1, sink.DeliveredCount);
        Assert.Equal(0, sink.AbandonedCount);
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
        var sink = new HttpStatusCallbackSink(http, Fast);

        sink.Post("call", server.BaseUrl + "/hook", Body(1));
        await sink.FlushAsync(Ct);

        Assert.Single(server.Received);
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
        Assert.Equal(2, sink.AbandonedCount);
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
        Assert.Equal(5, sink.AbandonedCount);
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
        Assert.Equal(1, sink.AbandonedCount);
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
        Assert.Equal(1, sink.AbandonedCount);
    }

    [Fact]
    public async Task DisposeAbandonsWhatCannotBeDeliveredInTime()
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
        Assert.Equal(1, slow.AbandonedCount);
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
}

using System.Text;
using Microsoft.AspNetCore.Http;
using NAudio.Wave;
using Swml.Runtime.Media;
using Swml.Tests.Http;
using Swml.Tests.Waiting;

namespace Swml.Runtime.Tests.Media;

public sealed class HttpAudioCacheTests : IDisposable
{
    // One second of 440 Hz at 16 kHz: 8000 samples, 16000 bytes once decoded.
    private static readonly byte[] Tone = WavAudioTests.Wav(new WaveFormat(16000, 16, 1), WavAudioTests.Sine(440, 16000, 1.0, 0.5));
    private const long DecodedBytes = 16000;

    private readonly HttpClient _http = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task TwoPlaysOfOneUrlFetchItOnce()
    {
        await using var server = await ServeAsync();
        var cache = new HttpAudioCache(_http);

        var first = await cache.GetAsync(server.BaseUrl + "/a.wav", Cancellation);
        var second = await cache.GetAsync(server.BaseUrl + "/a.wav", Cancellation);

        Assert.Single(server.Received);
        Assert.InRange(first.Length, 8000 - 160, 8000 + 160);
        Assert.Equal(440, AudioMeasure.DominantFrequency(first.Span.Slice(800, 6400), 300, 600));
        Assert.True(first.Span == second.Span, "the second play gets the kept audio");
    }

    [Fact]
    public async Task PlaysAskingWhileAFetchIsUnderWayShareIt()
    {
        var release = new TaskCompletionSource();
        await using var server = await ServeAsync(async (context, _) =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync(Tone, context.RequestAborted);
        });
        var cache = new HttpAudioCache(_http);

        var plays = Enumerable.Range(0, 5).Select(_ => cache.GetAsync(server.BaseUrl + "/a.wav", Cancellation)).ToList();
        await Eventually.True(() => server.Received.Count > 0, "the fetch to reach the server");
        release.SetResult();
        await Task.WhenAll(plays);

        Assert.Single(server.Received);
    }

    [Fact]
    public async Task TheLeastRecentlyPlayedAudioGoesWhenTheBoundIsReached()
    {
        await using var server = await ServeAsync();
        var cache = new HttpAudioCache(_http, maxCachedBytes: 2 * DecodedBytes + 1000);

        await cache.GetAsync(server.BaseUrl + "/a.wav", Cancellation);
        await cache.GetAsync(server.BaseUrl + "/b.wav", Cancellation);
        await cache.GetAsync(server.BaseUrl + "/a.wav", Cancellation);
        await cache.GetAsync(server.BaseUrl + "/c.wav", Cancellation);
        Assert.InRange(cache.CachedBytes, 0, 2 * DecodedBytes + 1000);

        // a was played after b, so b went to make room for c.
        await cache.GetAsync(server.BaseUrl + "/a.wav", Cancellation);
        await cache.GetAsync(server.BaseUrl + "/c.wav", Cancellation);
        await cache.GetAsync(server.BaseUrl + "/b.wav", Cancellation);
        Assert.Equal(["/a.wav", "/b.wav", "/c.wav", "/b.wav"], server.Received.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task AudioLargerThanTheBoundIsPlayedButNotKept()
    {
        await using var server = await ServeAsync();
        var cache = new HttpAudioCache(_http, maxCachedBytes: DecodedBytes / 2);

        await cache.GetAsync(server.BaseUrl + "/a.wav", Cancellation);
        await cache.GetAsync(server.BaseUrl + "/a.wav", Cancellation);

        Assert.Equal(2, server.Received.Count);
        Assert.Equal(0, cache.CachedBytes);
    }

    [Fact]
    public async Task NotFoundIsAClearErrorNamingTheUrlWithoutItsCredentials()
    {
        await using var server = await ServeAsync((context, _) =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        var cache = new HttpAudioCache(_http);
        var url = server.BaseUrl.Replace("http://", "http://alice:s3cret@", StringComparison.Ordinal) + "/missing.wav";

        var error = await Assert.ThrowsAsync<PlaybackException>(() => cache.GetAsync(url, Cancellation));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.BaseUrl + "/missing.wav", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);

        // The credentials went as Basic auth instead.
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret")), server.Received.Single().Headers["Authorization"]);
    }

    [Fact]
    public async Task AServerThatIsDownIsAClearError()
    {
        var url = TestHttpServer.DownUrl("/a.wav");
        var cache = new HttpAudioCache(_http);

        var error = await Assert.ThrowsAsync<PlaybackException>(() => cache.GetAsync(url, Cancellation));

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains("failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedFetchIsNotKept()
    {
        var calls = 0;
        await using var server = await ServeAsync(async (context, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                return;
            }

            await context.Response.Body.WriteAsync(Tone, context.RequestAborted);
        });
        var cache = new HttpAudioCache(_http);

        await Assert.ThrowsAsync<PlaybackException>(() => cache.GetAsync(server.BaseUrl + "/a.wav", Cancellation));
        var audio = await cache.GetAsync(server.BaseUrl + "/a.wav", Cancellation);

        Assert.Equal(2, server.Received.Count);
        Assert.False(audio.IsEmpty);
    }

    [Fact]
    public async Task ASlowServerTimesOutWithAClearError()
    {
        await using var server = await ServeAsync((context, _) => Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
        var cache = new HttpAudioCache(_http, timeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<PlaybackException>(() => cache.GetAsync(server.BaseUrl + "/slow.wav", Cancellation));

        Assert.Contains("took longer than 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("/slow.wav", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileLargerThanTheLimitIsRefusedWhetherOrNotItsLengthIsSent()
    {
        await using var server = await ServeAsync(async (context, request) =>
        {
            if (request.PathAndQuery == "/chunked.wav")
            {
                // No Content-Length: the limit must hold while reading.
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }

            await context.Response.Body.WriteAsync(Tone, context.RequestAborted);
        });
        var cache = new HttpAudioCache(_http, maxResponseBytes: Tone.Length - 1);

        foreach (var path in new[] { "/a.wav", "/chunked.wav" })
        {
            var error = await Assert.ThrowsAsync<PlaybackException>(() => cache.GetAsync(server.BaseUrl + path, Cancellation));
            Assert.Contains("is larger than", error.Message, StringComparison.Ordinal);
        }

        Assert.False((await new HttpAudioCache(_http, maxResponseBytes: Tone.Length).GetAsync(server.BaseUrl + "/a.wav", Cancellation)).IsEmpty);
    }

    [Fact]
    public async Task APageThatIsNotAudioIsAnAudioFormatErrorNamingTheUrl()
    {
        await using var server = await ServeAsync((context, _) => context.Response.WriteAsync("<html>Not here</html>", context.RequestAborted));
        var cache = new HttpAudioCache(_http);

        var error = await Assert.ThrowsAsync<AudioFormatException>(() => cache.GetAsync(server.BaseUrl + "/page", Cancellation));

        Assert.Contains(server.BaseUrl + "/page", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTML", error.Message, StringComparison.Ordinal);
    }

    private static async Task<TestHttpServer> ServeAsync(Func<HttpContext, ReceivedRequest, Task>? respond = null) =>
        await TestHttpServer.StartAsync(respond ?? ((context, _) => context.Response.Body.WriteAsync(Tone, context.RequestAborted).AsTask()));
}

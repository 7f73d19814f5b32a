using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Swml.Runtime.Calls;

/// <summary>Delivery settings of <see cref="HttpStatusCallbackSink"/>.</summary>
public sealed record HttpStatusCallbackOptions
{
    /// <summary>Attempts per callback, the first included; then the callback is given up.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles on each further retry.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Spread retries a little so many calls' callbacks do not retry in step.</summary>
    public bool UseJitter { get; init; } = true;

    /// <summary>How long one POST may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>On dispose, how long queued callbacks may still take before they are abandoned.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock of retry delays and timeouts.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Posts status callbacks over HTTP in the background. Each call has its own queue, delivered in
/// order: a callback is sent only once the one before it was delivered or given up. Network
/// errors, timeouts, 5xx and 429 are retried with exponential backoff (Polly), honouring
/// Retry-After, up to <see cref="HttpStatusCallbackOptions.MaxAttempts"/>. <see cref="Post"/>
/// never blocks and never throws. URLs are logged without their credentials, bodies never.
/// </summary>
public sealed class HttpStatusCallbackSink : IStatusCallbackSink, IAsyncDisposable
{
    private static readonly ResiliencePropertyKey<PendingCallback?> CallbackKey = new("swml.callback");

    private readonly object _gate = new();
    private readonly HttpClient _http;
    private readonly HttpStatusCallbackOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private long _delivered;
    private long _abandoned;
    private bool _closed;

    public HttpStatusCallbackSink(HttpClient http, HttpStatusCallbackOptions? options = null, ILogger<HttpStatusCallbackSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _options = options ?? new HttpStatusCallbackOptions();
        if (_options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1.");
        }

        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _pipeline = BuildPipeline();
    }

    /// <summary>Callbacks the endpoint accepted (any status that is not retried, 2xx or not).</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    /// <summary>Callbacks given up after the last attempt, or abandoned on dispose.</summary>
    public long AbandonedCount => Interlocked.Read(ref _abandoned);

    public void Post(string callId, string url, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);

        // Serialized now: the caller's object may change after Post returns.
        var callback = new PendingCallback(callId, url, HttpUrls.Redact(url), Encoding.UTF8.GetBytes(body.ToJsonString()));
        lock (_gate)
        {
            if (_closed)
            {
                Interlocked.Increment(ref _abandoned);
                _logger.LogWarning("Status callback to {Url} dropped: the sink is disposed", callback.ShownUrl);
                return;
            }

            var previous = _tails.TryGetValue(callId, out var tail) ? tail : Task.CompletedTask;

            // Runs on the thread pool after the call's previous callback, never inline in Post.
            var next = previous.ContinueWith(_ => DeliverAsync(callback), CancellationToken.None, TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
            _tails[callId] = next;
            next.ContinueWith(_ => Forget(callId, next), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Waits until every callback posted so far has been delivered or given up.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Task[] pending;
        lock (_gate)
        {
            pending = _tails.Values.ToArray();
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops taking callbacks, lets the queued ones finish for up to DrainTimeout, then abandons the rest.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            pending = _tails.Values.ToArray();
        }

        var all = Task.WhenAll(pending);
        try
        {
            await all.WaitAsync(_options.DrainTimeout, _options.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Abandoning status callbacks still queued after {Seconds} s", _options.DrainTimeout.TotalSeconds);
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        await all.ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private void Forget(string callId, Task finished)
    {
        lock (_gate)
        {
            if (_tails.TryGetValue(callId, out var tail) && ReferenceEquals(tail, finished))
            {
                _tails.Remove(callId);
            }
        }
    }

    /// <summary>Delivers one callback; never throws, so the call's queue always moves on.</summary>
    private async Task DeliverAsync(PendingCallback callback)
    {
        if (_shutdown.IsCancellationRequested)
        {
            Abandon(callback, "the sink was disposed");
            return;
        }

        var context = ResilienceContextPool.Shared.Get(_shutdown.Token);
        context.Properties.Set(CallbackKey, callback);
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var (sink, pending) = state;
                    pending.Attempts++;
                    using var request = sink.CreateRequest(pending);
                    return await sink._http.SendAsync(request, ctx.CancellationToken).ConfigureAwait(ctx.ContinueOnCapturedContext);
                },
                context,
                (this, callback)).ConfigureAwait(false);

            if (IsRetried(response.StatusCode))
            {
                Abandon(callback, $"the endpoint still answered {(int)response.StatusCode}");
                return;
            }

            Interlocked.Increment(ref _delivered);
            if (response.IsSuccessStatusCode)
            {
                _logger.LogDebug("Status callback to {Url} delivered ({Status}) after {Attempts} attempt(s)", callback.ShownUrl, (int)response.StatusCode, callback.Attempts);
            }
            else
            {
                _logger.LogWarning("Status callback to {Url} refused with {Status}; not retried", callback.ShownUrl, (int)response.StatusCode);
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            Abandon(callback, "the sink was disposed");
        }
        catch (Exception ex)
        {
            Abandon(callback, ex.GetType().Name + ": " + ex.Message);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private void Abandon(PendingCallback callback, string why)
    {
        Interlocked.Increment(ref _abandoned);
        _logger.LogWarning("Status callback to {Url} given up after {Attempts} attempt(s): {Reason}", callback.ShownUrl, callback.Attempts, why);
    }

    private HttpRequestMessage CreateRequest(PendingCallback callback)
    {
        if (!HttpUrls.TrySplit(callback.Url, out var uri, out var authorization))
        {
            throw new InvalidOperationException($"'{callback.ShownUrl}' is not an http(s) URL.");
        }

        var content = new ByteArrayContent(callback.Body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.Authorization = authorization;
        return request;
    }

    private static bool IsRetried(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _options.Time };
        if (_options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = _options.FirstRetryDelay,
                MaxDelay = _options.MaxRetryDelay,
                UseJitter = _options.UseJitter,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsRetried(response.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    var callback = args.Context.Properties.GetValue(CallbackKey, null!);
                    var why = args.Outcome.Exception is { } ex ? ex.GetType().Name + ": " + ex.Message : ((int)args.Outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
                    _logger.LogInformation("Status callback to {Url} failed ({Reason}); retry {Retry} in {Delay} ms", callback?.ShownUrl, why, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds);

                    // The answer that is retried is not looked at again (disposing twice is harmless).
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        return builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    /// <summary>A 429's or 503's Retry-After, capped; null lets the exponential backoff decide.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var retryAfter = response?.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - _options.Time.GetUtcNow() : null);
        return delay is { } d && d > TimeSpan.Zero ? (d < _options.MaxRetryDelay ? d : _options.MaxRetryDelay) : null;
    }

    private sealed class PendingCallback
    {
        public PendingCallback(string callId, string url, string shownUrl, byte[] body)
        {
            CallId = callId;
            Url = url;
            ShownUrl = shownUrl;
            Body = body;
        }

        public string CallId { get; }

        public string Url { get; }

        public string ShownUrl { get; }

        public byte[] Body { get; }

        public int Attempts { get; set; }
    }
}

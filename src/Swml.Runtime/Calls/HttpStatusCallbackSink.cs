using System.Globalization;
using System.Net;
using System.Security.Cryptography;
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

    /// <summary>
    /// The Standard Webhooks signing secret, <c>whsec_</c> followed by the key in base64. When it
    /// (or <see cref="SigningKey"/>) is set, each attempt carries a <c>webhook-signature</c> header.
    /// </summary>
    public string? SigningSecret { get; init; }

    /// <summary>The signing key as raw bytes, instead of <see cref="SigningSecret"/>.</summary>
    public byte[]? SigningKey { get; init; }

    /// <summary>The clock of retry delays, timeouts and webhook timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Posts status callbacks over HTTP in the background. Each call has its own queue, delivered in
/// order: a callback is sent only once the one before it was delivered or given up. Network
/// errors, timeouts, 5xx and 429 are retried with exponential backoff (Polly), honouring
/// Retry-After, up to <see cref="HttpStatusCallbackOptions.MaxAttempts"/>. <see cref="Post"/>
/// never blocks and never throws. URLs are logged without their credentials, bodies never.
/// </summary>
/// <remarks>
/// Headers follow the Standard Webhooks convention: <c>webhook-id</c> (<c>msg_</c> and a
/// time-ordered random token, made at <see cref="Post"/> and the same on every attempt),
/// <c>webhook-timestamp</c> (Unix seconds of the attempt) and, with a signing key,
/// <c>webhook-signature</c>: <c>v1,</c> and the base64 HMAC-SHA256 of
/// <c>{id}.{timestamp}.{body}</c>.
/// </remarks>
public sealed class HttpStatusCallbackSink : IStatusCallbackSink, IAsyncDisposable
{
    private static readonly ResiliencePropertyKey<PendingCallback?> CallbackKey = new("swml.callback");

    private readonly object _gate = new();
    private readonly HttpClient _http;
    private readonly HttpStatusCallbackOptions _options;
    private readonly ILogger _logger;
    private readonly byte[]? _signingKey;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private long _delivered;
    private long _abandoned;
    private bool _closed;

    /// <exception cref="ArgumentException">MaxAttempts is below 1, or the signing secret is not <c>whsec_</c> and base64.</exception>
    public HttpStatusCallbackSink(HttpClient http, HttpStatusCallbackOptions? options = null, ILogger<HttpStatusCallbackSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _options = options ?? new HttpStatusCallbackOptions();
        if (_options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1.");
        }

        _signingKey = SigningKeyOf(_options);
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
        var callback = new PendingCallback(NewWebhookId(), callId, url, HttpUrls.Redact(url), Encoding.UTF8.GetBytes(body.ToJsonString()));
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

        // A new timestamp (and so a new signature) per attempt, the same id: receivers dedupe on the id.
        var timestamp = _options.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("webhook-id", callback.Id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
        if (_signingKey is not null)
        {
            request.Headers.TryAddWithoutValidation("webhook-signature", Sign(_signingKey, callback.Id, timestamp, callback.Body));
        }

        return request;
    }

    /// <summary>The Standard Webhooks v1 signature: HMAC-SHA256 over "{id}.{timestamp}.{body}".</summary>
    internal static string Sign(byte[] key, string webhookId, string timestamp, byte[] body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(webhookId + "." + timestamp + "."));
        hmac.AppendData(body);
        return "v1," + Convert.ToBase64String(hmac.GetHashAndReset());
    }

    private static byte[]? SigningKeyOf(HttpStatusCallbackOptions options)
    {
        const string Prefix = "whsec_";
        if (options.SigningSecret is not null && options.SigningKey is not null)
        {
            throw new ArgumentException("Set SigningSecret or SigningKey, not both.", nameof(options));
        }

        if (options.SigningKey is { } raw)
        {
            return raw.Length > 0 ? (byte[])raw.Clone() : throw new ArgumentException("SigningKey is empty.", nameof(options));
        }

        if (options.SigningSecret is not { } secret)
        {
            return null;
        }

        // Strict: a plain password that happens to be valid base64 would otherwise sign with the wrong key.
        // The messages never repeat the secret.
        var key = new byte[secret.Length];
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) ||
            !Convert.TryFromBase64String(secret[Prefix.Length..], key, out var length) ||
            length == 0)
        {
            throw new ArgumentException("SigningSecret must be 'whsec_' followed by the key in base64.", nameof(options));
        }

        return key[..length];
    }

    /// <summary>"msg_" and a UUIDv7 (time-ordered, 74 random bits): unique per event, sortable in a receiver's logs.</summary>
    private string NewWebhookId() => "msg_" + Guid.CreateVersion7(_options.Time.GetUtcNow()).ToString("N");

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
        public PendingCallback(string id, string callId, string url, string shownUrl, byte[] body)
        {
            Id = id;
            CallId = callId;
            Url = url;
            ShownUrl = shownUrl;
            Body = body;
        }

        /// <summary>The webhook-id: one per event, the same on every attempt.</summary>
        public string Id { get; }

        public string CallId { get; }

        public string Url { get; }

        public string ShownUrl { get; }

        public byte[] Body { get; }

        public int Attempts { get; set; }
    }
}

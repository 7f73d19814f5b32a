using System.Buffers;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Swml.Shared;

namespace Swml.Runtime.Calls;

/// <summary>Delivery settings of <see cref="HttpStatusCallbackSink"/>.</summary>
public sealed record HttpStatusCallbackOptions
{
    /// <summary>Attempts per callback, the first included; then the callback is given up.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles on each further retry.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait of the doubling backoff. An endpoint's Retry-After is honoured as given.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Spread retries a little so many calls' callbacks do not retry in step.</summary>
    public bool UseJitter { get; init; } = true;

    /// <summary>How long one POST may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The whole life of one callback, from <see cref="HttpStatusCallbackSink.Post"/> on: its wait
    /// behind the call's earlier callbacks, every attempt and every retry delay. Then it is given up.
    /// </summary>
    /// <remarks>At most a day.</remarks>
    public TimeSpan MaxDeliveryTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many callbacks may wait (queued or being sent), all calls together. A callback posted
    /// beyond it is dropped, logged and counted in <see cref="HttpStatusCallbackSink.DroppedCount"/>.
    /// </summary>
    public int MaxQueuedCallbacks { get; init; } = 10_000;

    /// <summary>On stop or dispose, how long queued callbacks may still take before they are given up.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The Standard Webhooks signing secret, <c>whsec_</c> followed by the key in base64. When it
    /// (or <see cref="SigningKey"/>) is set, each attempt carries a <c>webhook-signature</c> header.
    /// </summary>
    public string? SigningSecret { get; init; }

    /// <summary>The signing key as raw bytes, instead of <see cref="SigningSecret"/>.</summary>
    public byte[]? SigningKey { get; init; }

    /// <summary>
    /// Start a call's deliveries on the thread that posts its first callback (the request is
    /// written there, up to the first wait for the endpoint) instead of a thread-pool work item.
    /// For hosts whose flows already run inline on the SIP threads
    /// (<see cref="Hosting.SwmlServerOptions.UnsafePreferInlineScheduling"/>), where that hop is a
    /// thread wake-up for nothing. Off by default: <see cref="HttpStatusCallbackSink.Post"/> then
    /// runs no HttpClient code on its caller's thread. Even with it, deliveries start on the pool
    /// until one has completed: a cold HttpClient's first request (compiling, its connection pool)
    /// held a SIP thread for half a second.
    /// </summary>
    public bool StartOnPostingThread { get; init; }

    /// <summary>The clock of retry delays, timeouts, deadlines and webhook timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where callbacks are recorded before their first attempt, so a node that dies loses none:
    /// <see cref="HttpStatusCallbackSink.DeliverUnsettled"/> sends what an earlier run left. Null
    /// (the default) keeps them in memory only. The sink does not own it: dispose it after the sink.
    /// </summary>
    public CallbackOutbox? Outbox { get; init; }
}

/// <summary>
/// Posts status callbacks over HTTP in the background. Each call has its own queue, delivered in
/// order: a callback is sent only once the one before it was delivered or given up. Network
/// errors, timeouts, 5xx and 429 are retried with exponential backoff (Polly), honouring
/// Retry-After, up to <see cref="HttpStatusCallbackOptions.MaxAttempts"/> and within
/// <see cref="HttpStatusCallbackOptions.MaxDeliveryTime"/>. <see cref="Post"/> never blocks and
/// never throws. URLs are logged without their credentials, bodies never.
/// </summary>
/// <remarks>
/// <para>
/// Headers follow the Standard Webhooks convention: <c>webhook-id</c> (<c>msg_</c> and a
/// time-ordered random token, made at <see cref="Post"/> and the same on every attempt),
/// <c>webhook-timestamp</c> (Unix seconds of the attempt) and, with a signing key,
/// <c>webhook-signature</c>: <c>v1,</c> and the base64 HMAC-SHA256 of
/// <c>{id}.{timestamp}.{body}</c>.
/// </para>
/// <para>
/// The counters are also published by a <see cref="Meter"/> named <see cref="MeterName"/>
/// ("Swml.Callbacks"), one per sink (its <see cref="Meter.Scope"/> is the sink), with these
/// observable instruments:
/// <c>swml.callbacks.delivered</c>, <c>swml.callbacks.retries</c>,
/// <c>swml.callbacks.given_up</c> and <c>swml.callbacks.dropped</c> (counters), and
/// <c>swml.callbacks.queued</c> (an up-down counter of the callbacks waiting).
/// </para>
/// </remarks>
public sealed class HttpStatusCallbackSink : IStatusCallbackSink, IAsyncDisposable
{
    /// <summary>The name of the <see cref="Meter"/> that publishes the counters.</summary>
    public const string MeterName = "Swml.Callbacks";

    private static readonly ResiliencePropertyKey<PendingCallback?> CallbackKey = new("swml.callback");

    // A status callback a day late serves no one, and a timer cannot run much past three weeks.
    private static readonly TimeSpan MaxDeliveryTimeLimit = TimeSpan.FromDays(1);

    private readonly object _gate = new();
    private readonly HttpClient _http;
    private readonly HttpStatusCallbackOptions _options;
    private readonly ILogger _logger;
    private readonly byte[]? _signingKey;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Dictionary<string, CallLane> _lanes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Meter _meter;
    private long _delivered;
    private long _retried;
    private long _givenUp;
    private long _dropped;
    private int _queued;
    private Task? _stopping;
    private bool _aDeliveryCompleted;

    /// <exception cref="ArgumentException">The options are out of range, or the signing secret is not <c>whsec_</c> and base64.</exception>
    public HttpStatusCallbackSink(HttpClient http, HttpStatusCallbackOptions? options = null, ILogger<HttpStatusCallbackSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _options = options ?? new HttpStatusCallbackOptions();
        if (_options.MaxAttempts < 1 || _options.MaxQueuedCallbacks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts and MaxQueuedCallbacks must be at least 1.");
        }

        if (_options.MaxDeliveryTime <= TimeSpan.Zero || _options.MaxDeliveryTime > MaxDeliveryTimeLimit ||
            (_options.DrainTimeout < TimeSpan.Zero && _options.DrainTimeout != Timeout.InfiniteTimeSpan))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxDeliveryTime must be more than zero and at most a day; DrainTimeout not negative.");
        }

        _signingKey = SigningKeyOf(_options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _pipeline = BuildPipeline();
        _meter = new Meter(new MeterOptions(MeterName) { Scope = this });
        _meter.CreateObservableCounter("swml.callbacks.delivered", () => DeliveredCount, "{callback}", "Callbacks the endpoint answered with 2xx");
        _meter.CreateObservableCounter("swml.callbacks.retries", () => RetriedCount, "{attempt}", "Attempts made after a failed one");
        _meter.CreateObservableCounter("swml.callbacks.given_up", () => GivenUpCount, "{callback}", "Callbacks given up: refused, out of attempts or time, or left at shutdown");
        _meter.CreateObservableCounter("swml.callbacks.dropped", () => DroppedCount, "{callback}", "Callbacks not queued: the queue was full or the sink stopped");
        _meter.CreateObservableUpDownCounter("swml.callbacks.queued", () => QueuedCount, "{callback}", "Callbacks waiting or being sent");
    }

    /// <summary>Callbacks the endpoint answered with 2xx.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    /// <summary>Attempts made after a failed one (a callback sent three times counts two).</summary>
    public long RetriedCount => Interlocked.Read(ref _retried);

    /// <summary>
    /// Callbacks given up: answered with a status that is not retried (4xx), out of attempts, out
    /// of <see cref="HttpStatusCallbackOptions.MaxDeliveryTime"/>, or still waiting at shutdown.
    /// </summary>
    public long GivenUpCount => Interlocked.Read(ref _givenUp);

    /// <summary>Callbacks never queued: posted while the queue was full or after the sink stopped.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Callbacks waiting or being sent now.</summary>
    public int QueuedCount => Volatile.Read(ref _queued);

    /// <inheritdoc/>
    public void Post(string callId, string url, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);

        // Serialized and parsed now: the caller's object may change after Post returns, and every
        // attempt sends the same bytes to the same place.
        var callback = Pending(NewWebhookId(), callId, url, EventTypeOf(body), Utf8(body));

        Enqueue(callback, record: true);
    }

    /// <summary>
    /// Sends again what an earlier run recorded in the <see cref="HttpStatusCallbackOptions.Outbox"/>
    /// and never settled (it died, or stopped before they were delivered), with their webhook-ids, in
    /// the order they were posted. Call it once, at start. Returns how many there were.
    /// </summary>
    public int DeliverUnsettled()
    {
        if (_options.Outbox is not { } outbox)
        {
            return 0;
        }

        // No more than the queue holds: the rest stay in the outbox, unsettled, for the next start
        // (dropping them here would log each one as lost).
        var entries = outbox.Unsettled();
        var room = Math.Max(0, _options.MaxQueuedCallbacks - QueuedCount);
        foreach (var entry in entries.Take(room))
        {
            var eventType = JsonNode.Parse(entry.Body) is JsonObject body ? EventTypeOf(body) : "no event_type";
            Enqueue(Pending(entry.Id, entry.CallId, entry.Url, eventType, entry.Body), record: false);
        }

        var taken = Math.Min(room, entries.Count);
        if (taken > 0)
        {
            _logger.LogInformation("Delivering {Count} status callbacks an earlier run left in {Path}", taken, outbox.Path);
        }

        if (entries.Count > taken)
        {
            _logger.LogWarning("{Count} more status callbacks an earlier run left in {Path} wait for the next start: the queue holds {Max}", entries.Count - taken, outbox.Path, _options.MaxQueuedCallbacks);
        }

        return taken;
    }

    private PendingCallback Pending(string id, string callId, string url, string eventType, byte[] body)
    {
        var target = HttpUrls.TrySplit(url, out var uri, out var authorization) ? uri : null;
        return new PendingCallback(id, callId, eventType, url, target, authorization, HttpUrls.Redact(url), body, _options.Time.GetTimestamp());
    }

    /// <param name="record">
    /// Record it in the outbox, if there is one, once it is taken (a dropped callback is not
    /// recorded); not for callbacks an earlier run recorded.
    /// </param>
    private void Enqueue(PendingCallback callback, bool record)
    {
        var callId = callback.CallId;
        string? dropped = null;
        CallLane? started = null;
        lock (_gate)
        {
            if (_stopping is not null)
            {
                dropped = "the sink is stopped";
            }
            else if (_queued >= _options.MaxQueuedCallbacks)
            {
                dropped = $"the queue is full ({_options.MaxQueuedCallbacks} callbacks waiting)";
            }
            else
            {
                // Written by the outbox's own thread, so the posting thread never waits for the disk;
                // set before the lane can start, whose first attempt waits for it.
                if (record && _options.Outbox is { } outbox)
                {
                    callback.Recorded = Record(outbox, callback);
                }

                Interlocked.Increment(ref _queued);
                if (_lanes.TryGetValue(callId, out var lane))
                {
                    // The call's lane is being delivered: it takes this one after the ones before it.
                    lane.Waiting.Enqueue(callback);
                }
                else
                {
                    lane = new CallLane(callId);
                    lane.Waiting.Enqueue(callback);
                    _lanes[callId] = lane;
                    started = lane;
                }
            }
        }

        if (started is not null && _options.StartOnPostingThread && Volatile.Read(ref _aDeliveryCompleted))
        {
            _ = RunLaneAsync(started);
        }
        else if (started is not null)
        {
            // On the thread pool, not in Post (its caller may be reading SIP).
            _ = Task.Run(() => RunLaneAsync(started));
        }

        if (callback.Recorded is { IsCompletedSuccessfully: true, Result: false })
        {
            _logger.LogError("Status callback {WebhookId} ({EventType}, call {CallId}) to {Url} is not in the outbox {Path}: it is full ({Pending} unsettled); a crash would lose it", callback.Id, callback.EventType, callback.CallId, callback.ShownUrl, _options.Outbox!.Path, _options.Outbox.PendingCount);
        }

        if (dropped is not null)
        {
            Interlocked.Increment(ref _dropped);
            _logger.LogWarning("Status callback {WebhookId} ({EventType}, call {CallId}) to {Url} dropped: {Reason}", callback.Id, callback.EventType, callback.CallId, callback.ShownUrl, dropped);
        }
    }

    /// <summary>Waits until every callback posted so far has been delivered or given up.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Task[] pending;
        lock (_gate)
        {
            pending = _lanes.Values.Select(lane => lane.Delivering).ToArray();
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops taking callbacks and lets the queued ones finish until
    /// <see cref="HttpStatusCallbackOptions.DrainTimeout"/> passes or
    /// <paramref name="cancellationToken"/> is cancelled, whichever comes first; then gives up the
    /// rest, logging one line for each. Later calls wait for the first one.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _stopping ??= DrainAsync(_lanes.Values.Select(lane => lane.Delivering).ToArray(), cancellationToken);
        }
    }

    /// <summary>Stops as <see cref="StopAsync"/> does, without a token of its own.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _meter.Dispose();
        _shutdown.Dispose();
    }

    private async Task DrainAsync(Task[] pending, CancellationToken cancellationToken)
    {
        // Yield first: StopAsync is called under the lock, and the wait below must not run there.
        await Task.Yield();
        var all = Task.WhenAll(pending);
        try
        {
            await all.WaitAsync(_options.DrainTimeout, _options.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            _logger.LogWarning("Stopping: giving up the {Count} status callback(s) still waiting", QueuedCount);
        }

        // Each callback still waiting sees this, gives itself up and logs its own line.
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await all.ConfigureAwait(false);
    }

    private async Task RunLaneAsync(CallLane lane)
    {
        try
        {
            await DeliverLaneAsync(lane).ConfigureAwait(false);
        }
        finally
        {
            lane.Finished.TrySetResult();
        }
    }

    /// <summary>Delivers a call's callbacks one after the other until its lane is empty, then closes the lane.</summary>
    private async Task DeliverLaneAsync(CallLane lane)
    {
        while (true)
        {
            PendingCallback next;
            lock (_gate)
            {
                if (!lane.Waiting.TryDequeue(out next!))
                {
                    _lanes.Remove(lane.CallId);
                    return;
                }
            }

            await DeliverAsync(next).ConfigureAwait(false);
        }
    }

    /// <summary>Delivers one callback; never throws, so the call's queue always moves on.</summary>
    private async Task DeliverAsync(PendingCallback callback)
    {
        try
        {
            await DeliverOnceAsync(callback).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
            Volatile.Write(ref _aDeliveryCompleted, true);
        }
    }

    private async Task DeliverOnceAsync(PendingCallback callback)
    {
        if (callback.Recorded is { IsCompleted: false } or { IsFaulted: true } && !await WaitUntilRecordedAsync(callback).ConfigureAwait(false))
        {
            return;
        }

        if (_shutdown.IsCancellationRequested)
        {
            GiveUp(callback, "not sent before shutdown", settle: false);
            return;
        }

        var remaining = Remaining(callback);
        if (remaining <= TimeSpan.Zero)
        {
            GiveUp(callback, $"its delivery time ({Seconds(_options.MaxDeliveryTime)} s) ran out while earlier callbacks of the call were sent");
            return;
        }

        using var deadline = new CancellationTokenSource(remaining, _options.Time);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _shutdown.Token);
        var context = ResilienceContextPool.Shared.Get(cancel.Token);
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

            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _delivered);
                _options.Outbox?.MarkDelivered(callback.Id);
                _logger.LogDebug("Status callback {WebhookId} ({EventType}, call {CallId}) to {Url} delivered ({Status}) after {Attempts} attempt(s)", callback.Id, callback.EventType, callback.CallId, callback.ShownUrl, status, callback.Attempts);
            }
            else if (!IsRetried(response.StatusCode))
            {
                GiveUp(callback, $"refused with {status}; not retried");
            }
            else if (callback.Attempts < _options.MaxAttempts && RetryAfter(response) is { } wait)
            {
                GiveUp(callback, $"{status} asked for a retry in {Seconds(wait)} s, past its delivery time");
            }
            else
            {
                GiveUp(callback, $"the endpoint still answered {status}");
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            GiveUp(callback, "not delivered before shutdown", settle: false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            GiveUp(callback, $"its delivery time ({Seconds(_options.MaxDeliveryTime)} s) ran out");
        }
        catch (Exception ex)
        {
            GiveUp(callback, ex.GetType().Name + ": " + ex.Message);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Queues the record; a closed outbox (the host is past stopping) is a failed record, not an exception out of Post.</summary>
    private static Task<bool> Record(CallbackOutbox outbox, PendingCallback callback)
    {
        try
        {
            return outbox.RecordAsync(callback.Id, callback.CallId, callback.Url, callback.Body);
        }
        catch (ObjectDisposedException)
        {
            return Task.FromException<bool>(new CallbackOutboxException(outbox.Path, "the outbox is closed", "The node is stopping."));
        }
    }

    /// <summary>
    /// No attempt before the event is on disk; if it cannot be written, it is sent all the same, and
    /// the error says what a crash would cost. True to go on; false when shutdown came first (the
    /// callback is then left for the next start, its record still written by the outbox's close).
    /// </summary>
    private async Task<bool> WaitUntilRecordedAsync(PendingCallback callback)
    {
        try
        {
            await callback.Recorded!.WaitAsync(_shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            GiveUp(callback, "not recorded before shutdown", settle: false);
            return false;
        }
        catch (CallbackOutboxException ex)
        {
            _logger.LogError("Status callback {WebhookId} ({EventType}, call {CallId}) to {Url} is not in the outbox: {Reason}", callback.Id, callback.EventType, callback.CallId, callback.ShownUrl, ex.Message);
        }

        return true;
    }

    /// <param name="settle">
    /// False for a callback cut short by shutdown: with an outbox it stays unsettled, for the next
    /// start to deliver; any other end is final.
    /// </param>
    private void GiveUp(PendingCallback callback, string why, bool settle = true)
    {
        Interlocked.Increment(ref _givenUp);
        if (!settle && _options.Outbox is { } outbox)
        {
            _logger.LogWarning("Status callback {WebhookId} ({EventType}, call {CallId}) to {Url} left in {Path} after {Attempts} attempt(s) for the next start: {Reason}", callback.Id, callback.EventType, callback.CallId, callback.ShownUrl, outbox.Path, callback.Attempts, why);
            return;
        }

        _options.Outbox?.MarkGivenUp(callback.Id);
        _logger.LogWarning("Status callback {WebhookId} ({EventType}, call {CallId}) to {Url} given up after {Attempts} attempt(s): {Reason}", callback.Id, callback.EventType, callback.CallId, callback.ShownUrl, callback.Attempts, why);
    }

    private HttpRequestMessage CreateRequest(PendingCallback callback)
    {
        if (callback.Target is not { } uri)
        {
            throw new InvalidOperationException($"'{callback.ShownUrl}' is not an http(s) URL.");
        }

        var content = new ByteArrayContent(callback.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.Authorization = callback.Authorization;

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
    private string NewWebhookId() => "msg_" + SecureRandom.NewUuidV7(_options.Time.GetUtcNow()).ToString("N");

    /// <summary>The body as UTF-8 JSON, written straight to bytes (ToJsonString would go through a string).</summary>
    private static byte[] Utf8(JsonObject body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string EventTypeOf(JsonObject body) =>
        body["event_type"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "no event_type";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static bool IsRetried(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    private TimeSpan Remaining(PendingCallback callback) => _options.MaxDeliveryTime - _options.Time.GetElapsedTime(callback.PostedAt);

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
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _retried);
                    var callback = args.Context.Properties.GetValue(CallbackKey, null);
                    var why = args.Outcome.Exception is { } ex ? ex.GetType().Name + ": " + ex.Message : ((int)args.Outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
                    _logger.LogInformation("Status callback {WebhookId} to {Url} failed ({Reason}); retry {Retry} in {Delay} ms", callback?.Id, callback?.ShownUrl, why, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds);

                    // The answer that is retried is not looked at again (disposing twice is harmless).
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        return builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        if (!IsRetried(outcome.Result!.StatusCode))
        {
            return false;
        }

        // A Retry-After past the callback's deadline: giving up now beats holding the call's queue for nothing.
        return RetryAfter(outcome.Result) is not { } wait ||
               context.Properties.GetValue(CallbackKey, null) is not { } callback ||
               wait < Remaining(callback);
    }

    /// <summary>A 429's or 503's Retry-After; null lets the exponential backoff decide.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var retryAfter = response?.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - _options.Time.GetUtcNow() : null);
        return delay > TimeSpan.Zero ? delay : null;
    }

    /// <summary>A call's callbacks waiting for delivery, in order, and the task delivering them.</summary>
    private sealed class CallLane(string callId)
    {
        public string CallId { get; } = callId;

        public Queue<PendingCallback> Waiting { get; } = new();

        /// <summary>Done when the lane is empty and closed; made with the lane, so a flush or stop that finds the lane waits for it.</summary>
        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Delivering => Finished.Task;
    }

    private sealed class PendingCallback(string id, string callId, string eventType, string url, Uri? target, AuthenticationHeaderValue? authorization, string shownUrl, byte[] body, long postedAt)
    {
        /// <summary>The webhook-id: one per event, the same on every attempt.</summary>
        public string Id { get; } = id;

        public string CallId { get; } = callId;

        public string EventType { get; } = eventType;

        /// <summary>The URL as posted, credentials and all: only the outbox sees it (it is sent again from there).</summary>
        public string Url { get; } = url;

        /// <summary>The URL without its credentials; null when it is not an http(s) URL.</summary>
        public Uri? Target { get; } = target;

        /// <summary>Basic credentials taken from the URL's user:password@, if it had any.</summary>
        public AuthenticationHeaderValue? Authorization { get; } = authorization;

        public string ShownUrl { get; } = shownUrl;

        public byte[] Body { get; } = body;

        /// <summary>When it was posted (<see cref="TimeProvider.GetTimestamp"/>): its delivery time counts from here.</summary>
        public long PostedAt { get; } = postedAt;

        public int Attempts { get; set; }

        /// <summary>With an outbox, done once the event is on disk (false: the outbox was full); null otherwise, or when an earlier run recorded it.</summary>
        public Task<bool>? Recorded { get; set; }
    }
}

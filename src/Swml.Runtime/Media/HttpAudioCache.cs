using Swml.Runtime.Calls;

namespace Swml.Runtime.Media;

/// <summary>
/// play's http(s) WAV files, fetched and decoded once and kept decoded by URL, so a prompt played on
/// every call is fetched once. The kept audio is bounded in bytes and the least recently played
/// goes first; plays that ask for a URL being fetched wait for that fetch; a failed fetch is not kept,
/// so the next play tries again.
/// </summary>
internal sealed class HttpAudioCache
{
    public const long DefaultMaxCachedBytes = 64L * 1024 * 1024;
    public const long DefaultMaxResponseBytes = 50L * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly long _maxCachedBytes;
    private readonly long _maxResponseBytes;
    private readonly TimeSpan _timeout;
    private readonly object _gate = new();

    // Most recently played first. Keyed by the URL as written: other credentials may get other audio.
    private readonly LinkedList<(string Url, short[] Audio)> _recent = new();
    private readonly Dictionary<string, LinkedListNode<(string Url, short[] Audio)>> _cached = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<short[]>> _fetching = new(StringComparer.Ordinal);
    private long _cachedBytes;

    /// <param name="http">The client to fetch with (its handler decides pooling and connect timeouts).</param>
    /// <param name="maxCachedBytes">The most decoded audio kept, at two bytes a sample.</param>
    /// <param name="maxResponseBytes">The largest file fetched; a larger one is refused unread.</param>
    /// <param name="timeout">The longest one fetch may take, headers and body.</param>
    public HttpAudioCache(HttpClient http, long maxCachedBytes = DefaultMaxCachedBytes, long maxResponseBytes = DefaultMaxResponseBytes, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCachedBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResponseBytes);
        _http = http;
        _maxCachedBytes = maxCachedBytes;
        _maxResponseBytes = maxResponseBytes;
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The decoded audio kept now, in bytes.</summary>
    internal long CachedBytes
    {
        get
        {
            lock (_gate)
            {
                return _cachedBytes;
            }
        }
    }

    /// <summary>
    /// The audio at <paramref name="url"/> as 8 kHz mono samples, shared with other plays (hence
    /// read-only). Throws a <see cref="PlaybackException"/> naming the URL, without its credentials,
    /// when it cannot be fetched or decoded. Cancelling stops this wait, not a fetch others share.
    /// </summary>
    public async Task<ReadOnlyMemory<short>> GetAsync(string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        Task<short[]> fetch;
        lock (_gate)
        {
            if (_cached.TryGetValue(url, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Audio;
            }

            if (!_fetching.TryGetValue(url, out fetch!))
            {
                // Task.Run: the fetch's own bookkeeping takes _gate, so it must not run inline here.
                fetch = Task.Run(() => FetchAndKeepAsync(url), CancellationToken.None);
                _fetching[url] = fetch;
            }
        }

        return await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<short[]> FetchAndKeepAsync(string url)
    {
        short[] audio;
        try
        {
            audio = await FetchAsync(url).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                _fetching.Remove(url);
            }

            throw;
        }

        lock (_gate)
        {
            _fetching.Remove(url);
            Keep(url, audio);
        }

        return audio;
    }

    private void Keep(string url, short[] audio)
    {
        var bytes = (long)audio.Length * sizeof(short);
        if (bytes > _maxCachedBytes)
        {
            return;
        }

        _cached[url] = _recent.AddFirst((url, audio));
        _cachedBytes += bytes;
        while (_cachedBytes > _maxCachedBytes)
        {
            var oldest = _recent.Last!;
            _recent.RemoveLast();
            _cached.Remove(oldest.Value.Url);
            _cachedBytes -= (long)oldest.Value.Audio.Length * sizeof(short);
        }
    }

    private async Task<short[]> FetchAsync(string url)
    {
        var shown = HttpUrls.Redact(url);
        if (!HttpUrls.TrySplit(url, out var uri, out var authorization))
        {
            throw new PlaybackException($"play url '{shown}' is not a valid http(s) URL.");
        }

        using var timeout = new CancellationTokenSource(_timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = authorization;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new PlaybackException($"play: GET {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            var wav = await ReadLimitedAsync(response.Content, shown, timeout.Token).ConfigureAwait(false);
            return WavAudio.Decode(wav);
        }
        catch (AudioFormatException ex)
        {
            throw new AudioFormatException($"play: {shown}: {ex.Message}", ex);
        }
        catch (PlaybackException)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw new PlaybackException($"play: GET {shown} took longer than {_timeout.TotalSeconds:0.###} s.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException)
        {
            throw new PlaybackException($"play: GET {shown} failed: {HttpUrls.RedactText(ex.Message)}", ex);
        }
    }

    // Never more than the limit in memory, whether or not the server says how long the body is.
    private Task<MemoryStream> ReadLimitedAsync(HttpContent content, string shown, CancellationToken cancellationToken) =>
        BoundedRead.ReadAllAsync(content, _maxResponseBytes, () => new PlaybackException($"play: {shown} is larger than {_maxResponseBytes} bytes, the most fetched for a play."), cancellationToken);
}

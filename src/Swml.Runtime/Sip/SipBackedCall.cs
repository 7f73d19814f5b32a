using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Swml.Runtime.Calls;
using Swml.Runtime.Media;
using Swml.Runtime.Steps;
using Swml.Sip.Calls;
using Swml.Sip.Events;
using Swml.Sip.Media;

namespace Swml.Runtime.Sip;

/// <summary>
/// A flow's <see cref="ICall"/> over the SIP stack: an INVITE we received, not yet answered (the
/// flow's answer step answers it, its hangup rejects it), or a call established either way. The
/// call ends for the flow when the far end hangs up or cancels, or the dialog dies.
/// </summary>
public sealed class SipBackedCall : ICall, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly IncomingCall? _incoming;
    private readonly CancellationTokenSource _ended = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private SipCall? _call;
    private CancellationTokenRegistration _endedRegistration;
    private ITimer? _maxDuration;

    private SipBackedCall(IncomingCall? incoming, SipCall? call, JsonObject info, TimeProvider time, ILogger? logger)
    {
        _incoming = incoming;
        Info = info;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        if (call is not null)
        {
            Established(call);
        }

        // A CANCEL before we answered ends the call for the flow.
        incoming?.Cancelled.ContinueWith(static (_, state) => ((SipBackedCall)state!).End(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>An INVITE the flow answers (or rejects) with its own steps.</summary>
    public static SipBackedCall Inbound(IncomingCall incoming, JsonObject info, TimeProvider? time = null, ILogger? logger = null) =>
        new(incoming, null, info, time ?? TimeProvider.System, logger);

    /// <summary>A call we placed, already answered by the far end.</summary>
    public static SipBackedCall Outbound(SipCall call, JsonObject info, TimeProvider? time = null, ILogger? logger = null) =>
        new(null, call, info, time ?? TimeProvider.System, logger);

    public JsonObject Info { get; }

    public bool IsAnswered
    {
        get
        {
            lock (_gate)
            {
                return _call is not null;
            }
        }
    }

    public CancellationToken Ended => _ended.Token;

    /// <summary>The established call, once answered.</summary>
    public SipCall? Call
    {
        get
        {
            lock (_gate)
            {
                return _call;
            }
        }
    }

    /// <summary>Answers with 200 and the SDP answer; false when the caller cancelled first or the offer had no codec we take (488).</summary>
    public async Task<bool> AnswerAsync(AnswerArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (IsAnswered)
        {
            return true;
        }

        if (_incoming is null || _ended.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            var call = await _incoming.AnswerAsync(cancellationToken).ConfigureAwait(false);
            Established(call);
            if (arguments.MaxDuration is > 0 and var seconds)
            {
                // answer's max_duration: the call is ended once it has lasted that long.
                _maxDuration = _time.CreateTimer(_ => _ = HangupForMaxDurationAsync(seconds), null, TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan);
            }

            return true;
        }
        catch (SipCallFailedException ex)
        {
            _logger.LogInformation("Answering failed: {Status} {Reason}", ex.StatusCode, ex.Message);
            return false;
        }
        catch (OperationCanceledException) when (_incoming.Cancelled.IsCompleted)
        {
            End();
            return false;
        }
    }

    // For a call made without a server's resolver (the public factories): espeak-ng and one
    // process-wide cache of fetched files, on one long-lived HttpClient.
    private static readonly Lazy<PlaybackResolver> s_defaultPlayback = new(() => new PlaybackResolver(new HttpAudioCache(new HttpClient()), new EspeakSpeechSynthesizer()));

    /// <summary>
    /// Where play URLs become audio (speech synthesized, files fetched): the server's, which shares its
    /// HttpClient and synthesizer; else a process-wide default.
    /// </summary>
    internal PlaybackResolver? Playback { get; set; }

    /// <summary>
    /// Plays the URLs in order as RTP on the call; before it is answered, as early media (a 183
    /// Session Progress with our SDP, then RTP; an answer later keeps that session). Every URL is made ready (spoken, fetched, decoded)
    /// before the first is played, so they follow each other without a gap, and a URL that cannot
    /// be played fails the step before any sound. The play stops at once when the step's token is
    /// cancelled or the call ends.
    /// </summary>
    public async Task<PlayResult> PlayAsync(PlayArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (_ended.IsCancellationRequested)
        {
            return PlayResult.CallEnded;
        }

        // Not answered (play with auto_answer: false): early media, a 183 with our SDP then RTP.
        var call = Call;
        if (call is null && _incoming is null)
        {
            return PlayResult.Failed("The call has no dialog to play in.");
        }

        var resolver = Playback ?? s_defaultPlayback.Value;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
        var speech = new SpeechOptions(arguments.SayVoice, arguments.SayLanguage, arguments.SayGender);
        var sources = new List<IAudioSource>(arguments.Urls.Count);
        try
        {
            foreach (var url in arguments.Urls)
            {
                sources.Add(await resolver.ResolveAsync(url, speech, arguments.Volume, stopping.Token).ConfigureAwait(false));
            }

            foreach (var source in sources)
            {
                var playing = call is not null ? call.PlayAsync(source, stopping.Token) : _incoming!.PlayEarlyAsync(source, stopping.Token);
                if (await playing.ConfigureAwait(false) == PlaybackEnd.CallEnded)
                {
                    return PlayResult.CallEnded;
                }
            }

            return PlayResult.Finished;
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return PlayResult.CallEnded;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A URL that cannot be made ready (PlaybackException), a host's synthesizer failing in its
            // own way, no RTP to play on: the step fails with what went wrong.
            _logger.LogWarning("play on {CallId} failed: {Error}", call?.CallId ?? _incoming!.CallId, ex.Message);
            return PlayResult.Failed(ex.Message);
        }
    }

    /// <summary>A REFER in the call's dialog; before the call is answered there is no dialog, and the REFER fails with no response.</summary>
    public Task<ReferResult> ReferAsync(ReferOptions options, IProgress<ReferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var call = Call;
        if (call is null)
        {
            _logger.LogWarning("sip_refer before the call was answered: there is no dialog to send it in");
            return Task.FromResult(new ReferResult { CallEndedBeforeResult = _ended.IsCancellationRequested });
        }

        return call.ReferAsync(options, progress, cancellationToken);
    }

    /// <summary>
    /// Ends the call: a BYE once answered; before that, a final response for the reason (busy:
    /// 486 Busy Here, decline: 603 Decline, hangup: 480 Temporarily Unavailable).
    /// </summary>
    public async Task HangupAsync(string reason, CancellationToken cancellationToken)
    {
        var call = Call;
        if (call is not null)
        {
            await call.HangupAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (_incoming is not null)
        {
            var (code, phrase) = reason switch
            {
                "busy" => (486, "Busy Here"),
                "decline" => (603, "Decline"),
                _ => (480, "Temporarily Unavailable"),
            };
            await _incoming.RejectAsync(code, phrase, cancellationToken).ConfigureAwait(false);
        }

        End();
    }

    public async ValueTask DisposeAsync()
    {
        if (_maxDuration is not null)
        {
            await _maxDuration.DisposeAsync().ConfigureAwait(false);
        }

        await _endedRegistration.DisposeAsync().ConfigureAwait(false);
        _ended.Dispose();
    }

    private void Established(SipCall call)
    {
        lock (_gate)
        {
            _call = call;
        }

        _endedRegistration = call.EndedToken.Register(static state => ((SipBackedCall)state!).End(), this);
    }

    /// <summary>The call is over for the flow; late signals (a CANCEL after the run) are harmless.</summary>
    private void End()
    {
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task HangupForMaxDurationAsync(long seconds)
    {
        try
        {
            _logger.LogInformation("The call reached its max_duration of {Seconds} s; hanging up", seconds);
            await HangupAsync("hangup", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Hanging up at max_duration failed");
        }
    }
}

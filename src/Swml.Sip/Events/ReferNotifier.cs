using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Swml.Sip.Message;
using Swml.Sip.Transactions;

namespace Swml.Sip.Events;

/// <summary>
/// The notifier of the implicit subscription an accepted REFER makes (RFC 3515 §2.4.4-2.4.7): each
/// NOTIFY carries Event: refer;id=&lt;the REFER's CSeq&gt;, a Subscription-State and a
/// message/sipfrag status line. The first is 100 Trying; provisional ones keep the subscription
/// active with the time it has left; the final one terminates it with reason=noresource. One NOTIFY
/// is in flight at a time, in the order asked, so the referrer sees them in CSeq order. A NOTIFY
/// that fails ends the subscription (RFC 6665 §4.2.2), and so does its expiry, with a last NOTIFY
/// terminated;reason=timeout. Every wait is bounded by the NOTIFY's transaction (Timer F).
/// </summary>
internal sealed class ReferNotifier
{
    public const string ContentType = "message/sipfrag;version=2.0";

    private readonly object _gate = new();
    private readonly string _event;
    private readonly Sender _send;
    private readonly SipTimerQueue _timers;
    private readonly TimeSpan _duration;
    private readonly ILogger _logger;
    private Task _tail = Task.CompletedTask;
    private long _startedAt;
    private ScheduledTimer? _expiry;
    private bool _finalQueued;
    private string? _endedBecause;
    private (int Code, string Reason) _latest = (100, "Trying");

    /// <param name="referCSeq">The REFER's CSeq number: the Event id (§2.4.6).</param>
    /// <param name="send">Sends one NOTIFY in the dialog.</param>
    /// <param name="duration">How long the subscription lasts without a final NOTIFY.</param>
    public ReferNotifier(uint referCSeq, Sender send, SipTimerQueue timers, TimeSpan duration, ILogger logger)
    {
        _event = "refer;id=" + referCSeq.ToString(CultureInfo.InvariantCulture);
        _send = send;
        _timers = timers;
        _duration = duration;
        _logger = logger;
    }

    /// <summary>
    /// Sends one NOTIFY in the dialog: its final response code (408 for a timeout, 503 for a
    /// transport error) and why it failed, if it did. Never throws.
    /// </summary>
    public delegate Task<(int StatusCode, string? Detail)> Sender(IReadOnlyList<(string Name, string Value)> headers, ReadOnlyMemory<byte> body);

    /// <summary>Whether NOTIFYs may still be sent: started and not ended.</summary>
    public bool IsActive
    {
        get
        {
            lock (_gate)
            {
                return _endedBecause is null && !_finalQueued;
            }
        }
    }

    /// <summary>
    /// Starts the subscription: its clock, and the NOTIFY 100 Trying that creating it always sends
    /// (§2.4.4), held until <paramref name="accepted"/> (the 202 sent) so that it follows the 202.
    /// </summary>
    public Task<ReferNotifyResult> StartAsync(Task accepted)
    {
        lock (_gate)
        {
            _tail = accepted;
            _startedAt = _timers.Time.GetTimestamp();
            _expiry = _timers.Schedule(_duration, static s => ((ReferNotifier)s!).OnExpired(), this);
        }

        return EnqueueAsync(100, "Trying", terminatedReason: null, CancellationToken.None);
    }

    /// <summary>A provisional status of the referred request (1xx); not sent if <paramref name="cancellationToken"/> is cancelled before its turn.</summary>
    public Task<ReferNotifyResult> NotifyAsync(int statusCode, string reasonPhrase, CancellationToken cancellationToken) =>
        EnqueueAsync(statusCode, reasonPhrase, terminatedReason: null, cancellationToken);

    /// <summary>The final status (2xx-6xx), ending the subscription (§2.4.7: terminated;reason=noresource). Always sent in its turn.</summary>
    public Task<ReferNotifyResult> CompleteAsync(int statusCode, string reasonPhrase) =>
        EnqueueAsync(statusCode, reasonPhrase, terminatedReason: "noresource", CancellationToken.None);

    /// <summary>The sipfrag body: just the status line (§2.4.5).</summary>
    public static byte[] Body(int statusCode, string reasonPhrase) =>
        Encoding.UTF8.GetBytes($"{SipMessage.Version} {statusCode.ToString(CultureInfo.InvariantCulture)} {reasonPhrase}\r\n");

    private Task<ReferNotifyResult> EnqueueAsync(int statusCode, string reasonPhrase, string? terminatedReason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_endedBecause is { } why)
            {
                return Task.FromResult(ReferNotifyResult.NotSent(why));
            }

            if (_finalQueued)
            {
                return Task.FromResult(ReferNotifyResult.NotSent("the final NOTIFY was already sent"));
            }

            if (terminatedReason is null)
            {
                _latest = (statusCode, reasonPhrase);
            }
            else
            {
                _finalQueued = true;
            }

            var sending = SendInTurnAsync(_tail, statusCode, reasonPhrase, terminatedReason, cancellationToken);
            _tail = sending;
            return sending;
        }
    }

    private async Task<ReferNotifyResult> SendInTurnAsync(Task previous, int statusCode, string reasonPhrase, string? terminatedReason, CancellationToken cancellationToken)
    {
        // Yielding always: the one who queued this may be the thread that reads SIP, or a timer's.
        await previous.ConfigureAwait(ConfigureAwaitOptions.ForceYielding | ConfigureAwaitOptions.SuppressThrowing);
        string state;
        lock (_gate)
        {
            if (_endedBecause is { } why)
            {
                return ReferNotifyResult.NotSent(why);
            }

            if (terminatedReason is null && cancellationToken.IsCancellationRequested)
            {
                return ReferNotifyResult.NotSent("cancelled before its turn");
            }

            state = terminatedReason is null
                ? "active;expires=" + SecondsLeftLocked().ToString(CultureInfo.InvariantCulture)
                : "terminated;reason=" + terminatedReason;
        }

        (string, string)[] headers = [(HeaderNames.Event, _event), (HeaderNames.SubscriptionState, state)];
        var (status, detail) = await _send(headers, Body(statusCode, reasonPhrase)).ConfigureAwait(false);
        if (status is >= 200 and < 300)
        {
            _logger.LogDebug("NOTIFY ({Event}) {Code} {Reason}, {State}: {Status}", _event, statusCode, reasonPhrase, state, status);
            if (terminatedReason is not null)
            {
                End("the final NOTIFY was sent");
            }

            return new ReferNotifyResult(ReferNotifyStatus.Delivered, status);
        }

        var failure = $"a NOTIFY got {status.ToString(CultureInfo.InvariantCulture)}{(detail is null ? string.Empty : " " + detail)}";
        _logger.LogInformation("NOTIFY ({Event}) {Code} {Reason} failed: {Failure}; the subscription ends", _event, statusCode, reasonPhrase, failure);
        End(failure);
        return new ReferNotifyResult(ReferNotifyStatus.Failed, status, failure);
    }

    /// <summary>What Subscription-State's expires says: the whole seconds left, at least 1 while active.</summary>
    private int SecondsLeftLocked()
    {
        var left = _duration - _timers.Time.GetElapsedTime(_startedAt);
        return Math.Max(1, (int)Math.Ceiling(left.TotalSeconds));
    }

    /// <summary>No final result in time: the subscription ends with the latest status and reason=timeout (RFC 6665 §4.1.3).</summary>
    private void OnExpired()
    {
        (int Code, string Reason) latest;
        lock (_gate)
        {
            latest = _latest;
        }

        _logger.LogInformation("The refer subscription ({Event}) expired with no final status", _event);
        _ = EnqueueAsync(latest.Code, latest.Reason, terminatedReason: "timeout", CancellationToken.None);
    }

    private void End(string why)
    {
        lock (_gate)
        {
            _endedBecause ??= why;
            _expiry?.Cancel();
            _expiry = null;
        }
    }
}

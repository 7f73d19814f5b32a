using Swml.Sip.Message;
using Swml.Sip.Transport;

namespace Swml.Sip.Transactions;

/// <summary>
/// A request we received and our responses to it (RFC 3261 §17.2, with RFC 6026's Accepted state):
/// a retransmitted request gets the last response again and never reaches the TU twice. INVITE:
/// Proceeding, Accepted after a 2xx (whose retransmission is the TU's, §13.3.1.4), Completed after
/// a failure (resent by timer G until the ACK, given up by H), Confirmed. Non-INVITE: Trying,
/// Proceeding, Completed (kept by timer J). Once a final response leaves only retransmissions to
/// absorb (a non-INVITE's Completed, an INVITE's Accepted), the layer keeps a
/// <see cref="CompletedServerTransaction"/> in its place, so the request is not held for 32 s.
/// </summary>
internal sealed class ServerTransaction
{
    private enum State
    {
        Trying,
        Proceeding,
        Completed,
        Confirmed,
        Terminated,
    }

    private readonly object _gate = new();
    private readonly TransactionLayer _layer;
    private readonly bool _invite;
    private readonly bool _reliable;
    private State _state;
    private byte[]? _lastResponse;
    private TimeSpan _interval;
    private ScheduledTimer? _retransmit;
    private ScheduledTimer? _end;

    internal ServerTransaction(TransactionLayer layer, SipRequest request, TransportEndPoint source, string? key)
    {
        _layer = layer;
        Request = request;
        Source = source;
        (ResponseTarget, ResponseFallback) = ResponseRouting.Targets(request.TopVia, source);
        Key = key;
        _invite = request.Method == SipMethods.Invite;
        _reliable = source.IsReliable;
        _state = _invite ? State.Proceeding : State.Trying;
        _interval = layer.Timers.T1;
    }

    public SipRequest Request { get; }

    /// <summary>Where the request came from.</summary>
    public TransportEndPoint Source { get; }

    /// <summary>Where responses go (§18.2.2, RFC 3581): see <see cref="ResponseRouting.Targets"/>.</summary>
    internal TransportEndPoint ResponseTarget { get; }

    /// <summary>Where responses go when <see cref="ResponseTarget"/> fails: a TCP connection that closed.</summary>
    internal TransportEndPoint? ResponseFallback { get; }

    internal string? Key { get; }

    /// <summary>The last response sent, if any.</summary>
    public SipResponse? LastResponse { get; private set; }

    /// <summary>Whether a final response was sent.</summary>
    public bool IsAnswered
    {
        get
        {
            lock (_gate)
            {
                return _state is State.Completed or State.Confirmed or State.Terminated;
            }
        }
    }

    /// <summary>Sends a response. Ignored after a final one, as §17.2 leaves no other state to send it in.</summary>
    public async ValueTask RespondAsync(SipResponse response, CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        lock (_gate)
        {
            if (_state is State.Completed or State.Confirmed or State.Terminated)
            {
                return;
            }

            bytes = response.ToBytes();
            _lastResponse = bytes;
            LastResponse = response;
            if (response.IsProvisional)
            {
                _state = State.Proceeding;
            }
            else if (_invite && response.IsSuccess)
            {
                // RFC 6026 §8.7: retransmitted INVITEs never reach the TU again for 64*T1. The TU
                // resends the 2xx on its timer; a retransmitted INVITE says the peer has not seen it
                // yet, so it gets the 2xx again at once too.
                _state = State.Terminated;
                _layer.Complete(this, resend: bytes, _layer.Timers.Timeout);
            }
            else if (_invite)
            {
                _state = State.Completed;
                if (!_reliable)
                {
                    _retransmit = _layer.Scheduler.Schedule(_interval, static s => ((ServerTransaction)s!).OnRetransmitTimer(), this);
                }

                _end = _layer.Scheduler.Schedule(_layer.Timers.Timeout, static s => ((ServerTransaction)s!).Terminate(), this);
            }
            else
            {
                // Timer J: the response is resent for each retransmitted request.
                _state = State.Terminated;
                _layer.Complete(this, bytes, _layer.Timers.J(_reliable));
            }
        }

        await _layer.SendResponseAsync(ResponseTarget, ResponseFallback, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same request again: resend the last response (or nothing, if none was sent yet).</summary>
    internal void OnRetransmission()
    {
        byte[]? resend;
        lock (_gate)
        {
            resend = _state is State.Proceeding or State.Completed ? _lastResponse : null;
        }

        if (resend is not null)
        {
            _ = _layer.SendResponseAsync(ResponseTarget, ResponseFallback, resend, CancellationToken.None);
        }
    }

    /// <summary>The ACK of our failure response: stop resending it, and linger for ACK retransmissions (timer I).</summary>
    internal void OnAck()
    {
        lock (_gate)
        {
            if (_state != State.Completed)
            {
                return;
            }

            _state = State.Confirmed;
            Dispose(ref _retransmit);
            Dispose(ref _end);
            _end = _layer.Scheduler.Schedule(_layer.Timers.Linger(_reliable), static s => ((ServerTransaction)s!).Terminate(), this);
        }
    }

    private void OnRetransmitTimer()
    {
        byte[]? resend;
        lock (_gate)
        {
            if (_state != State.Completed)
            {
                return;
            }

            // Timer G: T1 doubling up to T2 (§17.2.1).
            _interval = _interval * 2 < _layer.Timers.T2 ? _interval * 2 : _layer.Timers.T2;
            _retransmit = _layer.Scheduler.Schedule(_interval, static s => ((ServerTransaction)s!).OnRetransmitTimer(), this);
            resend = _lastResponse;
        }

        if (resend is not null)
        {
            _ = _layer.SendResponseAsync(ResponseTarget, ResponseFallback, resend, CancellationToken.None);
        }
    }

    private void Terminate()
    {
        lock (_gate)
        {
            if (_state == State.Terminated)
            {
                return;
            }

            _state = State.Terminated;
            Dispose(ref _retransmit);
            Dispose(ref _end);
        }

        _layer.Remove(this);
    }

    private static void Dispose(ref ScheduledTimer? timer)
    {
        timer?.Cancel();
        timer = null;
    }
}

using Swml.Sip.Message;
using Swml.Sip.Transport;

namespace Swml.Sip.Transactions;

/// <summary>How a client transaction ended when it got no final response.</summary>
internal enum TransactionFailure
{
    None,

    /// <summary>Timer B or F fired: no final response in 64*T1.</summary>
    Timeout,

    /// <summary>The request could not be sent.</summary>
    TransportError,
}

/// <summary>A client transaction's outcome: its final response, or why there was none.</summary>
internal readonly record struct ClientTransactionResult(SipResponse? Response, TransactionFailure Failure, string? Detail = null)
{
    /// <summary>The status to act on: the response's, or 408 for a timeout and 503 for a transport error (RFC 3261 §8.1.3.1).</summary>
    public int StatusCode => Response?.StatusCode ?? (Failure == TransactionFailure.Timeout ? 408 : 503);
}

/// <summary>
/// A request we send and its responses (RFC 3261 §17.1): INVITE (Calling, Proceeding, Completed
/// sending the ACK of a failure, Terminated on 2xx) and non-INVITE (Trying, Proceeding, Completed).
/// On UDP the request is retransmitted by timer A or E; timer B or F gives up. One class for both,
/// with an INVITE flag, as baresip's ctrans.c.
/// </summary>
internal sealed class ClientTransaction
{
    private enum State
    {
        Calling,
        Proceeding,
        Completed,
        Terminated,
    }

    private readonly object _gate = new();
    private readonly TransactionLayer _layer;
    private readonly byte[] _bytes;
    private readonly bool _invite;
    private readonly bool _reliable;
    private readonly Action<SipResponse>? _provisional;
    // Sees the final response on the thread that read it, before anything read after it.
    private readonly Action<SipResponse>? _final;
    // Completed outside _gate, and its continuations run inline on the thread that decided it (see Result).
    private readonly TaskCompletionSource<ClientTransactionResult> _result = new();
    private State _state = State.Calling;
    private TimeSpan _interval;
    private ScheduledTimer? _retransmit;
    private ScheduledTimer? _timeout;
    private ScheduledTimer? _linger;
    private byte[]? _ackBytes;

    internal ClientTransaction(TransactionLayer layer, SipRequest request, TransportEndPoint destination, string key, Action<SipResponse>? provisional, Action<SipResponse>? final = null)
    {
        _layer = layer;
        Request = request;
        Destination = destination;
        Key = key;
        _provisional = provisional;
        _final = final;
        _invite = request.Method == SipMethods.Invite;
        _reliable = destination.IsReliable;
        _bytes = request.ToBytes();
        _interval = layer.Timers.T1;
    }

    public SipRequest Request { get; }

    public TransportEndPoint Destination { get; }

    internal string Key { get; }

    /// <summary>
    /// The final response (2xx included), or the failure. It completes on the thread that read the
    /// response (or fired the timer), and a continuation runs right there, so the stack's own steps
    /// after a response cost no thread-pool hop; such a continuation must not block.
    /// <see cref="TransactionLayer.SendRequestAsync"/> moves to the thread pool first.
    /// </summary>
    public Task<ClientTransactionResult> Result => _result.Task;

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_reliable)
            {
                _retransmit = _layer.Scheduler.Schedule(_interval, static s => ((ClientTransaction)s!).OnRetransmitTimer(), this);
            }

            _timeout = _layer.Scheduler.Schedule(_layer.Timers.Timeout, static s => ((ClientTransaction)s!).OnTimeout(), this);
        }

        bool sent;
        try
        {
            sent = await _layer.TrySendAsync(Destination, _bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cancelled before the request left: end the transaction, so its timers do not send it later.
            Terminate(new ClientTransactionResult(null, TransactionFailure.TransportError, "cancelled before it was sent"));
            throw;
        }

        if (!sent)
        {
            Terminate(new ClientTransactionResult(null, TransactionFailure.TransportError, $"could not send to {Destination}"));
        }
    }

    internal void OnResponse(SipResponse response)
    {
        Action<SipResponse>? notify = null;
        byte[]? resendAck = null;
        ClientTransactionResult? final = null;
        lock (_gate)
        {
            switch (_state)
            {
                case State.Calling or State.Proceeding when response.IsProvisional:
                    if (_state == State.Calling)
                    {
                        _state = State.Proceeding;
                        if (_invite)
                        {
                            // Timer A stops once the INVITE is known to have arrived.
                            Dispose(ref _retransmit);
                        }
                    }

                    notify = _provisional;
                    break;
                case State.Calling or State.Proceeding when _invite && response.IsSuccess:
                    // The 2xx goes to the TU, which sends its ACK (§17.1.1.2).
                    final = TerminateLocked(new ClientTransactionResult(response, TransactionFailure.None));
                    break;
                case State.Calling or State.Proceeding:
                    _state = State.Completed;
                    Dispose(ref _retransmit);
                    Dispose(ref _timeout);
                    if (_invite)
                    {
                        _ackBytes = AckFor(response).ToBytes();
                        resendAck = _ackBytes;
                    }

                    final = new ClientTransactionResult(response, TransactionFailure.None);
                    if (_invite)
                    {
                        // Timer D: the failure may come again, and each needs our ACK again.
                        _linger = _layer.Scheduler.Schedule(_layer.Timers.D(_reliable), static s => ((ClientTransaction)s!).Terminate(default), this);
                    }
                    else
                    {
                        // Timer K: only the key is kept, to absorb the response's retransmissions.
                        _state = State.Terminated;
                        _layer.Complete(this, _layer.Timers.Linger(_reliable));
                    }

                    break;
                case State.Completed when _invite && response.IsFinal:
                    // The failure was resent: our ACK was lost.
                    resendAck = _ackBytes;
                    break;
            }
        }

        if (resendAck is not null)
        {
            _ = _layer.TrySendAsync(Destination, resendAck, CancellationToken.None);
        }

        if (final is { Response: { } answer })
        {
            _final?.Invoke(answer);
        }

        notify?.Invoke(response);
        Publish(final);
    }

    /// <summary>The ACK for a failure response, in this transaction (§17.1.1.3).</summary>
    private SipRequest AckFor(SipResponse response)
    {
        var headers = SipHeaders.Create(
            (HeaderNames.Via, Request.TopVia.ToString()),
            (HeaderNames.From, Request.Headers.GetFirst(HeaderNames.From)!),
            (HeaderNames.To, response.Headers.GetFirst(HeaderNames.To)!),
            (HeaderNames.CallId, Request.CallId),
            (HeaderNames.CSeq, new CSeqHeader(Request.CSeq.Number, SipMethods.Ack).ToString()),
            (HeaderNames.MaxForwards, "70"));
        foreach (var route in Request.Headers.GetAll(HeaderNames.Route))
        {
            headers = headers.Add(HeaderNames.Route, route);
        }

        return SipRequest.Create(SipMethods.Ack, Request.RequestUri, headers);
    }

    private void OnRetransmitTimer()
    {
        lock (_gate)
        {
            var resend = _state == State.Calling || (!_invite && _state == State.Proceeding);
            if (!resend)
            {
                return;
            }

            // Timer A doubles without bound; timer E doubles up to T2, and is T2 once a 1xx came (§17.1.2.2).
            _interval = _invite ? _interval * 2
                : _state == State.Proceeding ? _layer.Timers.T2
                : Min(_interval * 2, _layer.Timers.T2);
            _retransmit = _layer.Scheduler.Schedule(_interval, static s => ((ClientTransaction)s!).OnRetransmitTimer(), this);
        }

        _ = _layer.TrySendAsync(Destination, _bytes, CancellationToken.None);
    }

    private void OnTimeout()
    {
        ClientTransactionResult? final = null;
        lock (_gate)
        {
            // An INVITE that got a provisional waits for the TU to give up (timer C is a proxy's).
            if (_state == State.Calling || (!_invite && _state == State.Proceeding))
            {
                final = TerminateLocked(new ClientTransactionResult(null, TransactionFailure.Timeout, $"no final response to {Request.Method} in {_layer.Timers.Timeout.TotalSeconds:0.#} s"));
            }
        }

        Publish(final);
    }

    /// <summary>
    /// A CANCEL was sent for this INVITE: if no final response comes within 64*T1, the INVITE is
    /// taken as cancelled and ended (§9.1), rather than waiting on a peer that never sends its 487.
    /// </summary>
    internal void ExpireAfterCancel()
    {
        lock (_gate)
        {
            if (!_invite || _state is State.Completed or State.Terminated)
            {
                return;
            }

            Dispose(ref _timeout);
            _timeout = _layer.Scheduler.Schedule(_layer.Timers.Timeout, static s => ((ClientTransaction)s!).OnCancelledInviteTimeout(), this);
        }
    }

    private void OnCancelledInviteTimeout()
    {
        ClientTransactionResult? final = null;
        lock (_gate)
        {
            if (_state is State.Calling or State.Proceeding)
            {
                final = TerminateLocked(new ClientTransactionResult(null, TransactionFailure.Timeout, $"no final response to the INVITE {_layer.Timers.Timeout.TotalSeconds:0.#} s after its CANCEL"));
            }
        }

        Publish(final);
    }

    private void Terminate(ClientTransactionResult result)
    {
        ClientTransactionResult? final;
        lock (_gate)
        {
            final = TerminateLocked(result);
        }

        Publish(final);
    }

    // Continuations of Result run inline, so it is completed only once _gate is released.
    private void Publish(ClientTransactionResult? final)
    {
        if (final is { } result)
        {
            _result.TrySetResult(result);
        }
    }

    /// <summary>Ends the transaction; returns the result to publish once the lock is released, if any.</summary>
    private ClientTransactionResult? TerminateLocked(ClientTransactionResult result)
    {
        if (_state == State.Terminated)
        {
            return null;
        }

        _state = State.Terminated;
        Dispose(ref _retransmit);
        Dispose(ref _timeout);
        Dispose(ref _linger);
        _layer.Remove(this);
        return result.Response is not null || result.Failure != TransactionFailure.None ? result : null;
    }

    private static void Dispose(ref ScheduledTimer? timer)
    {
        timer?.Cancel();
        timer = null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

using System.Text;
using Microsoft.Extensions.Logging;
using Swml.Sip.Dialogs;
using Swml.Sip.Message;
using Swml.Sip.Sdp;
using Swml.Sip.Transactions;

namespace Swml.Sip.Calls;

/// <summary>
/// An INVITE we received and have not yet answered (RFC 3261 §13.3): ring, answer or reject it.
/// The 100 Trying is already sent. Answering sends the 200 with an SDP answer (or an offer, when
/// the INVITE had none, whose answer comes in the ACK), resends it until the ACK comes (T1 doubling
/// to T2, §13.3.1.4), and gives the established call. A CANCEL ends it with 487.
/// </summary>
public sealed class IncomingCall
{
    private readonly SipEndpoint _endpoint;
    private readonly ServerTransaction _transaction;
    private readonly TaskCompletionSource<SipRequest> _ack = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _answered;
    private OkResender? _resender;

    /// <param name="offer">The INVITE's offer, read by <see cref="InviteBody"/> (which refuses a body we cannot use first).</param>
    internal IncomingCall(SipEndpoint endpoint, ServerTransaction transaction, SessionDescription? offer)
    {
        _endpoint = endpoint;
        _transaction = transaction;
        LocalTag = SipIdentifiers.NewTag();
        Offer = offer;
    }

    public SipRequest Invite => _transaction.Request;

    public string CallId => Invite.CallId;

    public NameAddress From => Invite.From;

    public NameAddress To => Invite.To;

    /// <summary>The caller's SDP offer, when the INVITE carried one.</summary>
    public SessionDescription? Offer { get; }

    /// <summary>Completes when the caller cancels before we answered.</summary>
    public Task Cancelled => _cancelled.Task;

    internal string LocalTag { get; }

    internal ServerTransaction Transaction => _transaction;

    /// <summary>Sends 180 Ringing.</summary>
    public Task RingAsync(CancellationToken cancellationToken = default) =>
        _transaction.RespondAsync(Response(180, "Ringing"), cancellationToken).AsTask();

    /// <summary>Rejects the call (486 Busy Here, 603 Decline...).</summary>
    public Task RejectAsync(int statusCode, string reasonPhrase, CancellationToken cancellationToken = default) =>
        RejectAsync(statusCode, reasonPhrase, Array.Empty<(string, string)>(), cancellationToken);

    /// <summary>Rejects the call with more headers: a 503 with Retry-After (RFC 3261 §21.5.4), a 3xx with Contact...</summary>
    public async Task RejectAsync(int statusCode, string reasonPhrase, IReadOnlyList<(string Name, string Value)> headers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (statusCode is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A rejection is a final 3xx-6xx response.");
        }

        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            await FailAsync(statusCode, reasonPhrase, cancellationToken, headers).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Answers with 200 OK and waits for the ACK. Throws when the call was cancelled, when the offer
    /// has no codec we take (488 is sent), or when no ACK came in 64*T1 (the call is then ended with a BYE).
    /// </summary>
    public async Task<SipCall> AnswerAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            throw new InvalidOperationException("The call was already answered or rejected.");
        }

        if (_cancelled.Task.IsCompleted)
        {
            throw new OperationCanceledException("The caller cancelled the call.");
        }

        var session = new SdpSession();
        var address = _endpoint.EndPoint.Address;
        var rtpPort = _endpoint.NextRtpPort();
        SessionDescription local;
        NegotiatedAudio? audio = null;
        if (Offer is not null)
        {
            var answer = session.CreateAnswer(Offer, address, rtpPort);
            if (!answer.IsAccepted)
            {
                await FailAsync(488, "Not Acceptable Here", cancellationToken).ConfigureAwait(false);
                throw new SipCallFailedException(488, answer.RejectionReason ?? "no common codec");
            }

            local = answer.Description;
            audio = answer.Audio;
        }
        else
        {
            local = session.CreateOffer(address, rtpPort);
        }

        var dialog = Dialog.ForUas(Invite, LocalTag);
        var protocol = _transaction.Source.Protocol;
        var call = new SipCall(_endpoint, dialog, protocol, audio, local, _endpoint.CallAuthenticator);
        _endpoint.Register(call, this);
        var ok = Response(200, "OK").WithBody(local.ToUtf8(), "application/sdp");
        await _transaction.RespondAsync(ok, cancellationToken).ConfigureAwait(false);
        _resender = new OkResender(this, ok, call);
        _resender.Start();

        var ack = await _ack.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (ack is null)
        {
            throw new SipCallFailedException(408, "no ACK for our 200 OK");
        }

        if (Offer is null && SessionDescription.TryParse(ack.Body.Span, out var answerSdp, out _) &&
            SdpSession.TryReadAnswer(local, answerSdp, out var negotiated, out _))
        {
            return call.WithAudio(negotiated);
        }

        return call;
    }

    /// <summary>§13.3.1.4: the 2xx is resent, T1 doubling to T2, until the ACK; after 64*T1 without one, BYE.</summary>
    private sealed class OkResender
    {
        private readonly IncomingCall _owner;
        private readonly SipResponse _ok;
        private readonly SipCall _call;
        private readonly object _gate = new();
        private TimeSpan _interval;
        private TimeSpan _waited;
        private ScheduledTimer? _next;

        public OkResender(IncomingCall owner, SipResponse ok, SipCall call)
        {
            _owner = owner;
            _ok = ok;
            _call = call;
            _interval = owner._endpoint.Options.Timers.T1;
        }

        public void Start()
        {
            lock (_gate)
            {
                ScheduleLocked();
            }
        }

        public void Stop()
        {
            lock (_gate)
            {
                _next?.Cancel();
                _next = null;
            }
        }

        private void ScheduleLocked()
        {
            var timeout = _owner._endpoint.Options.Timers.Timeout;
            var step = _waited + _interval > timeout ? timeout - _waited : _interval;
            _waited += step;
            _next = _owner._endpoint.Transactions.Scheduler.Schedule(step, static s => ((OkResender)s!).OnTimer(), this);
        }

        private void OnTimer()
        {
            var endpoint = _owner._endpoint;
            lock (_gate)
            {
                if (_owner._ack.Task.IsCompleted)
                {
                    return;
                }

                if (_waited < endpoint.Options.Timers.Timeout)
                {
                    // On every transport (§13.3.1.4): the 2xx is the UAS core's to deliver end to end,
                    // and a proxy between us may forward it over UDP, where it can be lost.
                    _ = endpoint.Transactions.SendStatelessAsync(_ok, _owner._transaction.Source);

                    _interval = _interval * 2 < endpoint.Options.Timers.T2 ? _interval * 2 : endpoint.Options.Timers.T2;
                    ScheduleLocked();
                    return;
                }
            }

            endpoint.Logger.LogWarning("No ACK for our 200 OK on {CallId} in {Seconds} s; hanging up", _owner.CallId, endpoint.Options.Timers.Timeout.TotalSeconds);
            _owner._ack.TrySetResult(null!);
            _ = _call.HangupAsync();
        }
    }

    internal void OnAck(SipRequest ack)
    {
        _ack.TrySetResult(ack);
        _resender?.Stop();
    }

    /// <summary>A CANCEL for this INVITE: 487 Request Terminated, unless we already answered (§9.2).</summary>
    internal async Task OnCancelAsync()
    {
        _cancelled.TrySetResult();
        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            await FailAsync(487, "Request Terminated", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A final failure: the call is over before it began, so the endpoint lets it go.</summary>
    private async Task FailAsync(int statusCode, string reasonPhrase, CancellationToken cancellationToken, IReadOnlyList<(string Name, string Value)>? headers = null)
    {
        var response = Response(statusCode, reasonPhrase);
        foreach (var (name, value) in headers ?? Array.Empty<(string, string)>())
        {
            response = response.WithHeaders(response.Headers.Add(name, value));
        }

        try
        {
            await _transaction.RespondAsync(response, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _endpoint.ForgetRinging(this);
        }
    }

    /// <summary>A response with our To tag, Contact and the INVITE's Record-Route (§12.1.1).</summary>
    private SipResponse Response(int code, string reason)
    {
        var response = SipResponse.CreateFor(Invite, code, reason, LocalTag);
        var headers = response.Headers;
        if (code is > 100 and < 300)
        {
            foreach (var route in Invite.Headers.GetAll(HeaderNames.RecordRoute))
            {
                headers = headers.Add(HeaderNames.RecordRoute, route);
            }

            headers = headers.Add(HeaderNames.Contact, _endpoint.ContactValue(_transaction.Source.Protocol));
            headers = _endpoint.WithSupported(headers.Add(HeaderNames.Allow, _endpoint.Allow));
        }

        return response.WithHeaders(headers.Add(HeaderNames.UserAgent, _endpoint.Options.UserAgent));
    }

    public override string ToString() => $"{CallId} from {From}";
}

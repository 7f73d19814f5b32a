using System.Text;
using Microsoft.Extensions.Logging;
using Swml.Sip.Dialogs;
using Swml.Sip.Media;
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
    private readonly TaskCompletionSource<SipRequest> _ack;
    private readonly TaskCompletionSource _cancelled;
    private int _answered;
    private bool _callerCancelled;
    private OkResender? _resender;
    private readonly object _earlyGate = new();
    private CallMedia? _earlyMedia;
    private SessionDescription? _earlyAnswer;

    /// <param name="offer">The INVITE's offer, read by <see cref="InviteBody"/> (which refuses a body we cannot use first).</param>
    internal IncomingCall(SipEndpoint endpoint, ServerTransaction transaction, SessionDescription? offer)
    {
        _endpoint = endpoint;
        _transaction = transaction;
        var completion = ThreadPoolHop.CompletionFor(endpoint.Options.UnsafePreferInlineScheduling);
        _ack = new(completion);
        _cancelled = new(completion);
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
    /// <param name="cancellationToken">
    /// Already cancelled, nothing is sent and the call may still be answered or rejected. Once the
    /// 200 is on its way it stops only the wait for the ACK: the call, live on the wire but no longer
    /// anyone's, is then hung up as soon as the ACK allows (RFC 3261 §15).
    /// </param>
    public async Task<SipCall> AnswerAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            throw Volatile.Read(ref _callerCancelled)
                ? new OperationCanceledException("The caller cancelled the call.")
                : new InvalidOperationException("The call was already answered or rejected.");
        }

        if (_cancelled.Task.IsCompleted)
        {
            // The CANCEL came first but we took the answer: the 487 is ours to send (§9.2).
            await FailAsync(487, "Request Terminated", CancellationToken.None).ConfigureAwait(false);
            throw new OperationCanceledException("The caller cancelled the call.");
        }

        CallMedia media;
        SessionDescription local;
        if (TakeEarlyMedia() is { } early)
        {
            // The 200 repeats the answer the 183 gave, and the early media's RTP goes on in the call.
            (media, local) = early;
        }
        else
        {
            try
            {
                media = _endpoint.NewCallMedia();
            }
            catch (RtpPortsExhaustedException ex)
            {
                _endpoint.Logger.LogWarning("Call {CallId} refused: {Why}", CallId, ex.Message);
                await FailAsync(503, "Service Unavailable", CancellationToken.None).ConfigureAwait(false);
                throw new SipCallFailedException(503, ex.Message);
            }

            if (Offer is not null)
            {
                var answer = media.Answer(Offer);
                if (!answer.IsAccepted)
                {
                    media.Close();
                    await FailAsync(488, "Not Acceptable Here", CancellationToken.None).ConfigureAwait(false);
                    throw new SipCallFailedException(488, answer.RejectionReason ?? "no common codec");
                }

                local = answer.Description;
            }
            else
            {
                local = media.Offer();
            }
        }

        var dialog = Dialog.ForUas(Invite, LocalTag);
        var protocol = _transaction.Source.Protocol;
        var call = new SipCall(_endpoint, dialog, protocol, media, _endpoint.CallAuthenticator) { Connection = _transaction.Source };
        _endpoint.Register(call, this);
        var ok = Response(200, "OK").WithBody(local.ToUtf8(), "application/sdp");
        if (SipCall.Answer(_endpoint, Invite) is { } session)
        {
            ok = session.AddTo(ok, Invite);
            call.StartSessionTimer(session, weAreUac: false, Invite);
        }

        // Made before the 200 leaves, so an ACK that comes back at once finds it to stop.
        _resender = new OkResender(_endpoint, ok, _transaction, _ => NoAck(call));
        await _transaction.RespondAsync(ok, CancellationToken.None).ConfigureAwait(false);
        _resender.Start();

        SipRequest? ack;
        try
        {
            ack = await _ack.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = HangUpAfterTheAckAsync(call);
            throw;
        }

        if (ack is null)
        {
            throw new SipCallFailedException(408, "no ACK for our 200 OK");
        }

        if (Offer is null)
        {
            call.OnAnswerInAck(ack);
        }

        return call;
    }

    /// <summary>An answer given up while its 200 waits for the ACK: the BYE may only follow the ACK (§15), or its timeout.</summary>
    private async Task HangUpAfterTheAckAsync(SipCall call)
    {
        _endpoint.Logger.LogInformation("Answering {CallId} was cancelled after the 200 left; the call is hung up once the ACK comes", CallId);
        var ack = await _ack.Task.ConfigureAwait(false);
        if (ack is null)
        {
            return; // no ACK: the resender's timeout hangs up
        }

        try
        {
            await call.HangupAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _endpoint.Logger.LogWarning(ex, "Hanging up {CallId}, whose answer was cancelled, failed", CallId);
        }
    }

    /// <summary>§13.3.1.4: no ACK for our 2xx in 64*T1, so the session ends with a BYE.</summary>
    private void NoAck(SipCall call)
    {
        _endpoint.Logger.LogWarning("No ACK for our 200 OK on {CallId} in {Seconds} s; hanging up", CallId, _endpoint.Options.Timers.Timeout.TotalSeconds);
        _ack.TrySetResult(null!);
        _ = call.HangupAsync();
    }

    internal void OnAck(SipRequest ack)
    {
        // The 2xx stops first: an application continuing inline may run a while.
        _resender?.Stop();
        _ack.TrySetResult(ack);
    }

    /// <summary>A CANCEL for this INVITE: 487 Request Terminated, unless we already answered (§9.2).</summary>
    internal async Task OnCancelAsync()
    {
        // The final response is taken before Cancelled completes: an application continuing
        // inline from Cancelled (and trying to answer) then finds the answer taken.
        Volatile.Write(ref _callerCancelled, true);
        var ours = Interlocked.Exchange(ref _answered, 1) == 0;
        try
        {
            if (ours)
            {
                await FailAsync(487, "Request Terminated", CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _cancelled.TrySetResult();
        }
    }

    /// <summary>
    /// Plays audio before answering (early media, RFC 3960's gateway model): the first such play
    /// sends 183 Session Progress with our SDP answer to the INVITE's offer, and then RTP as
    /// <see cref="SipCall.PlayAsync"/> does. An answer afterwards repeats that SDP in its 200, and
    /// the call goes on with the same RTP; a rejection, a CANCEL or a failure ends the play with
    /// <see cref="PlaybackEnd.CallEnded"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The INVITE had no offer, none of its codecs is ours, the call was already answered or
    /// rejected, or the endpoint has no RTP.
    /// </exception>
    /// <exception cref="RtpPortsExhaustedException">No RTP port is free.</exception>
    public async Task<PlaybackEnd> PlayEarlyAsync(IAudioSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        cancellationToken.ThrowIfCancellationRequested();
        if (Offer is null)
        {
            throw new InvalidOperationException("Early media needs the INVITE's SDP offer (our answer goes in the 183), and this INVITE had none.");
        }

        CallMedia media;
        SessionDescription? progress = null;
        lock (_earlyGate)
        {
            if (Volatile.Read(ref _answered) != 0)
            {
                throw new InvalidOperationException("The call was already answered or rejected: play on the answered call instead.");
            }

            if (_earlyMedia is null)
            {
                var fresh = _endpoint.NewCallMedia();
                var answer = fresh.Answer(Offer);
                if (!answer.IsAccepted)
                {
                    fresh.Close();
                    throw new InvalidOperationException($"No early media: {answer.RejectionReason ?? "no common codec"}.");
                }

                if (fresh.Rtp is null)
                {
                    fresh.Close();
                    throw new InvalidOperationException("The endpoint was started without RTP (SipEndpointOptions.Media is SignalingOnly).");
                }

                _earlyMedia = fresh;
                _earlyAnswer = progress = answer.Description;
            }

            media = _earlyMedia;
        }

        if (progress is not null)
        {
            await _transaction.RespondAsync(Response(183, "Session Progress").WithBody(progress.ToUtf8(), "application/sdp"), cancellationToken).ConfigureAwait(false);
        }

        return await media.Rtp!.PlayAsync(source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The early media's session, handed to the answer; null when there was none.</summary>
    private (CallMedia Media, SessionDescription Answer)? TakeEarlyMedia()
    {
        lock (_earlyGate)
        {
            if (_earlyMedia is not { } media)
            {
                return null;
            }

            _earlyMedia = null;
            return (media, _earlyAnswer!);
        }
    }

    /// <summary>The call will not be answered: early media's socket is let go and its play ends.</summary>
    private void CloseEarlyMedia() => TakeEarlyMedia()?.Media.Close();

    /// <summary>A final failure: the call is over before it began, so the endpoint lets it go.</summary>
    private async Task FailAsync(int statusCode, string reasonPhrase, CancellationToken cancellationToken, IReadOnlyList<(string Name, string Value)>? headers = null)
    {
        CloseEarlyMedia();
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

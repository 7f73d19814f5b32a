using Microsoft.Extensions.Logging;
using Swml.Sip.Auth;
using Swml.Sip.Dialogs;
using Swml.Sip.Events;
using Swml.Sip.Message;
using Swml.Sip.Sdp;
using Swml.Sip.Transactions;
using Swml.Sip.Transport;

namespace Swml.Sip.Calls;

public enum CallEndReason
{
    /// <summary>We sent the BYE.</summary>
    LocalHangup,

    /// <summary>The peer sent the BYE.</summary>
    RemoteHangup,

    /// <summary>The dialog died: a 481 or 408 to one of our requests (RFC 3261 §12.2.1.2), or no ACK for our 2xx.</summary>
    Failed,

    /// <summary>
    /// We sent the BYE and saw no 2xx for it (no answer in time, a challenge we could not answer, an
    /// error, or the wait was cancelled): the call is over for us, but the peer may still hold it.
    /// </summary>
    HangupUnconfirmed,

    /// <summary>The session timer ran out (RFC 4028): the peer stopped refreshing, and we sent the BYE.</summary>
    SessionExpired,
}

/// <summary>
/// An established call: its dialog, the audio it agreed on, and what can be done in it (hang up,
/// REFER), and what the peer does in it (BYE, NOTIFY, re-INVITE). A transfer's NOTIFYs are still
/// answered 200 for a while after the call ended (RFC 5057).
/// </summary>
public sealed partial class SipCall
{
    private readonly object _gate = new();
    private readonly SipEndpoint _endpoint;
    // The dialog's credentials: a dial's, then those of the last REFER given some, so a BYE or
    // NOTIFY challenged later in the dialog (by a proxy on the route set) is answered too.
    private DigestAuthenticator? _authenticator;
    private readonly List<ReferSubscription> _refers = new();
    private readonly TaskCompletionSource<CallEndReason> _ended;

    // Made when first asked for: cancelling it takes a thread-pool hop, which a call nobody watches
    // need not pay.
    private CancellationTokenSource? _endedToken;
    private int _ending;
    private readonly ILogger _logger;

    internal SipCall(SipEndpoint endpoint, Dialog dialog, TransportProtocol protocol, CallMedia media, DigestAuthenticator? authenticator)
    {
        _endpoint = endpoint;
        Dialog = dialog;
        Protocol = protocol;
        _media = media;
        _authenticator = authenticator;
        _logger = endpoint.Logger;
        _ended = new(ThreadPoolHop.CompletionFor(Inline));
    }

    public Dialog Dialog { get; }

    public string CallId => Dialog.CallId;

    /// <summary>The transport in-dialog requests use.</summary>
    public TransportProtocol Protocol { get; }

    /// <summary>
    /// What the offer/answer agreed for audio; null when it agreed none. A re-INVITE or UPDATE may
    /// change it (a hold, a new address or codec): <see cref="AudioChanged"/> says when.
    /// </summary>
    public NegotiatedAudio? Audio
    {
        get
        {
            lock (_gate)
            {
                return _media.Audio;
            }
        }
    }

    /// <summary>Completes when the call ends, with why.</summary>
    public Task<CallEndReason> Ended => _ended.Task;

    /// <summary>Cancelled when the call ends.</summary>
    public CancellationToken EndedToken
    {
        get
        {
            lock (_gate)
            {
                // End marks the call ended before it looks for the source under this lock, so a token
                // handed out here is either cancelled already or found there.
                return IsEnded ? new CancellationToken(canceled: true) : (_endedToken ??= new CancellationTokenSource()).Token;
            }
        }
    }

    public bool IsEnded => Volatile.Read(ref _ending) != 0;

    /// <summary>The application asked to continue on the stack's threads (<see cref="SipEndpointOptions.UnsafePreferInlineScheduling"/>).</summary>
    private bool Inline => _endpoint.Options.UnsafePreferInlineScheduling;

    /// <summary>
    /// Ends the call with a BYE (answering a challenge if credentials were given). A token cancelled
    /// once the BYE is on its way stops the wait, not the BYE: the call is over for us (RFC 3261
    /// §15.1.1), and the BYE's transaction still ends by its own timers.
    /// </summary>
    public Task HangupAsync(CancellationToken cancellationToken = default) =>
        EndWithByeAsync(CallEndReason.LocalHangup, CallEndReason.HangupUnconfirmed, cancellationToken);

    private async Task EndWithByeAsync(CallEndReason confirmedReason, CallEndReason unconfirmedReason, CancellationToken cancellationToken)
    {
        if (IsEnded)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var sending = SendInDialogAsync(SipMethods.Bye, Array.Empty<(string, string)>(), null, CancellationToken.None);
        try
        {
            var result = await sending.WaitAsync(cancellationToken).ThenOnApplicationThread(Inline).ConfigureAwait(false);
            var status = result.Result.StatusCode;

            // A 481 says the peer already let the dialog go: as good as a 200.
            var confirmed = status is (>= 200 and < 300) or 481;
            if (confirmed)
            {
                _logger.LogInformation("BYE on {CallId}: {Status}", CallId, status);
            }
            else
            {
                _logger.LogWarning("BYE on {CallId} not confirmed: {Status} {Why}", CallId, status, result.AuthFailure ?? result.Result.Detail);
            }

            // On the application's thread already (after the hop): the token's registrations may run here.
            End(confirmed ? confirmedReason : unconfirmedReason, onApplicationThread: true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogInformation("BYE on {CallId}: no answer awaited (cancelled); its transaction goes on", CallId);
            End(unconfirmedReason, onApplicationThread: true);
            throw;
        }
    }

    /// <summary>
    /// Sends a REFER in the call (RFC 3515) and follows the transfer through its NOTIFYs. The REFER
    /// carries one Refer-To, one Contact, an optional Referred-By and the given headers. The result
    /// holds the facts: how the REFER was answered, each NOTIFY's sipfrag code, whether the call
    /// ended first, and how the subscription ended without a final sipfrag; what they mean is the
    /// caller's to decide. Progress (the REFER accepted, each NOTIFY) is reported as it happens, on
    /// the thread that read the message: keep the handler short (<see cref="Progress{T}"/> posts it
    /// elsewhere by itself).
    /// </summary>
    public async Task<ReferResult> ReferAsync(ReferOptions options, IProgress<ReferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (IsEnded)
        {
            return new ReferResult { CallEndedBeforeResult = true };
        }

        var subscription = new ReferSubscription(options, _endpoint.Transactions.Scheduler, _endpoint.Options.FinalNotifySettle, progress, Inline);
        lock (_gate)
        {
            _refers.Add(subscription);
        }

        var headers = new List<(string, string)> { (HeaderNames.ReferTo, "<" + options.ReferTo + ">") };
        if (options.ReferredBy is { } referredBy)
        {
            headers.Add((HeaderNames.ReferredBy, referredBy));
        }

        headers.AddRange(options.Headers);
        var authenticator = options.HasCredentials
            ? new DigestAuthenticator(new[] { new DigestCredentials(options.Username!, options.Password!) })
            : Volatile.Read(ref _authenticator);
        if (options.HasCredentials)
        {
            Volatile.Write(ref _authenticator, authenticator);
        }

        using var cancelled = cancellationToken.Register(subscription.Abandon);
        // The REFER's answer is handled on the thread that read it; the one hop to the thread pool is
        // taken when the transfer's outcome is known, or here when sending failed.
        // A 2xx is taken as it is read: the NOTIFY the peer sent after it must not overtake it when
        // this method resumes late.
        var sending = SendInDialogAsync(SipMethods.Refer, headers, authenticator, cancellationToken, subscription.AddAttempt, final: subscription.OnReferFinalRead);
        await ((Task)sending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (sending.Exception?.GetBaseException() is { } failure)
        {
            // Never sent (no address for the target, a transport that failed to open): the
            // subscription ends at once, and the result says so.
            _logger.LogWarning("REFER on {CallId} to {ReferTo} could not be sent: {Why}", CallId, options.ReferTo, failure.Message);
            subscription.OnReferResponse(null, sent: false);
            return await subscription.Result.ConfigureAwait(Inline ? ConfigureAwaitOptions.None : ConfigureAwaitOptions.ForceYielding);
        }

        var sent = sending.IsCompletedSuccessfully ? sending.Result : await sending.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        var response = sent.Result.Response;
        if ((sent.AuthFailure ?? sent.Result.Detail) is { } why)
        {
            // The result keeps the status; why a challenge or the transaction failed is for the log.
            _logger.LogInformation("REFER on {CallId} to {ReferTo} got no usable answer: {Why}", CallId, options.ReferTo, why);
        }

        subscription.OnReferResponse(response?.StatusCode, sent: sent.Result.Failure != TransactionFailure.TransportError);
        var result = await subscription.Result.ConfigureAwait(Inline ? ConfigureAwaitOptions.None : ConfigureAwaitOptions.ForceYielding);
        _logger.LogInformation("REFER on {CallId} to {ReferTo}: {Result}", CallId, options.ReferTo, result);
        return result;
    }

    /// <summary>An in-dialog request from the peer.</summary>
    internal async Task OnRequestAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (IsEnded && request.Method != SipMethods.Notify)
        {
            // Only a transfer's subscription outlives the call (RFC 5057); the dialog itself is gone.
            await transaction.RespondAsync(SipResponse.CreateFor(request, 481, "Call/Transaction Does Not Exist")).ConfigureAwait(false);
            return;
        }

        if (!Dialog.AcceptRemoteCSeq(request.CSeq.Number))
        {
            // §12.2.2: a lower CSeq than one seen is out of order.
            await transaction.RespondAsync(SipResponse.CreateFor(request, 500, "Out of order")).ConfigureAwait(false);
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Bye:
                await transaction.RespondAsync(SipResponse.CreateFor(request, 200, "OK")).ConfigureAwait(false);
                End(CallEndReason.RemoteHangup);
                break;
            case SipMethods.Notify:
                await OnNotifyAsync(transaction).ConfigureAwait(false);
                break;
            case SipMethods.Invite:
                await OnReinviteAsync(transaction).ConfigureAwait(false);
                break;
            case SipMethods.Refer when _endpoint.Options.AcceptRefers:
                await OnReferAsync(transaction).ConfigureAwait(false);
                break;
            case SipMethods.Update:
                await OnUpdateAsync(transaction).ConfigureAwait(false);
                break;
            case "OPTIONS" or "INFO":
                await transaction.RespondAsync(WithContact(SipResponse.CreateFor(request, 200, "OK"))).ConfigureAwait(false);
                break;
            default:
                await transaction.RespondAsync(_endpoint.MethodNotAllowed(request)).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// A NOTIFY of a transfer: always 200 (also before the 202 and after the BYE, RFC 3515 §2.4.4),
    /// matched to its REFER by Event id, or to the only pending one. A NOTIFY for another event
    /// package gets 489 (RFC 6665 §8.3.2).
    /// </summary>
    private async Task OnNotifyAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        var eventHeader = EventHeader.Parse(request.Headers.GetFirst(HeaderNames.Event));
        ReferSubscription? subscription;
        lock (_gate)
        {
            subscription = eventHeader?.Id is { } id
                ? _refers.FirstOrDefault(r => r.HasId(id))
                : _refers.LastOrDefault(r => !r.IsDone) ?? _refers.LastOrDefault();
        }

        var isRefer = eventHeader?.IsRefer ?? (subscription is not null && Sipfrag.IsSipfrag(request.ContentType));
        if (!isRefer)
        {
            await transaction.RespondAsync(SipResponse.CreateFor(request, 489, "Bad Event")).ConfigureAwait(false);
            return;
        }

        await transaction.RespondAsync(WithContact(SipResponse.CreateFor(request, 200, "OK"))).ConfigureAwait(false);
        if (subscription is null)
        {
            _logger.LogInformation("NOTIFY on {CallId} for no REFER we know (Event: {Event}); answered 200", CallId, eventHeader);
            return;
        }

        var code = Sipfrag.IsSipfrag(request.ContentType) || request.ContentType is null ? Sipfrag.StatusCode(request.Body.Span) : null;
        var state = SubscriptionState.Parse(request.Headers.GetFirst(HeaderNames.SubscriptionState));
        _logger.LogDebug("NOTIFY on {CallId}: sipfrag {Code}, {State}", CallId, code, state);
        subscription.OnNotify(code, state);
    }

    /// <summary>
    /// Sends a request in the dialog with the next CSeq, answering digest challenges. Continues on the
    /// thread that read the final response: callers hop before application code runs.
    /// </summary>
    internal async Task<(ClientTransactionResult Result, SipRequest Request, string? AuthFailure)> SendInDialogAsync(
        string method,
        IReadOnlyList<(string Name, string Value)> headers,
        DigestAuthenticator? authenticator,
        CancellationToken cancellationToken,
        Action<uint>? attempt = null,
        ReadOnlyMemory<byte> body = default,
        string? contentType = null,
        Action<SipResponse>? final = null)
    {
        var layer = _endpoint.Transactions;
        var hop = Dialog.NextHopUri();
        if (hop.Transport is null)
        {
            // A peer that called over TCP or TLS but left transport off its Contact still expects it back.
            hop = NextHop.WithTransport(hop, Protocol);
        }

        var destination = ReusableConnection() ?? await NextHop.ResolveAsync(hop, _endpoint.EndPoint.AddressFamily, cancellationToken).ConfigureAwait(false);
        var contact = _endpoint.Contact(destination.Protocol);
        var sent = await RequestSender.SendAsync(
            layer,
            (cseq, authorization) => Dialog.CreateRequest(method, cseq, layer.CreateVia(destination.Protocol), contact, RequestSender.With(headers, authorization), body, contentType),
            Dialog.NextCSeq,
            destination,
            authenticator ?? Volatile.Read(ref _authenticator),
            method,
            Dialog.RequestUri().ToString(),
            provisional: null,
            sending: request => attempt?.Invoke(request.CSeq.Number),
            cancellationToken,
            final).ConfigureAwait(false);
        if (sent.Result.StatusCode is 481 or 408 && method != SipMethods.Bye)
        {
            // §12.2.1.2: the dialog is gone.
            End(CallEndReason.Failed);
        }

        return sent;
    }

    /// <summary>
    /// The TCP or TLS connection the call was set up on, when no proxy is in its route set: the
    /// peer's Contact need not be listening (a TLS client without a certificate of its own, one
    /// behind NAT), so in-dialog requests go back on the connection while it is open (as RFC 5923
    /// reuses connections). Null for UDP.
    /// </summary>
    internal TransportEndPoint? Connection { get; init; }

    private TransportEndPoint? ReusableConnection() =>
        Connection is { IsReliable: true } connection && Dialog.RouteSet.Count == 0 && _endpoint.HasConnection(connection) ? connection : null;

    internal SipResponse WithContact(SipResponse response) => WithContact(response, _endpoint, Protocol);

    internal static SipResponse WithContact(SipResponse response, SipEndpoint endpoint, TransportProtocol protocol) =>
        response.WithHeaders(response.Headers.Set(HeaderNames.Contact, endpoint.ContactValue(protocol)));

    /// <summary>Whether a REFER was sent in this call, so a NOTIFY without Event but with a sipfrag is one of its.</summary>
    internal bool HasReferred
    {
        get
        {
            lock (_gate)
            {
                return _refers.Count > 0;
            }
        }
    }

    // An application's registration that throws must not take the process down with it.
    private static void CancelEndedToken((CancellationTokenSource Tokens, ILogger Logger, string CallId) state)
    {
        try
        {
            state.Tokens.Cancel();
        }
        catch (AggregateException ex)
        {
            state.Logger.LogError(ex, "A callback registered on the EndedToken of call {CallId} failed", state.CallId);
        }
    }

    /// <param name="onApplicationThread">
    /// True when called from a public method after its thread-pool hop: the EndedToken is then
    /// cancelled here, sparing a work item; otherwise (the thread that read a message) on the pool.
    /// </param>
    internal void End(CallEndReason reason, bool onApplicationThread = false)
    {
        if (Interlocked.Exchange(ref _ending, 1) != 0)
        {
            return;
        }

        try
        {
            _logger.LogInformation("Call {CallId} ended: {Reason}", CallId, reason);
            Volatile.Read(ref _sessionTimer)?.Stop();
            List<ReferSubscription> pending;
            lock (_gate)
            {
                pending = _refers.Where(r => !r.IsDone).ToList();
            }

            foreach (var subscription in pending)
            {
                subscription.OnCallEnded();
            }

            EndReceivedRefers();
            _media.Close();
            _endpoint.OnCallEnded(this);
        }
        finally
        {
            // After the bookkeeping, so that an application continuing inline finds the call ended
            // in every respect; before the token, whose callbacks may look at Ended; and whatever
            // the bookkeeping threw, or Ended would never complete.
            _ended.TrySetResult(reason);
            CancelEndedTokenWhereAllowed(onApplicationThread);
        }
    }

    /// <summary>
    /// Registrations on the token are the application's: they run on the thread pool, not on the
    /// thread that read the BYE, unless the application asked to run inline.
    /// </summary>
    private void CancelEndedTokenWhereAllowed(bool onApplicationThread)
    {
        CancellationTokenSource? watched;
        lock (_gate)
        {
            watched = _endedToken;
        }

        if (watched is not null && (onApplicationThread || Inline))
        {
            CancelEndedToken((watched, _logger, CallId));
        }
        else if (watched is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => CancelEndedToken(state), (watched, _logger, CallId), preferLocal: false);
        }
    }
}

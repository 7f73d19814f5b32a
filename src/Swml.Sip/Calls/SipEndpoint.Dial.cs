using Microsoft.Extensions.Logging;
using Swml.Sip.Auth;
using Swml.Sip.Dialogs;
using Swml.Sip.Message;
using Swml.Sip.Sdp;
using Swml.Sip.Transactions;
using Swml.Sip.Transport;

namespace Swml.Sip.Calls;

public sealed partial class SipEndpoint
{
    /// <summary>
    /// Places a call (RFC 3261 §13.2): an INVITE with an SDP offer, answering digest challenges,
    /// CANCELled when not answered in time; on a 2xx, the ACK and the established call.
    /// Throws <see cref="SipCallFailedException"/> with the final status when the call fails.
    /// </summary>
    public async Task<SipCall> DialAsync(string target, DialOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DialOptions();
        if (!SipUri.TryParse(target, out var targetUri) || targetUri is null)
        {
            throw new ArgumentException($"'{target}' is not a sip: or sips: URI.", nameof(target));
        }

        var protocol = options.Transport ?? NextHop.ProtocolOf(targetUri);
        if (targetUri.IsSecure && protocol != TransportProtocol.Tls)
        {
            throw new ArgumentException($"{targetUri} is a sips: URI, reached over TLS only, not over {protocol}.", nameof(target));
        }

        var proxy = options.OutboundProxy is { } outbound ? SipUri.Parse(outbound) : null;
        var hop = proxy ?? targetUri;
        hop = NextHop.WithTransport(hop, protocol);
        var destination = await NextHop.ResolveAsync(hop, EndPoint.AddressFamily, cancellationToken).ConfigureAwait(false);

        var callId = SipIdentifiers.NewCallId(SipHost.Format(AdvertisedEndPoint.Address));
        var from = new NameAddress(Uri, Options.DisplayName).WithTag(SipIdentifiers.NewTag());
        var to = new NameAddress(targetUri.WithoutHeaders());
        var media = NewCallMedia();
        var offer = media.Offer();
        var authenticator = options.Username is { } user && options.Password is { } password
            ? new DigestAuthenticator(new[] { new DigestCredentials(user, password) })
            : null;
        var route = proxy is null ? null : "<" + proxy.WithParameter("lr") + ">";
        uint cseq = 0;
        var sessionSeconds = (uint)Options.SessionExpires.TotalSeconds;
        var minSessionSeconds = (uint)MinSessionSeconds;

        SipRequest Build(uint number, IReadOnlyList<AuthorizationHeader> authorization)
        {
            var builder = new SipRequestBuilder(SipMethods.Invite, targetUri.WithoutHeaders())
                .Via(Transactions.CreateVia(protocol))
                .From(from)
                .To(to)
                .CallId(callId)
                .CSeq(number)
                .MaxForwards(70)
                .Contact(Contact(protocol))
                .Header(HeaderNames.Allow, Allow)
                .Header(HeaderNames.UserAgent, Options.UserAgent);
            if (Supported.Length > 0)
            {
                builder.Header(HeaderNames.Supported, Supported);
            }

            if (SessionTimersOn)
            {
                // RFC 4028 §7.1: the interval we want; the UAS names the refresher.
                builder.Header(HeaderNames.SessionExpires, Invariant(sessionSeconds));
                builder.Header(SessionExpires.MinSE, Invariant(minSessionSeconds));
            }

            if (route is not null)
            {
                builder.Header(HeaderNames.Route, route);
            }

            foreach (var (name, value) in RequestSender.With(options.Headers, authorization))
            {
                builder.Header(name, value);
            }

            return builder.Body(offer.ToUtf8(), "application/sdp").Build();
        }

        // Unanswered in time, or abandoned: CANCEL the INVITE last sent (§9.1); the INVITE then ends with 487.
        SipRequest? current = null;
        using var timeout = new CancellationTokenSource(options.AnswerTimeout, Options.Time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var cancelSent = 0;
        void CancelInvite()
        {
            if (current is { } invite && Interlocked.Exchange(ref cancelSent, 1) == 0)
            {
                _ = SendCancelAsync(invite, destination);
            }
        }

        using var cancelOnDeadline = deadline.Token.Register(CancelInvite);

        async Task<(Transactions.ClientTransactionResult Result, SipRequest Request, string? AuthFailure)> SendInviteAsync() =>
            await RequestSender.SendAsync(
                Transactions,
                Build,
                () => ++cseq,
                destination,
                authenticator,
                SipMethods.Invite,
                targetUri.WithoutHeaders().ToString(),
                provisional: r =>
                {
                    TakeEarlyAnswer(media, r);
                    ReportProvisional(options, callId, r);
                },
                sending: request => current = request,
                CancellationToken.None).ThenOnApplicationThread(Options.UnsafePreferInlineScheduling).ConfigureAwait(false);

        var sending = SendInviteAsync();
        (Transactions.ClientTransactionResult Result, SipRequest Request, string? AuthFailure) sent;
        try
        {
            sent = await sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The CANCEL goes now (the deadline's registration may not have run yet, and is about to
            // be disposed); the caller does not wait for the INVITE to end. A 2xx that crosses the
            // CANCEL still makes a call, which no one holds: it is acknowledged and hung up.
            CancelInvite();
            _ = HangUpAbandonedAsync(sending, Establish, media);
            throw;
        }

        if (SessionTimersOn && sent.Result.Response is { StatusCode: 422 } tooSmall && SessionExpires.ReadMinSE(tooSmall) is { } theirMin && theirMin > sessionSeconds)
        {
            // RFC 4028 §7.4: once more, with the interval the UAS can take (same Call-ID, next CSeq).
            Logger.LogInformation("INVITE {CallId}: 422, retrying with a session interval of {Seconds} s", callId, theirMin);
            sessionSeconds = (uint)theirMin;
            minSessionSeconds = Math.Max(minSessionSeconds, (uint)theirMin);
            sent = await SendInviteAsync().ConfigureAwait(false);
        }

        var response = sent.Result.Response;
        if (response is not { IsSuccess: true })
        {
            var status = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && response?.StatusCode == 487 ? 408 : sent.Result.StatusCode;
            media.Close();
            throw new SipCallFailedException(status, sent.AuthFailure ?? response?.ReasonPhrase ?? sent.Result.Detail ?? "no response");
        }

        var call = await Establish(sent.Request, response).ConfigureAwait(false);
        Logger.LogInformation("Call {CallId} to {Target} established", callId, targetUri);
        return call;

        // The 2xx made a dialog: the call, registered, with the answer taken and the ACK sent.
        async Task<SipCall> Establish(SipRequest invite, SipResponse success)
        {
            var dialog = Dialog.ForUac(invite, success);
            if (!SessionDescription.TryParse(success.Body.Span, out var answer, out var error) || !media.TryTakeAnswer(answer, out error))
            {
                Logger.LogWarning("The answer to our offer on {CallId} is unusable ({Error}): the call has no audio", dialog.CallId, error);
            }

            var established = new SipCall(this, dialog, protocol, media, authenticator) { Connection = destination };
            if (SessionTimersOn && SessionExpires.Read(success) is { } session)
            {
                established.StartSessionTimer(session, weAreUac: true, success);
            }

            Register(established, answering: null);
            await SendAckAsync(established, invite).ConfigureAwait(false);
            return established;
        }
    }

    /// <summary>An INVITE whose caller gave up: if a 2xx still comes, the call it makes is acknowledged and ended with a BYE (§15).</summary>
    private async Task HangUpAbandonedAsync(
        Task<(Transactions.ClientTransactionResult Result, SipRequest Request, string? AuthFailure)> sending,
        Func<SipRequest, SipResponse, Task<SipCall>> establish,
        CallMedia media)
    {
        try
        {
            var sent = await sending.ConfigureAwait(false);
            if (sent.Result.Response is { IsSuccess: true } success)
            {
                Logger.LogInformation("INVITE {CallId} was answered after its caller gave up: hanging up", sent.Request.CallId);
                var call = await establish(sent.Request, success).ConfigureAwait(false);
                await call.HangupAsync().ConfigureAwait(false);
            }
            else
            {
                // No call came of it: the RTP port it held is free again.
                media.Close();
            }
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Ending an INVITE whose caller gave up failed");
        }
    }

    /// <summary>
    /// An SDP answer in a provisional response (a 183 for early media, RFC 3261 §13.2.1): taken at
    /// once, so the callee's early audio is followed (and measured) before the 2xx, which repeats it.
    /// </summary>
    private void TakeEarlyAnswer(CallMedia media, SipResponse response)
    {
        if (response.StatusCode > 100 && !response.Body.IsEmpty && SessionDescription.TryParse(response.Body.Span, out var answer, out _))
        {
            media.TryTakeAnswer(answer, out _);
        }
    }

    /// <summary>A provisional response to our INVITE, shown to the application; its handler failing must not fail the INVITE.</summary>
    private void ReportProvisional(DialOptions options, string callId, SipResponse response)
    {
        Logger.LogDebug("INVITE {CallId}: {Status}", callId, response.StatusCode);
        try
        {
            options.Provisional?.Report(response);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "The provisional-response handler of call {CallId} failed", callId);
        }
    }

    /// <summary>The ACK for our INVITE's 2xx: its own transaction-less request with the INVITE's CSeq number (§13.2.2.4).</summary>
    internal async Task SendAckAsync(SipCall call, SipRequest invite)
    {
        var hop = call.Dialog.NextHopUri();
        hop = hop.Transport is null ? NextHop.WithTransport(hop, call.Protocol) : hop;

        var destination = await NextHop.ResolveAsync(hop, EndPoint.AddressFamily, CancellationToken.None).ConfigureAwait(false);
        var ack = call.Dialog.CreateRequest(SipMethods.Ack, invite.CSeq.Number, Transactions.CreateVia(destination.Protocol), Contact(destination.Protocol));
        RememberAck(call.CallId, ack, destination);
        await Transactions.SendStatelessAsync(ack, destination).ConfigureAwait(false);
    }

    /// <summary>A CANCEL matching an INVITE: same Request-URI, Call-ID, From, To, Via and Route, CSeq number with CANCEL (§9.1).</summary>
    private async Task SendCancelAsync(SipRequest invite, TransportEndPoint destination)
    {
        var headers = SipHeaders.Create(
            (HeaderNames.Via, invite.TopVia.ToString()),
            (HeaderNames.From, invite.Headers.GetFirst(HeaderNames.From)!),
            (HeaderNames.To, invite.Headers.GetFirst(HeaderNames.To)!),
            (HeaderNames.CallId, invite.CallId),
            (HeaderNames.CSeq, new CSeqHeader(invite.CSeq.Number, SipMethods.Cancel).ToString()),
            (HeaderNames.MaxForwards, "70"));
        foreach (var route in invite.Headers.GetAll(HeaderNames.Route))
        {
            headers = headers.Add(HeaderNames.Route, route);
        }

        var cancel = SipRequest.Create(SipMethods.Cancel, invite.RequestUri, headers);
        Transactions.OnCancelSent(invite);
        var result = await Transactions.SendRequestAsync(cancel, destination).ConfigureAwait(false);
        Logger.LogInformation("CANCEL {CallId}: {Status}", invite.CallId, result.StatusCode);
    }
}

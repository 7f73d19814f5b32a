using System.Globalization;
using Microsoft.Extensions.Logging;
using Swml.Sip.Message;
using Swml.Sip.Sdp;
using Swml.Sip.Transactions;

namespace Swml.Sip.Calls;

// Session changes from the peer: re-INVITE (RFC 3261 §14) and UPDATE (RFC 3311) offers, answered
// against the call's media (RFC 3264 §8). Transferees often hold the call by re-INVITE just before
// they take a REFER, so this is on the transfer's path.
public sealed partial class SipCall
{
    private readonly CallMedia _media;

    // The 2xx of the last re-INVITE, resent until its ACK; null once acknowledged.
    private OkResender? _reinviteOk;

    // Whether that 2xx carried our offer, whose answer comes in the ACK.
    private bool _offerInReinviteOk;

    /// <summary>
    /// Raised when a re-INVITE or UPDATE changed the agreed audio: a hold or its end, a new address,
    /// port or codec. On the thread pool (inline with <see cref="SipEndpointOptions.UnsafePreferInlineScheduling"/>),
    /// with the new <see cref="Audio"/>.
    /// </summary>
    public event EventHandler<NegotiatedAudio>? AudioChanged;

    /// <summary>Whether the 2xx of a re-INVITE still waits for its ACK (for tests: a strict peer wants the ACK before our next request).</summary>
    internal bool AwaitsReinviteAck
    {
        get
        {
            lock (_gate)
            {
                return _reinviteOk is not null;
            }
        }
    }

    /// <summary>Our description (the last offer or answer we sent).</summary>
    internal SessionDescription? LocalSdp
    {
        get
        {
            lock (_gate)
            {
                return _media.Local;
            }
        }
    }

    /// <summary>The answer to the offer of our INVITE's 2xx, which came in the ACK (§13.3.1).</summary>
    internal void OnAnswerInAck(SipRequest ack)
    {
        lock (_gate)
        {
            TakeAnswerLocked(ack);
        }
    }

    /// <summary>
    /// A re-INVITE: answered 200 with our answer to its offer (a hold offer, sendonly, gets recvonly),
    /// or with our offer when it has none, the answer then coming in the ACK. An offer we cannot take
    /// gets 488 and leaves the session as it was (§14.2). The 200 is resent until the ACK.
    /// </summary>
    private async Task OnReinviteAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        SipResponse response;
        NegotiatedAudio? changed = null;
        OkResender? resender = null;
        lock (_gate)
        {
            if (_reinviteOk is not null)
            {
                // §14.2: an INVITE while the last one's offer/answer is not done; the peer tries again.
                response = WithRetryAfter(SipResponse.CreateFor(request, 500, "Server Internal Error"));
            }
            else if (Refusal(request, out var body) is { } refusal)
            {
                response = refusal;
            }
            else if (TooShortARefresh(request) is { } tooShort)
            {
                response = tooShort;
            }
            else
            {
                if (request.Contacts.Count > 0)
                {
                    Dialog.UpdateRemoteTarget(request.Contacts[0].Uri);
                }

                var before = _media.Audio;
                SessionDescription? local;
                if (body.Offer is { } offer)
                {
                    var answer = _media.Answer(offer);
                    local = answer.IsAccepted ? answer.Description : null;
                    response = local is null
                        ? NotAcceptable(request, answer.RejectionReason)
                        : WithContact(SipResponse.CreateFor(request, 200, "OK")).WithBody(local.ToUtf8(), "application/sdp");
                    changed = answer.IsAccepted && !Equals(before, _media.Audio) ? _media.Audio : null;
                }
                else
                {
                    // §14.2 / RFC 3264 §8: an INVITE without an offer gets ours, the answer in the ACK.
                    local = _media.Offer();
                    response = WithContact(SipResponse.CreateFor(request, 200, "OK")).WithBody(local.ToUtf8(), "application/sdp");
                    _offerInReinviteOk = true;
                }

                if (response.IsSuccess)
                {
                    response = OnPeerRefresh(request) is { } agreed ? agreed.AddTo(response, request) : response;
                    resender = _reinviteOk = new OkResender(_endpoint, response, transaction, NoAckForReinvite);
                }
            }
        }

        await transaction.RespondAsync(response).ConfigureAwait(false);
        resender?.Start();
        if (changed is not null)
        {
            RaiseAudioChanged(changed);
        }
    }

    /// <summary>
    /// An UPDATE (RFC 3311): an offer in it gets our answer in the 200; one we cannot take gets 488
    /// and changes nothing. While our own offer waits for its answer in an ACK, 491 (§5.2).
    /// </summary>
    private async Task OnUpdateAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        SipResponse response;
        NegotiatedAudio? changed = null;
        lock (_gate)
        {
            if (request.Contacts.Count > 0)
            {
                Dialog.UpdateRemoteTarget(request.Contacts[0].Uri);
            }

            if (TooShortARefresh(request) is { } tooShort)
            {
                response = tooShort;
            }
            else if (request.Body.Length == 0)
            {
                response = WithContact(SipResponse.CreateFor(request, 200, "OK"));
            }
            else if (_offerInReinviteOk)
            {
                response = SipResponse.CreateFor(request, 491, "Request Pending");
            }
            else if (Refusal(request, out var body) is { } refusal)
            {
                response = refusal;
            }
            else
            {
                var before = _media.Audio;
                var answer = _media.Answer(body.Offer!);
                response = answer.IsAccepted
                    ? WithContact(SipResponse.CreateFor(request, 200, "OK")).WithBody(answer.Description.ToUtf8(), "application/sdp")
                    : NotAcceptable(request, answer.RejectionReason);
                changed = answer.IsAccepted && !Equals(before, _media.Audio) ? _media.Audio : null;
            }
        }

        if (response.IsSuccess)
        {
            response = OnPeerRefresh(request) is { } agreed ? agreed.AddTo(response, request) : response;
        }

        await transaction.RespondAsync(response).ConfigureAwait(false);
        if (changed is not null)
        {
            RaiseAudioChanged(changed);
        }
    }

    /// <summary>The ACK of a re-INVITE's 2xx: stops its resending, and carries the answer when the 2xx had our offer.</summary>
    internal void OnAck(SipRequest ack)
    {
        NegotiatedAudio? changed = null;
        lock (_gate)
        {
            if (_reinviteOk is not { } resender || resender.CSeq != ack.CSeq.Number)
            {
                return;
            }

            resender.Stop();
            _reinviteOk = null;
            if (_offerInReinviteOk)
            {
                _offerInReinviteOk = false;
                var before = _media.Audio;
                TakeAnswerLocked(ack);
                changed = Equals(before, _media.Audio) ? null : _media.Audio;
            }
        }

        if (changed is not null)
        {
            RaiseAudioChanged(changed);
        }
    }

    private void TakeAnswerLocked(SipRequest ack)
    {
        if (!SessionDescription.TryParse(ack.Body.Span, out var answer, out var error) || !_media.TryTakeAnswer(answer, out error))
        {
            _logger.LogWarning("The ACK on {CallId} has no usable answer to our offer ({Error}); the audio stays as it was", CallId, error);
        }
    }

    /// <summary>§13.3.1.4: no ACK for a re-INVITE's 2xx in 64*T1, so the session ends with a BYE.</summary>
    private void NoAckForReinvite(OkResender resender)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_reinviteOk, resender))
            {
                return;
            }

            _reinviteOk = null;
            _offerInReinviteOk = false;
        }

        _logger.LogWarning("No ACK for our 200 OK to the re-INVITE on {CallId} in {Seconds} s; hanging up", CallId, _endpoint.Options.Timers.Timeout.TotalSeconds);
        _ = HangupAsync();
    }

    /// <summary>A body we cannot use as an offer (415, 488), as for a first INVITE; null when it can be read.</summary>
    private SipResponse? Refusal(SipRequest request, out InviteBody body)
    {
        body = InviteBody.Read(request);
        if (!body.IsRefused)
        {
            return null;
        }

        _logger.LogWarning("{Method} on {CallId} refused with {Status}: {Why}", request.Method, CallId, body.RefusalStatus, body.Why);
        return body.Refuse(request, SipHost.Format(_endpoint.AdvertisedEndPoint.Address), toTag: null);
    }

    private SipResponse NotAcceptable(SipRequest request, string? why)
    {
        _logger.LogWarning("{Method} on {CallId}: offer refused with 488 ({Why}); the session stays as it was", request.Method, CallId, why);
        var response = SipResponse.CreateFor(request, 488, "Not Acceptable Here");

        // 304: media type not available (§20.43).
        return response.WithHeaders(response.Headers.Add("Warning", InviteBody.WarningValue(304, SipHost.Format(_endpoint.AdvertisedEndPoint.Address), why ?? "no common codec")));
    }

    // §14.2: a random 0-10 s, so two UAs retrying do not collide again.
    private static SipResponse WithRetryAfter(SipResponse response) =>
        response.WithHeaders(response.Headers.Add("Retry-After", Random.Shared.Next(0, 11).ToString(CultureInfo.InvariantCulture)));

    private void RaiseAudioChanged(NegotiatedAudio audio)
    {
        _logger.LogInformation("Audio on {CallId} now {Codec} to {Address}:{Port}, {Direction}", CallId, audio.Codec.Name, audio.RemoteAddress, audio.RemotePort, audio.LocalDirection.ToAttributeName());
        if (AudioChanged is not { } handlers)
        {
            return;
        }

        if (Inline)
        {
            Raise((handlers, this, audio));
            return;
        }

        // Application code: on the pool, never on the thread that read the message.
        ThreadPool.UnsafeQueueUserWorkItem(static state => Raise(state), (handlers, this, audio), preferLocal: false);

        static void Raise((EventHandler<NegotiatedAudio> Handlers, SipCall Call, NegotiatedAudio Audio) state)
        {
            try
            {
                state.Handlers(state.Call, state.Audio);
            }
            catch (Exception ex)
            {
                state.Call._logger.LogError(ex, "An AudioChanged handler of call {CallId} failed", state.Call.CallId);
            }
        }
    }
}

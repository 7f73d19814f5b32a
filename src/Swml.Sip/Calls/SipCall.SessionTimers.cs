using Microsoft.Extensions.Logging;
using Swml.Sip.Message;
using Swml.Sip.Sdp;

namespace Swml.Sip.Calls;

// RFC 4028 session timers: the refresher re-INVITEs or UPDATEs within the interval; a session the
// peer stopped refreshing is ended with a BYE, so a far end that vanished is not kept forever.
public sealed partial class SipCall
{
    private SessionTimer? _sessionTimer;
    private bool _peerAllowsUpdate;

    /// <summary>The session interval agreed (RFC 4028), or null when the call runs no session timer.</summary>
    public TimeSpan? SessionInterval => Volatile.Read(ref _sessionTimer)?.Interval;

    /// <summary>Whether we are the refresher of the session timer (false when the peer is, or there is none).</summary>
    public bool RefreshesSession => Volatile.Read(ref _sessionTimer)?.WeRefresh ?? false;

    /// <summary>
    /// What our 2xx to an INVITE says of the session timer (RFC 4028 §9), or null for none: the
    /// interval asked for, lowered to ours, raised to our Min-SE for a UAC that cannot take a 422;
    /// the refresher asked for, else the UAC when it supports timers, else us.
    /// </summary>
    internal static SessionExpires? Answer(SipEndpoint endpoint, SipRequest invite)
    {
        if (!endpoint.SessionTimersOn)
        {
            return null;
        }

        var asked = SessionExpires.Read(invite);
        var supported = SessionExpires.IsSupportedBy(invite);
        var ours = (int)endpoint.Options.SessionExpires.TotalSeconds;
        var seconds = Math.Max(Math.Min(asked?.Seconds ?? ours, ours), endpoint.MinSessionSeconds);
        var refresher = asked?.Refresher is Refresher.Uac or Refresher.Uas && supported ? asked.Value.Refresher
            : supported ? Refresher.Uac
            : Refresher.Uas;
        return new SessionExpires(seconds, refresher);
    }

    /// <summary>
    /// Starts the timer the INVITE transaction agreed on. <paramref name="weAreUac"/>: we sent the
    /// INVITE, so refresher=uac means us.
    /// </summary>
    internal void StartSessionTimer(SessionExpires agreed, bool weAreUac, SipMessage peerMessage)
    {
        _peerAllowsUpdate = peerMessage.Headers.GetValues(HeaderNames.Allow).Any(m => m.Equals(SipMethods.Update, StringComparison.OrdinalIgnoreCase));
        var timer = new SessionTimer(_endpoint.Transactions.Scheduler, () => _ = RefreshSessionAsync(), () => _ = ExpireSessionAsync());
        Volatile.Write(ref _sessionTimer, timer);
        timer.Restart(agreed.Interval, WeRefresh(agreed.Refresher, weAreUac));
        if (IsEnded)
        {
            timer.Stop();
        }
    }

    /// <summary>
    /// A re-INVITE or UPDATE of the peer, about to be answered 2xx, refreshes the session: returns
    /// the Session-Expires the 2xx carries (null when the call runs no timer and the request asks none).
    /// </summary>
    private SessionExpires? OnPeerRefresh(SipRequest request)
    {
        if (!_endpoint.SessionTimersOn)
        {
            return null;
        }

        var asked = SessionExpires.Read(request);
        var timer = Volatile.Read(ref _sessionTimer);
        if (timer is null && asked is null)
        {
            return null;
        }

        var seconds = Math.Max(asked?.Seconds ?? (int)timer!.Interval.TotalSeconds, _endpoint.MinSessionSeconds);
        var agreed = new SessionExpires(seconds, asked?.Refresher is Refresher.Uas ? Refresher.Uas : Refresher.Uac);
        if (timer is null)
        {
            StartSessionTimer(agreed, weAreUac: false, request);
        }
        else
        {
            timer.Restart(agreed.Interval, WeRefresh(agreed.Refresher, weAreUac: false));
        }

        return agreed;
    }

    /// <summary>A refresh of the peer asking for less than our Min-SE: 422 with ours (RFC 4028 §8.1); null when it is fine.</summary>
    private SipResponse? TooShortARefresh(SipRequest request) =>
        _endpoint.SessionTimersOn ? SessionExpires.TooSmall(request, _endpoint.MinSessionSeconds, toTag: null) : null;

    /// <summary>Our refresh (RFC 4028 §7.4): an UPDATE when the peer takes them, else a re-INVITE with our description.</summary>
    private void Restart(SessionTimer timer, SipResponse response, TimeSpan interval)
    {
        var agreed = SessionExpires.Read(response);
        timer.Restart(agreed?.Interval ?? interval, WeRefresh(agreed?.Refresher ?? Refresher.Uac, weAreUac: true));
        _logger.LogDebug("Session of {CallId} refreshed for {Seconds} s", CallId, (agreed?.Interval ?? interval).TotalSeconds);
    }

    private async Task RefreshSessionAsync()
    {
        var timer = Volatile.Read(ref _sessionTimer);
        if (IsEnded || timer is null)
        {
            return;
        }

        var interval = timer.Interval;
        var headers = new[]
        {
            (HeaderNames.SessionExpires, new SessionExpires((int)interval.TotalSeconds, Refresher.Uac).ToString()),
            (SessionExpires.MinSE, SipEndpoint.Invariant((uint)_endpoint.MinSessionSeconds)),
            (HeaderNames.Supported, _endpoint.Supported),
        };
        try
        {
            SipResponse? response;
            var byUpdate = _peerAllowsUpdate;
            if (byUpdate)
            {
                response = (await SendInDialogAsync(SipMethods.Update, headers, null, CancellationToken.None).ConfigureAwait(false)).Result.Response;
            }
            else
            {
                var local = LocalSdp;
                var sent = await SendInDialogAsync(SipMethods.Invite, headers, null, CancellationToken.None, body: local?.ToUtf8() ?? default, contentType: local is null ? null : "application/sdp").ConfigureAwait(false);
                response = sent.Result.Response;
                if (response is { IsSuccess: true })
                {
                    // The session is refreshed by the 2xx (RFC 4028 §10), before the ACK leaves.
                    Restart(timer, response, interval);
                    await _endpoint.SendAckAsync(this, sent.Request).ConfigureAwait(false);
                    if (SessionDescription.TryParse(response.Body.Span, out var answer, out _))
                    {
                        lock (_gate)
                        {
                            _media.TryTakeAnswer(answer, out _);
                        }
                    }
                }
            }

            if (response is { IsSuccess: true })
            {
                if (byUpdate)
                {
                    Restart(timer, response, interval);
                }

                return;
            }

            if (IsEnded)
            {
                return; // a 481 or 408: the dialog is gone, and the call ended with it
            }

            _logger.LogWarning("Refreshing the session of {CallId} failed ({Status}); it ends when its interval does", CallId, response?.StatusCode);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            _logger.LogWarning(ex, "Refreshing the session of {CallId} failed; it ends when its interval does", CallId);
        }

        timer.ExpireAt(SessionTimer.ExpiryAfter(interval) - (interval / 2));
    }

    private async Task ExpireSessionAsync()
    {
        if (IsEnded)
        {
            return;
        }

        _logger.LogWarning("The session of {CallId} expired: no refresh within {Seconds} s; hanging up", CallId, Volatile.Read(ref _sessionTimer)?.Interval.TotalSeconds);
        try
        {
            await EndWithByeAsync(CallEndReason.SessionExpired, CallEndReason.SessionExpired, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "The BYE ending the expired session of {CallId} failed", CallId);
        }
    }

    private static bool WeRefresh(Refresher refresher, bool weAreUac) =>
        refresher switch
        {
            Refresher.Uac => weAreUac,
            Refresher.Uas => !weAreUac,
            _ => weAreUac,
        };
}

using Swml.Sip.Events;
using Swml.Sip.Message;

namespace Swml.Sip.Calls;

// The common case of a REFER: call its target and report that call in the NOTIFYs.
public sealed partial class IncomingRefer
{
    /// <summary>
    /// The common case: accepts the REFER (if not yet), calls the Refer-To target from this call's
    /// endpoint with <paramref name="options"/> and the Referred-By header (RFC 3892 §4), and
    /// reports the call through the NOTIFYs: each new provisional status (180, 183...) as progress,
    /// then 200 OK or the failure's status as the final one. A tel: target cannot be dialled here and
    /// ends with 416; map it to a SIP URI and use <see cref="FollowAsync(Task{SipCall}, CancellationToken)"/>.
    /// Hanging up the original call is left to the application (RFC 5589 lets the referrer do it).
    /// </summary>
    public async Task<ReferFollowResult> FollowAsync(DialOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!await EnsureAcceptedAsync().ConfigureAwait(false))
        {
            return new ReferFollowResult(null, null, NoSubscription());
        }

        if (ReferTo is not SipUri target)
        {
            var unsupported = await CompleteAsync(416, "Unsupported URI Scheme", CancellationToken.None).ConfigureAwait(false);
            return new ReferFollowResult(null, 416, unsupported);
        }

        options ??= new DialOptions();
        var referredBy = ReferredBy is not null && !options.Headers.Any(h => HeaderNames.Matches(h.Name, HeaderNames.ReferredBy))
            ? new[] { (HeaderNames.ReferredBy, Request.Headers.GetFirst(HeaderNames.ReferredBy)!) }
            : [];
        var dialOptions = options.With(new ProgressNotifier(this), referredBy);
        return await FollowAsync(Call.Endpoint.DialAsync(target.ToString(), dialOptions, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Accepts the REFER (if not yet) and reports a call the application places itself (to a target
    /// it mapped from tel:, say): 200 OK when <paramref name="dialing"/> gives the call, the status of a
    /// <see cref="SipCallFailedException"/>, 487 when it is cancelled, 503 for any other failure,
    /// which is then rethrown. Its provisional statuses are the application's to report with
    /// <see cref="NotifyAsync"/>.
    /// </summary>
    public async Task<ReferFollowResult> FollowAsync(Task<SipCall> dialing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dialing);
        if (!await EnsureAcceptedAsync().ConfigureAwait(false))
        {
            return new ReferFollowResult(null, null, NoSubscription());
        }

        SipCall call;
        try
        {
            call = await dialing.ConfigureAwait(false);
        }
        catch (SipCallFailedException failed)
        {
            var status = failed.StatusCode is >= 200 and <= 699 ? failed.StatusCode : 500;
            var notified = await CompleteAsync(status, SipStatus.GetReasonPhrase(status), cancellationToken).ConfigureAwait(false);
            return new ReferFollowResult(null, status, notified);
        }
        catch (OperationCanceledException)
        {
            await CompleteAsync(487, "Request Terminated", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception)
        {
            await CompleteAsync(503, "Service Unavailable", CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var completed = await CompleteAsync(200, "OK", cancellationToken).ConfigureAwait(false);
        return new ReferFollowResult(call, 200, completed);
    }

    private async Task<bool> EnsureAcceptedAsync()
    {
        lock (_gate)
        {
            if (_accepted)
            {
                return true;
            }
        }

        return await AcceptAsync().ConfigureAwait(false);
    }

    /// <summary>The dialled call's provisional responses, each new status once, as NOTIFYs; queued from the thread that read them, sent from the pool.</summary>
    private sealed class ProgressNotifier(IncomingRefer refer) : IProgress<SipResponse>
    {
        private readonly HashSet<int> _seen = new();

        public void Report(SipResponse value)
        {
            if (value.StatusCode <= 100)
            {
                return;
            }

            lock (_seen)
            {
                if (!_seen.Add(value.StatusCode))
                {
                    return;
                }
            }

            _ = refer.NotifyAsync(value.StatusCode, value.ReasonPhrase);
        }
    }
}

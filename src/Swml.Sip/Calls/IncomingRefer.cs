using Microsoft.Extensions.Logging;
using Swml.Sip.Events;
using Swml.Sip.Message;
using Swml.Sip.Transactions;

namespace Swml.Sip.Calls;

/// <summary>
/// A REFER received in a call (RFC 3515), already checked: one Refer-To with a sip:, sips: or tel:
/// URI. The application answers it once: <see cref="AcceptAsync"/> (202, then the subscription's
/// NOTIFYs) or <see cref="RejectAsync"/>; left unanswered for
/// <see cref="SipEndpointOptions.ReferAnswerTimeout"/>, the stack answers 603 Decline, and a call
/// that ends first answers it 487 (RFC 3261 §15.1.2). Once accepted, <see cref="NotifyAsync"/>
/// reports the referred call's progress and <see cref="CompleteAsync"/> its final status; or
/// <see cref="FollowAsync(DialOptions?, CancellationToken)"/> does all of it. Refer-Sub: false is
/// honoured (RFC 4488 §4): the 202 echoes it and no NOTIFY is sent. The subscription outlives the
/// call (RFC 5057 §5.3: a BYE ends only the INVITE usage), until its final NOTIFY, a NOTIFY that
/// fails, or its expiry. Every task it returns continues on the thread pool (inline with
/// <see cref="SipEndpointOptions.UnsafePreferInlineScheduling"/>).
/// </summary>
public sealed partial class IncomingRefer
{
    private readonly object _gate = new();
    private readonly ServerTransaction _transaction;
    private readonly ReceivedRefer _refer;
    private readonly ILogger _logger;
    private ReferNotifier? _notifier;
    private ScheduledTimer? _answerTimer;
    private Answer _answer;
    private bool _accepted;

    internal IncomingRefer(SipCall call, ServerTransaction transaction, ReceivedRefer refer)
    {
        Call = call;
        _transaction = transaction;
        _refer = refer;
        _logger = call.Endpoint.Logger;
    }

    /// <summary>The call the REFER came in.</summary>
    public SipCall Call { get; }

    /// <summary>The REFER as received.</summary>
    public SipRequest Request => _transaction.Request;

    /// <summary>The REFER's CSeq number: the id in the Event header of its NOTIFYs (RFC 3515 §2.4.6).</summary>
    public uint Id => Request.CSeq.Number;

    /// <summary>The Refer-To URI (RFC 3515 §2.1): a <see cref="SipUri"/> or a <see cref="TelUri"/>, with any embedded headers (Replaces...) kept.</summary>
    public AddressUri ReferTo => _refer.ReferTo.Uri;

    /// <summary>The Refer-To header value as received.</summary>
    public string ReferToText => _refer.ReferToText;

    /// <summary>The Referred-By, when the REFER had one (RFC 3892); <see cref="FollowAsync(DialOptions?, CancellationToken)"/> copies it into its INVITE.</summary>
    public NameAddress? ReferredBy => _refer.ReferredBy;

    /// <summary>Whether the REFER carried Refer-Sub: false (RFC 4488): we honour it, so accepting it sends no NOTIFY.</summary>
    public bool DeclinesSubscription => _refer.DeclinesSubscription;

    /// <summary>The final response the REFER got (202, a rejection, 603 when unanswered in time, 487 when the call ended), or null while it waits.</summary>
    public int? ResponseCode => _transaction.IsAnswered ? _transaction.LastResponse?.StatusCode : null;

    /// <summary>
    /// Accepts the REFER (RFC 3515 §2.4.2): 202 Accepted, then, unless Refer-Sub: false, the first
    /// NOTIFY, <c>SIP/2.0 100 Trying</c> with Subscription-State active (§2.4.4), which goes out
    /// without waiting for its answer so the referred call can be placed at once. False when the
    /// stack had already answered the REFER (unanswered in time, or the call ended).
    /// </summary>
    /// <exception cref="InvalidOperationException">The application already answered it.</exception>
    public async Task<bool> AcceptAsync()
    {
        // The first NOTIFY is queued at once, so none the application asks for can go before it;
        // it leaves once the 202 is out.
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!TakeAnswerLocked())
            {
                return false;
            }

            _accepted = true;
            if (!DeclinesSubscription)
            {
                var endpoint = Call.Endpoint;
                _notifier = new ReferNotifier(Id, SendNotifyAsync, endpoint.Transactions.Scheduler, endpoint.Options.ReferSubscriptionDuration, _logger);
                _ = _notifier.StartAsync(sent.Task);
            }
        }

        var accepted = Call.WithContact(SipResponse.CreateFor(Request, 202, "Accepted"));
        var headers = accepted.Headers.Add(HeaderNames.Supported, ReceivedRefer.NoReferSub);
        if (DeclinesSubscription)
        {
            headers = headers.Add(HeaderNames.ReferSub, "false");
        }

        try
        {
            await _transaction.RespondAsync(accepted.WithHeaders(headers)).ConfigureAwait(false);
        }
        finally
        {
            sent.SetResult();
        }

        _logger.LogInformation("REFER on {CallId} to {ReferTo} accepted{NoSubscription}", Call.CallId, ReferToText, DeclinesSubscription ? " (Refer-Sub: false)" : string.Empty);
        return true;
    }

    /// <summary>
    /// Rejects the REFER with a final 4xx-6xx response (403 Forbidden, 603 Decline...); no
    /// subscription is made (RFC 3515 §2.4.2). False when the stack had already answered it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The application already answered it.</exception>
    public async Task<bool> RejectAsync(int statusCode, string reasonPhrase)
    {
        CheckStatus(statusCode, 400, 699, reasonPhrase);
        lock (_gate)
        {
            if (!TakeAnswerLocked())
            {
                return false;
            }
        }

        await _transaction.RespondAsync(SipResponse.CreateFor(Request, statusCode, reasonPhrase)).ConfigureAwait(false);
        _logger.LogInformation("REFER on {CallId} to {ReferTo} rejected: {Status}", Call.CallId, ReferToText, statusCode);
        return true;
    }

    /// <summary>
    /// Reports a provisional status (100-199, e.g. 180 Ringing) of the referred request in a NOTIFY
    /// with Subscription-State active (RFC 3515 §2.4.5). NOTIFYs go one at a time, in the order
    /// asked; the result says whether the referrer took it, and a failed one ends the subscription.
    /// Cancelling stops the wait, and the NOTIFY too if its turn has not come.
    /// </summary>
    /// <exception cref="InvalidOperationException">The REFER is not answered yet.</exception>
    public Task<ReferNotifyResult> NotifyAsync(int statusCode, string reasonPhrase, CancellationToken cancellationToken = default)
    {
        CheckStatus(statusCode, 100, 199, reasonPhrase);
        return Notifier() is { } notifier
            ? notifier.NotifyAsync(statusCode, reasonPhrase, cancellationToken).WaitAsync(cancellationToken).ThenOnApplicationThread(Call.Endpoint.Options.UnsafePreferInlineScheduling)
            : Task.FromResult(NoSubscription());
    }

    /// <summary>
    /// Reports the referred request's final status (200-699) in the last NOTIFY, with
    /// Subscription-State terminated;reason=noresource (RFC 3515 §2.4.7). Once asked it is always
    /// sent in its turn; cancelling stops only the wait.
    /// </summary>
    /// <exception cref="InvalidOperationException">The REFER is not answered yet.</exception>
    public Task<ReferNotifyResult> CompleteAsync(int statusCode, string reasonPhrase, CancellationToken cancellationToken = default)
    {
        CheckStatus(statusCode, 200, 699, reasonPhrase);
        return Notifier() is { } notifier
            ? notifier.CompleteAsync(statusCode, reasonPhrase).WaitAsync(cancellationToken).ThenOnApplicationThread(Call.Endpoint.Options.UnsafePreferInlineScheduling)
            : Task.FromResult(NoSubscription());
    }

    /// <summary>Starts the wait for the application's answer: 603 Decline when none comes, so the referrer is not left waiting for its Timer F.</summary>
    internal void StartAnswerTimer()
    {
        lock (_gate)
        {
            if (_answer == Answer.None)
            {
                _answerTimer = Call.Endpoint.Transactions.Scheduler.Schedule(Call.Endpoint.Options.ReferAnswerTimeout, static s => ((IncomingRefer)s!).AnswerOnItsOwn(603, "Decline"), this);
            }
        }
    }

    /// <summary>The call ended before the REFER was answered: 487 (RFC 3261 §15.1.2). An accepted one's subscription goes on.</summary>
    internal void OnCallEnded() => AnswerOnItsOwn(487, "Request Terminated");

    /// <summary>The stack answers for an application that did not.</summary>
    private void AnswerOnItsOwn(int statusCode, string reasonPhrase)
    {
        lock (_gate)
        {
            if (_answer != Answer.None)
            {
                return;
            }

            // Taken before the response is out, so the application's answer cannot cross it.
            _answer = Answer.ByStack;
            _answerTimer?.Cancel();
            _answerTimer = null;
        }

        _logger.LogInformation("REFER on {CallId} to {ReferTo} left unanswered: {Status}", Call.CallId, ReferToText, statusCode);
        _ = _transaction.RespondAsync(SipResponse.CreateFor(Request, statusCode, reasonPhrase));
    }

    /// <summary>Takes the one answer for the application: false when the stack already gave it; throws when the application did.</summary>
    private bool TakeAnswerLocked()
    {
        switch (_answer)
        {
            case Answer.ByApplication:
                throw new InvalidOperationException($"The REFER to {ReferToText} was already answered.");
            case Answer.ByStack:
                return false;
        }

        _answer = Answer.ByApplication;
        _answerTimer?.Cancel();
        _answerTimer = null;
        return true;
    }

    /// <summary>The notifier once answered; null when Refer-Sub: false was honoured or the REFER was refused.</summary>
    private ReferNotifier? Notifier()
    {
        lock (_gate)
        {
            if (_answer == Answer.None)
            {
                throw new InvalidOperationException($"Accept the REFER to {ReferToText} before notifying its progress.");
            }

            return _notifier;
        }
    }

    private ReferNotifyResult NoSubscription()
    {
        lock (_gate)
        {
            return ReferNotifyResult.NotSent(_accepted
                ? "Refer-Sub: false: the referrer asked for no NOTIFY (RFC 4488 §4)"
                : $"the REFER was answered {ResponseCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "by the stack"}: no subscription");
        }
    }

    private async Task<(int StatusCode, string? Detail)> SendNotifyAsync(IReadOnlyList<(string Name, string Value)> headers, ReadOnlyMemory<byte> body)
    {
        try
        {
            var sent = await Call.SendInDialogAsync(SipMethods.Notify, headers, null, CancellationToken.None, body: body, contentType: ReferNotifier.ContentType).ConfigureAwait(false);
            return (sent.Result.StatusCode, sent.AuthFailure ?? sent.Result.Detail ?? sent.Result.Response?.ReasonPhrase);
        }
        catch (Exception ex)
        {
            // Resolving the next hop or sending failed before any transaction: as a transport error.
            _logger.LogWarning(ex, "Sending a NOTIFY on {CallId} failed", Call.CallId);
            return (503, ex.Message);
        }
    }

    private static void CheckStatus(int statusCode, int lowest, int highest, string reasonPhrase)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, lowest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, highest);
        ArgumentNullException.ThrowIfNull(reasonPhrase);
        if (!SipResponse.IsValidReasonPhrase(reasonPhrase))
        {
            throw new ArgumentException("A reason phrase cannot hold control characters.", nameof(reasonPhrase));
        }
    }

    public override string ToString() => $"REFER {Id} to {ReferToText} in {Call.CallId}";

    private enum Answer
    {
        None,
        ByApplication,
        ByStack,
    }
}

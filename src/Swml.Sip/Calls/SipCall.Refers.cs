using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Swml.Sip.Events;
using Swml.Sip.Transactions;

namespace Swml.Sip.Calls;

// The transferee's side of REFER: REFERs the peer sends in this call, handed to the application.
public sealed partial class SipCall
{
    // Made when first needed, as most calls never see a REFER; completed when the call ends.
    private Channel<IncomingRefer>? _receivedRefers;
    private List<IncomingRefer>? _unansweredRefers;

    /// <summary>
    /// The REFERs the peer sends in this call (RFC 3515), when
    /// <see cref="SipEndpointOptions.AcceptRefers"/> is on, each already checked (a bad one got its
    /// 400). Read them on any thread: a reader's continuation runs on the thread pool, never on the
    /// thread that read the REFER. Completed when the call ends.
    /// </summary>
    public ChannelReader<IncomingRefer> Refers
    {
        get
        {
            lock (_gate)
            {
                return ReceivedRefersLocked().Reader;
            }
        }
    }

    internal SipEndpoint Endpoint => _endpoint;

    /// <summary>A REFER in the dialog: checked, then queued for the application, whose answer is awaited for a bounded time.</summary>
    private async Task OnReferAsync(ServerTransaction transaction)
    {
        if (!ReceivedRefer.TryRead(transaction.Request, out var received, out var rejection))
        {
            _logger.LogInformation("REFER on {CallId} refused: {Status} {Reason}", CallId, rejection.StatusCode, rejection.ReasonPhrase);
            await transaction.RespondAsync(rejection).ConfigureAwait(false);
            return;
        }

        var refer = new IncomingRefer(this, transaction, received);
        lock (_gate)
        {
            (_unansweredRefers ??= new()).RemoveAll(r => r.ResponseCode is not null);
            _unansweredRefers.Add(refer);
            ReceivedRefersLocked().Writer.TryWrite(refer);
        }

        refer.StartAnswerTimer();
        if (IsEnded)
        {
            // The call ended while this REFER was being queued; End may have missed it.
            refer.OnCallEnded();
        }
    }

    /// <summary>The call ended: REFERs still unanswered get 487, and no more will come.</summary>
    private void EndReceivedRefers()
    {
        List<IncomingRefer>? unanswered;
        lock (_gate)
        {
            unanswered = _unansweredRefers;
            _unansweredRefers = null;
            _receivedRefers?.Writer.TryComplete();
        }

        foreach (var refer in unanswered ?? [])
        {
            refer.OnCallEnded();
        }
    }

    private Channel<IncomingRefer> ReceivedRefersLocked()
    {
        if (_receivedRefers is null)
        {
            _receivedRefers = Channel.CreateUnbounded<IncomingRefer>();
            if (IsEnded)
            {
                _receivedRefers.Writer.TryComplete();
            }
        }

        return _receivedRefers;
    }
}

using Swml.Sip.Events;
using Swml.Sip.Message;
using Swml.Sip.Transactions;
using Swml.Sip.Transport;

namespace Swml.Sip.Calls;

/// <summary>
/// What stays of a call once it ended and its transfers have their results: enough to keep
/// answering the transferee's late NOTIFYs 200 (RFC 5057 §5.3; RFC 3515 §2.4.4) and anything else
/// in the dialog 481, for the grace period, without holding the call and its messages.
/// </summary>
internal sealed class EndedCall
{
    private readonly SipEndpoint _endpoint;
    private readonly TransportProtocol _protocol;
    private readonly bool _referred;

    public EndedCall(SipEndpoint endpoint, TransportProtocol protocol, bool referred)
    {
        _endpoint = endpoint;
        _protocol = protocol;
        _referred = referred;
    }

    public async Task OnRequestAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (request.Method != SipMethods.Notify)
        {
            await transaction.RespondAsync(SipResponse.CreateFor(request, 481, "Call/Transaction Does Not Exist")).ConfigureAwait(false);
            return;
        }

        var eventHeader = EventHeader.Parse(request.Headers.GetFirst(HeaderNames.Event));
        var isRefer = eventHeader?.IsRefer ?? (_referred && Sipfrag.IsSipfrag(request.ContentType));
        var response = isRefer
            ? SipCall.WithContact(SipResponse.CreateFor(request, 200, "OK"), _endpoint, _protocol)
            : SipResponse.CreateFor(request, 489, "Bad Event");
        await transaction.RespondAsync(response).ConfigureAwait(false);
    }
}

using Swml.Sip.Message;
using Swml.Sip.Transport;

namespace Swml.Sip.Transactions;

/// <summary>
/// The transaction user (RFC 3261 §8, §12-§17): what the transaction layer hands upward. It is
/// called on the thread that received the message and runs there until its first wait, so it must
/// not block, and hands anything slow (the application's code) to the thread pool. An exception is
/// logged and never stops the layer.
/// </summary>
internal interface ISipCore
{
    /// <summary>A new request (not an ACK): answer it through <see cref="ServerTransaction.RespondAsync"/>.</summary>
    Task OnRequestAsync(ServerTransaction transaction);

    /// <summary>An ACK no INVITE server transaction took: the ACK for a 2xx (it has its own branch, §13.3.1.4).</summary>
    Task OnAckAsync(SipRequest ack, TransportEndPoint from);

    /// <summary>A response no client transaction matches: a 2xx to an INVITE resent after its transaction ended.</summary>
    Task OnStrayResponseAsync(SipResponse response, TransportEndPoint from);
}

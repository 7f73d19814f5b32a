using Swml.Sip.Transactions;

namespace Swml.Runtime.Hosting;

/// <summary>
/// Sees every SIP message the server sends and receives (a SIP ladder, a capture). Called on the
/// SIP stack's own threads: return at once, handing the entry elsewhere if it needs work.
/// Register it as a service next to <see cref="SwmlServiceCollectionExtensions.AddSwml"/>.
/// </summary>
public interface ISipMessageObserver
{
    void OnMessage(SipTraceEntry entry);
}

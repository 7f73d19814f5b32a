using Swml.Sip.Message;
using Swml.Sip.Transport;

namespace Swml.Sip.Transactions;

/// <summary>Whether a traced message was sent or received.</summary>
public enum SipTraceDirection
{
    Received,
    Sent,
}

/// <summary>
/// One SIP message as it crossed the wire, for <see cref="Calls.SipEndpointOptions.Trace"/>:
/// retransmissions included, malformed messages not (they are logged).
/// </summary>
public readonly record struct SipTraceEntry(SipTraceDirection Direction, SipMessage Message, TransportEndPoint Remote, DateTimeOffset Time);

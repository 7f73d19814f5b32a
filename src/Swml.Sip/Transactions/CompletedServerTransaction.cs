using Swml.Sip.Transport;

namespace Swml.Sip.Transactions;

/// <summary>
/// What a server transaction leaves once its final response is sent and only retransmissions of
/// its request remain to be absorbed (timer J for a non-INVITE; RFC 6026's Accepted state, timer L,
/// for an INVITE answered 2xx): the bytes to resend, if any, and where. Neither the request nor the
/// response objects are kept, so a busy endpoint does not hold 32 s of parsed messages.
/// </summary>
internal sealed class CompletedServerTransaction
{
    public CompletedServerTransaction(string key, byte[]? resend, TransportEndPoint source)
    {
        Key = key;
        Resend = resend;
        Source = source;
    }

    public string Key { get; }

    /// <summary>The final response, sent again for each retransmitted request; null for a 2xx to INVITE, which the TU resends itself.</summary>
    public byte[]? Resend { get; }

    public TransportEndPoint Source { get; }
}

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
    public CompletedServerTransaction(string key, byte[]? resend, TransportEndPoint target, TransportEndPoint? fallback)
    {
        Key = key;
        Resend = resend;
        Target = target;
        Fallback = fallback;
    }

    public string Key { get; }

    /// <summary>The final response, sent again for each retransmitted request (a 2xx to INVITE too: its peer has not seen it).</summary>
    public byte[]? Resend { get; }

    /// <summary>Where responses go, and where else (<see cref="ServerTransaction.ResponseTarget"/>).</summary>
    public TransportEndPoint Target { get; }

    public TransportEndPoint? Fallback { get; }
}

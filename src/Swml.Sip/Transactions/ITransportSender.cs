using Swml.Sip.Transport;

namespace Swml.Sip.Transactions;

/// <summary>What the transaction layer needs of the transports: send bytes, and know our own address.</summary>
internal interface ITransportSender
{
    ValueTask SendAsync(TransportEndPoint to, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Our address on a transport, for the Via of requests we send.</summary>
    TransportEndPoint LocalFor(TransportProtocol protocol);
}

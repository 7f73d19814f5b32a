using System.Buffers;
using System.Net;

namespace Swml.Sip.Transport;

public enum TransportProtocol
{
    Udp,
    Tcp,
}

/// <summary>Where a message came from or goes to: protocol and address (RFC 3261 §18).</summary>
public readonly record struct TransportEndPoint(TransportProtocol Protocol, IPEndPoint EndPoint)
{
    public bool IsReliable => Protocol == TransportProtocol.Tcp;

    /// <summary>The transport name used in Via and in URI transport parameters.</summary>
    public string ViaTransport => Protocol == TransportProtocol.Udp ? "UDP" : "TCP";

    public override string ToString() => $"{ViaTransport} {EndPoint}";
}

public enum FramingStatus
{
    /// <summary>A whole message was taken from the buffer.</summary>
    Message,

    /// <summary>The buffer holds only part of a message; read more.</summary>
    NeedMoreData,

    /// <summary>The stream cannot be read on (garbage, a message over the limit): close the connection.</summary>
    Invalid,
}

/// <summary>
/// Splits a TCP byte stream into SIP messages (by Content-Length, RFC 3261 §18.3). The message
/// layer implements it; the transport only moves bytes.
/// </summary>
public interface IStreamFramer
{
    /// <summary>
    /// Takes one message from the front of <paramref name="buffer"/> (advancing it past the message
    /// and any leading keep-alive CRLFs) or reports that more bytes are needed or that the stream is invalid.
    /// </summary>
    FramingStatus TryReadMessage(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message);
}

/// <summary>A message's bytes as they arrived, and where from.</summary>
public readonly record struct ReceivedBytes(ReadOnlyMemory<byte> Data, TransportEndPoint Remote, TransportEndPoint Local);

/// <summary>Receives what a transport reads. Called on the transport's receive loop: return quickly.</summary>
public interface ITransportReceiver
{
    void OnReceived(ReceivedBytes received);
}

using System.Net;
using Swml.Sip.Message;

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

/// <summary>
/// A message as a transport read it: parsed (or rejected, with what the 400 needs), and where it
/// came from. UDP parses each datagram; TCP frames the stream by Content-Length while parsing.
/// </summary>
internal readonly record struct ReceivedMessage(SipParseResult Result, TransportEndPoint Remote, TransportEndPoint Local);

/// <summary>Receives what a transport reads. Called on the transport's receive loop: return quickly.</summary>
internal interface ITransportReceiver
{
    void OnReceived(ReceivedMessage received);
}

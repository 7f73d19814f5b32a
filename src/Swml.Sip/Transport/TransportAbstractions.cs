using System.Net;
using Swml.Sip.Message;

namespace Swml.Sip.Transport;

public enum TransportProtocol
{
    Udp,
    Tcp,

    /// <summary>TLS over TCP (RFC 3261 §26, RFC 5630): the only transport a <c>sips:</c> URI is reached by.</summary>
    Tls,
}

/// <summary>Where a message came from or goes to: protocol and address (RFC 3261 §18).</summary>
public readonly record struct TransportEndPoint(TransportProtocol Protocol, IPEndPoint EndPoint)
{
    public bool IsReliable => Protocol != TransportProtocol.Udp;

    /// <summary>The transport name used in Via and in URI transport parameters.</summary>
    public string ViaTransport => Protocol switch
    {
        TransportProtocol.Udp => "UDP",
        TransportProtocol.Tcp => "TCP",
        _ => "TLS",
    };

    /// <summary>
    /// Over TLS, the name the peer's certificate must bear (the URI's host); the address when null.
    /// Not part of equality: it says how to check a connection, not which one.
    /// </summary>
    public string? ServerName { get; init; }

    public bool Equals(TransportEndPoint other) => Protocol == other.Protocol && Equals(EndPoint, other.EndPoint);

    public override int GetHashCode() => HashCode.Combine(Protocol, EndPoint);

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

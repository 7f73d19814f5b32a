using System.Globalization;
using System.Net;
using Swml.Sip.Dialogs;
using Swml.Sip.Message;
using Swml.Sip.Transport;

namespace Swml.Sip.Transactions;

/// <summary>
/// Where the responses to a request go, and what its top Via must say of where it came from
/// (RFC 3261 §18.2.1-§18.2.2, RFC 3581 §4): a client behind NAT learns its public address and port
/// from <c>received</c> and <c>rport</c>, and a response finds its way back even when the Via's
/// sent-by is not where the request came from.
/// </summary>
internal static class ResponseRouting
{
    /// <summary>
    /// The request with its top Via stamped: <c>received</c> with the source address when it is not
    /// the sent-by host, or when <c>rport</c> asks (RFC 3581 §4), and <c>rport</c> given the source
    /// port. A Via that needs neither is left as it is (no copy).
    /// </summary>
    public static SipRequest Stamp(SipRequest request, TransportEndPoint from)
    {
        var via = request.TopVia;
        var source = Normalize(from.EndPoint.Address);
        var askedForPort = via.HasRPort && via.RPort is null;
        var fromElsewhere = via.Host.ToIPAddress() is not { } sentBy || !Normalize(sentBy).Equals(source);
        if (!askedForPort && !fromElsewhere)
        {
            return request;
        }

        var stamped = via.WithParameter("received", source.ToString());
        if (askedForPort)
        {
            stamped = stamped.WithParameter("rport", from.EndPoint.Port.ToString(CultureInfo.InvariantCulture));
        }

        return request.WithHeaders(request.Headers.ReplaceFirstElement(HeaderNames.Via, stamped.ToString()));
    }

    /// <summary>
    /// Where to send the responses, and where else if that fails. Over TCP: the connection the
    /// request came on, else a new one to the source address at the sent-by port. Over UDP: the
    /// source address, at the source port when <c>rport</c> was asked for, else at the sent-by port.
    /// </summary>
    public static (TransportEndPoint Target, TransportEndPoint? Fallback) Targets(ViaHeader via, TransportEndPoint from)
    {
        var source = from.EndPoint.Address;
        // A sent-by without a port means the transport's default (§18.2.2).
        var sentByPort = via.Port ?? (from.Protocol == TransportProtocol.Tls ? NextHop.DefaultTlsPort : NextHop.DefaultPort);
        if (from.IsReliable)
        {
            var fallback = new TransportEndPoint(from.Protocol, new IPEndPoint(source, sentByPort));
            return (from, fallback.EndPoint.Equals(from.EndPoint) ? null : fallback);
        }

        return via.HasRPort || sentByPort == from.EndPoint.Port
            ? (from, null)
            : (new TransportEndPoint(from.Protocol, new IPEndPoint(source, sentByPort)), null);
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

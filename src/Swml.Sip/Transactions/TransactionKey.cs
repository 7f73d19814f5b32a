using Swml.Sip.Message;

namespace Swml.Sip.Transactions;

/// <summary>
/// How messages find their transaction (RFC 3261 §17.1.3, §17.2.3): a response by the branch of its
/// top Via and its CSeq method; a request by branch, sent-by and method, an ACK matching its INVITE.
/// </summary>
internal static class TransactionKey
{
    public static string ForClient(string branch, string method) => branch + "|" + method;

    public static string? ForResponse(SipResponse response) =>
        response.TopVia.Branch is { } branch ? ForClient(branch, response.CSeq.Method) : null;

    /// <summary>Null for requests without an RFC 3261 branch, which we do not track (RFC 2543 peers).</summary>
    public static string? ForRequest(SipRequest request)
    {
        var via = request.TopVia;
        if (!via.HasRfc3261Branch)
        {
            return null;
        }

        var method = request.Method == SipMethods.Ack ? SipMethods.Invite : request.Method;
        return $"{via.Branch}|{via.Host}:{via.Port}|{method}";
    }
}

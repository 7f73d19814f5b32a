using Swml.Sip.Auth;
using Swml.Sip.Message;
using Swml.Sip.Transactions;
using Swml.Sip.Transport;

namespace Swml.Sip.Calls;

/// <summary>
/// Sends a request in a client transaction and answers digest challenges (RFC 3261 §22,
/// RFC 7616): every retry is a new transaction with a new branch and the next CSeq, which is taken
/// from the dialog so a later request (a BYE) goes higher still; only a stale nonce gets another
/// round after the first (the authenticator decides), so a wrong password never loops. It continues
/// on the thread that read the response (<see cref="TransactionLayer.SendRequestInlineAsync"/>), so
/// callers hop to the thread pool before application code runs.
/// </summary>
internal static class RequestSender
{
    /// <param name="build">Makes the request for a CSeq number and the authorization headers to carry.</param>
    /// <param name="nextCSeq">Takes the next CSeq number (the dialog's, for in-dialog requests).</param>
    /// <param name="final">Each attempt's final response (a challenge too), in order with what the peer sent next.</param>
    public static async Task<(ClientTransactionResult Result, SipRequest Request, string? AuthFailure)> SendAsync(
        TransactionLayer layer,
        Func<uint, IReadOnlyList<AuthorizationHeader>, SipRequest> build,
        Func<uint> nextCSeq,
        TransportEndPoint destination,
        DigestAuthenticator? authenticator,
        string method,
        string requestUri,
        Action<SipResponse>? provisional,
        Action<SipRequest>? sending,
        CancellationToken cancellationToken,
        Action<SipResponse>? final = null)
    {
        var attempt = authenticator?.HasCredentials == true ? authenticator.Begin(method, requestUri) : null;
        IReadOnlyList<AuthorizationHeader> headers = attempt?.Headers ?? Array.Empty<AuthorizationHeader>();
        while (true)
        {
            var request = build(nextCSeq(), headers);
            sending?.Invoke(request);
            var result = await layer.SendRequestInlineAsync(request, destination, provisional, cancellationToken, final).ConfigureAwait(false);
            if (result.Response is not { StatusCode: 401 or 407 } challenge)
            {
                return (result, request, null);
            }

            if (attempt is null)
            {
                return (result, request, "challenged, and no credentials were given");
            }

            var name = challenge.StatusCode == 401 ? HeaderNames.WwwAuthenticate : HeaderNames.ProxyAuthenticate;
            var decision = attempt.OnChallenge(challenge.StatusCode, challenge.Headers.GetAll(name));
            if (!decision.ShouldRetry)
            {
                return (result, request, decision.Reason ?? decision.Failure.ToString());
            }

            headers = decision.Headers;
        }
    }

    /// <summary>A request's extra headers plus its authorization headers.</summary>
    public static IEnumerable<(string Name, string Value)> With(IEnumerable<(string Name, string Value)> extra, IReadOnlyList<AuthorizationHeader> authorization) =>
        extra.Concat(authorization.Select(a => (a.Name, a.Value)));
}

// One request and its authenticated retries (RFC 3261 §22.2-22.3).
namespace Swml.Sip.Auth;

/// <summary>
/// The authentication state of one request across its retries: which realms it has answered and how
/// many retries it has made. Made by <see cref="DigestAuthenticator.Begin"/>.
/// </summary>
internal sealed class DigestAttempt
{
    private readonly DigestAuthenticator _owner;

    internal DigestAttempt(DigestAuthenticator owner, string method, string requestUri, ReadOnlyMemory<byte> body)
    {
        _owner = owner;
        Method = method;
        RequestUri = requestUri;
        Body = body;
    }

    /// <summary>The request's method.</summary>
    public string Method { get; }

    /// <summary>The Request-URI, the digest-uri of every answer.</summary>
    public string RequestUri { get; }

    /// <summary>The headers to put on the first sending: pre-emptive credentials for cached realms, or none.</summary>
    public IReadOnlyList<AuthorizationHeader> Headers { get; internal set; } = [];

    /// <summary>How many authenticated retries this request has been told to make.</summary>
    public int Rounds { get; internal set; }

    internal ReadOnlyMemory<byte> Body { get; }

    // Realms answered in response to a challenge of this request; pre-emptive ones do not count, since
    // a challenge to a pre-emptive answer (an expired nonce) is a first challenge, not a refusal.
    internal HashSet<DigestAuthenticator.RealmKey> Answered { get; } = [];

    /// <summary>
    /// Decides what to do with a 401 (<c>WWW-Authenticate</c> values) or 407 (<c>Proxy-Authenticate</c>
    /// values). Pass every value of the header field, in order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is neither 401 nor 407.</exception>
    public DigestRetryDecision OnChallenge(int statusCode, IEnumerable<string?> challengeValues) => statusCode switch
    {
        401 => OnChallenge(challengeValues, []),
        407 => OnChallenge([], challengeValues),
        _ => throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Only a 401 or a 407 carries a challenge."),
    };

    /// <summary>
    /// Decides what to do with a challenging response given both kinds of challenge it holds: a forking
    /// proxy may gather WWW-Authenticate and Proxy-Authenticate fields into one 401/407 (RFC 3261 §16.7).
    /// Values that do not parse are skipped (and named in <see cref="DigestRetryDecision.Reason"/> when
    /// nothing usable is left); nothing here throws on peer input.
    /// </summary>
    public DigestRetryDecision OnChallenge(IEnumerable<string?> wwwAuthenticate, IEnumerable<string?> proxyAuthenticate)
    {
        ArgumentNullException.ThrowIfNull(wwwAuthenticate);
        ArgumentNullException.ThrowIfNull(proxyAuthenticate);
        return _owner.OnChallenge(this, wwwAuthenticate, proxyAuthenticate);
    }
}

// What to do after a 401/407: retry with these headers, or give up and why (RFC 3261 §22.2-22.3).
namespace Swml.Sip.Auth;

/// <summary>Why a challenged request is not retried.</summary>
internal enum DigestFailure
{
    /// <summary>Not a failure: retry.</summary>
    None,

    /// <summary>The response held no valid Digest challenge (none at all, another scheme, or malformed).</summary>
    NoChallenge,

    /// <summary>No credentials apply to any challenged realm: the caller reports the 401/407.</summary>
    NoCredentials,

    /// <summary>No challenge could be answered: unknown algorithm (SHA-1, AKAv1-MD5...) or qop (auth-conf).</summary>
    UnsupportedChallenge,

    /// <summary>
    /// A realm answered earlier in this request was challenged again without <c>stale=true</c>: the
    /// credentials are wrong (RFC 7616 §3.3). Retrying would loop.
    /// </summary>
    CredentialsRejected,

    /// <summary>The request already made <see cref="DigestAuthenticatorOptions.MaxRounds"/> authenticated retries.</summary>
    TooManyRounds,
}

/// <summary>
/// The answer of <see cref="DigestAttempt.OnChallenge(int, IEnumerable{string?})"/>: either resend the
/// request (a new transaction: new Via branch, CSeq + 1, RFC 3261 §22.2) with <see cref="Headers"/>
/// in place of any Authorization / Proxy-Authorization it had, or report the failure.
/// </summary>
internal sealed class DigestRetryDecision
{
    private DigestRetryDecision(DigestFailure failure, IReadOnlyList<AuthorizationHeader> headers, string? reason)
    {
        Failure = failure;
        Headers = headers;
        Reason = reason;
    }

    /// <summary>Whether to resend the request with <see cref="Headers"/>.</summary>
    public bool ShouldRetry => Failure == DigestFailure.None;

    /// <summary>Why not, or <see cref="DigestFailure.None"/>.</summary>
    public DigestFailure Failure { get; }

    /// <summary>Every credential header for the retry (one per realm, this response's and earlier ones); empty when not retrying.</summary>
    public IReadOnlyList<AuthorizationHeader> Headers { get; }

    /// <summary>
    /// What went wrong, for a log or a report: the failure, or, when retrying, the challenges left
    /// unanswered. It never holds a password or HA1.
    /// </summary>
    public string? Reason { get; }

    internal static DigestRetryDecision Retry(IReadOnlyList<AuthorizationHeader> headers, string? notes) => new(DigestFailure.None, headers, notes);

    internal static DigestRetryDecision Stop(DigestFailure failure, string reason) => new(failure, [], reason);

    /// <inheritdoc/>
    public override string ToString() =>
        ShouldRetry ? $"retry with {Headers.Count} header(s){(Reason is null ? "" : $" ({Reason})")}" : $"stop: {Failure}: {Reason}";
}

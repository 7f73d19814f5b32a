// Which header carries a challenge and which one answers it (RFC 3261 §22.2, §22.3, §20.7, §20.28).
namespace Swml.Sip.Auth;

/// <summary>Where a challenge came from, which decides the header that answers it (RFC 3261 §22.2-22.3).</summary>
internal enum DigestChallengeKind
{
    /// <summary>A <c>WWW-Authenticate</c> challenge (401, from a UAS or registrar), answered by <c>Authorization</c>.</summary>
    WwwAuthenticate,

    /// <summary>A <c>Proxy-Authenticate</c> challenge (407, from a proxy), answered by <c>Proxy-Authorization</c>.</summary>
    ProxyAuthenticate,
}

/// <summary>A header field to put on a request: <c>Authorization</c> or <c>Proxy-Authorization</c> and its value.</summary>
/// <param name="Name">The header name.</param>
/// <param name="Value">The header value, e.g. <c>Digest username="alice", ...</c> (no password or HA1 in it).</param>
internal readonly record struct AuthorizationHeader(string Name, string Value)
{
    /// <summary>The header answering a 401's WWW-Authenticate (RFC 3261 §20.7).</summary>
    public const string AuthorizationName = "Authorization";

    /// <summary>The header answering a 407's Proxy-Authenticate (RFC 3261 §20.28).</summary>
    public const string ProxyAuthorizationName = "Proxy-Authorization";

    /// <summary>The answering header's name for a kind of challenge.</summary>
    public static string NameFor(DigestChallengeKind kind) =>
        kind == DigestChallengeKind.ProxyAuthenticate ? ProxyAuthorizationName : AuthorizationName;
}

// The answer to a Digest challenge: the Authorization / Proxy-Authorization value (RFC 2617 §3.2.2,
// RFC 7616 §3.4, RFC 3261 §22.2-22.4, RFC 8760 §2.5).
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Swml.Sip.Auth;

/// <summary>
/// The credentials answering one <see cref="DigestChallenge"/>: the value of an <c>Authorization</c>
/// (after a 401) or <c>Proxy-Authorization</c> (after a 407) header field (RFC 3261 §22.2, §22.3).
/// </summary>
/// <remarks>
/// <para>The response is computed as RFC 7616 §3.4.1 says, with H the challenge's algorithm and all
/// text hashed as UTF-8:</para>
/// <list type="bullet">
/// <item>HA1 = H(username:realm:password); for a <c>-sess</c> algorithm, H(HA1:nonce:cnonce) (§3.4.2).</item>
/// <item>HA2 = H(method:digest-uri); for qop=auth-int, H(method:digest-uri:H(entity-body)) (§3.4.3).</item>
/// <item>response = H(HA1:nonce:nc:cnonce:qop:HA2), or H(HA1:nonce:HA2) when the challenge had no
/// qop (RFC 2069 compatibility, RFC 2617 §3.2.2.1).</item>
/// </list>
/// <para>In SIP the digest-uri is the Request-URI exactly as sent (RFC 3261 §22.4). With
/// <c>userhash=true</c> in the challenge the username is sent as H(username:realm) (RFC 7616 §3.4.4).
/// Only the response, never HA1 or the password, is kept.</para>
/// </remarks>
internal sealed class DigestAuthorization
{
    private DigestAuthorization(
        string username, string realm, string nonce, string uri, string response, string algorithm,
        string? cnonce, string? opaque, string? qop, uint nonceCount, bool userHash)
    {
        Username = username;
        Realm = realm;
        Nonce = nonce;
        Uri = uri;
        Response = response;
        Algorithm = algorithm;
        CNonce = cnonce;
        Opaque = opaque;
        Qop = qop;
        NonceCount = nonceCount;
        UserHash = userHash;
    }

    /// <summary>The username as sent: the user's name, or H(username:realm) when <see cref="UserHash"/>.</summary>
    public string Username { get; }

    /// <summary>The challenge's realm, echoed.</summary>
    public string Realm { get; }

    /// <summary>The challenge's nonce, echoed.</summary>
    public string Nonce { get; }

    /// <summary>The digest-uri: the Request-URI of the request being authorized.</summary>
    public string Uri { get; }

    /// <summary>The request digest, lower-case hex.</summary>
    public string Response { get; }

    /// <summary>The algorithm token sent: the challenge's own spelling, or <c>MD5</c> when it had none.</summary>
    public string Algorithm { get; }

    /// <summary>The client nonce; null when the challenge had no qop and the algorithm is not <c>-sess</c>.</summary>
    public string? CNonce { get; }

    /// <summary>The challenge's opaque, echoed; null when it had none.</summary>
    public string? Opaque { get; }

    /// <summary>The chosen qop (<c>auth</c> or <c>auth-int</c>), or null when the challenge offered none.</summary>
    public string? Qop { get; }

    /// <summary>How many requests, this one included, have used this nonce; sent as 8 hex digits.</summary>
    public uint NonceCount { get; }

    /// <summary>Whether <see cref="Username"/> is hashed (RFC 7616 §3.4.4).</summary>
    public bool UserHash { get; }

    /// <summary>
    /// Answers <paramref name="challenge"/> for a request without a body, hashing the username when the
    /// challenge offers <c>userhash</c>.
    /// </summary>
    public static bool TryCreate(
        DigestChallenge challenge, DigestCredentials credentials, string method, string digestUri, uint nonceCount, string cnonce,
        [NotNullWhen(true)] out DigestAuthorization? authorization, [NotNullWhen(false)] out string? error) =>
        TryCreate(challenge, credentials, method, digestUri, default, nonceCount, cnonce, allowUserHash: true, out authorization, out error);

    /// <summary>Answers <paramref name="challenge"/>.</summary>
    /// <param name="challenge">The challenge to answer.</param>
    /// <param name="credentials">The username and password.</param>
    /// <param name="method">The request's method, e.g. <c>REFER</c> (case-sensitive, as on the request line).</param>
    /// <param name="digestUri">The Request-URI, exactly as on the request line.</param>
    /// <param name="body">The message body; only hashed for qop=auth-int, which is used only when auth is not offered.</param>
    /// <param name="nonceCount">How many requests, this one included, have used this nonce (1 for a new nonce).</param>
    /// <param name="cnonce">The client nonce (random; tests pass a fixed one).</param>
    /// <param name="allowUserHash">Whether to hash the username when the challenge offers it.</param>
    /// <param name="authorization">The answer, on success.</param>
    /// <param name="error">Why the challenge cannot be answered: an unknown algorithm or qop, or unusable input.</param>
    public static bool TryCreate(
        DigestChallenge challenge, DigestCredentials credentials, string method, string digestUri, ReadOnlySpan<byte> body,
        uint nonceCount, string cnonce, bool allowUserHash,
        [NotNullWhen(true)] out DigestAuthorization? authorization, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(digestUri);
        ArgumentNullException.ThrowIfNull(cnonce);
        authorization = null;

        if (challenge.Algorithm is not { } algorithm)
        {
            error = $"unsupported algorithm '{challenge.AlgorithmName}'";
            return false;
        }

        if (!TryChooseQop(challenge.Qop, out var qop, out error))
        {
            return false;
        }

        if (method.Length == 0 || !method.All(ChallengeParser.IsTokenChar))
        {
            error = "the method is not a token";
            return false;
        }

        if (digestUri.Length == 0 || !HeaderText.IsSafe(digestUri) || !HeaderText.IsSafe(credentials.Username))
        {
            error = "the request URI or the username is empty or holds a control character";
            return false;
        }

        if (cnonce.Length == 0 || !HeaderText.IsSafe(cnonce))
        {
            error = "the cnonce is empty or holds a control character";
            return false;
        }

        if (nonceCount == 0)
        {
            error = "the nonce count starts at 1";
            return false;
        }

        var nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);
        var realm = challenge.Realm;
        var nonce = challenge.Nonce;

        var ha1 = algorithm.Hash($"{credentials.Username}:{realm}:{credentials.Password}");
        if (algorithm.IsSession)
        {
            ha1 = algorithm.Hash($"{ha1}:{nonce}:{cnonce}");
        }

        var ha2 = qop == "auth-int"
            ? algorithm.Hash($"{method}:{digestUri}:{algorithm.Hash(body)}")
            : algorithm.Hash($"{method}:{digestUri}");
        var response = qop is null
            ? algorithm.Hash($"{ha1}:{nonce}:{ha2}")
            : algorithm.Hash($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");

        var userHash = allowUserHash && challenge.UserHash;
        var username = userHash ? algorithm.Hash($"{credentials.Username}:{realm}") : credentials.Username;

        // cnonce goes out whenever it went into the hash: with a qop, and for -sess (RFC 2617 §3.2.2).
        var sentCnonce = qop is not null || algorithm.IsSession ? cnonce : null;
        authorization = new DigestAuthorization(
            username, realm, nonce, digestUri, response, challenge.AlgorithmName ?? algorithm.Name,
            sentCnonce, challenge.Opaque, qop, nonceCount, userHash);
        error = null;
        return true;
    }

    /// <summary>
    /// The header value, parameters in the order most SIP stacks use: username, realm, nonce, uri and
    /// response quoted; algorithm unquoted; cnonce and opaque quoted; qop and nc unquoted (RFC 3261
    /// §25.1: <c>qop-value</c> and <c>nc-value</c> are tokens, even when the challenge quoted a list).
    /// </summary>
    public string ToHeaderValue()
    {
        var builder = new StringBuilder("Digest ", 320);
        Quoted(builder, "username", Username, first: true);
        Quoted(builder, "realm", Realm);
        Quoted(builder, "nonce", Nonce);
        Quoted(builder, "uri", Uri);
        Quoted(builder, "response", Response);
        builder.Append(", algorithm=").Append(Algorithm);
        if (CNonce is not null)
        {
            Quoted(builder, "cnonce", CNonce);
        }

        if (Opaque is not null)
        {
            Quoted(builder, "opaque", Opaque);
        }

        if (Qop is not null)
        {
            builder.Append(", qop=").Append(Qop);
            builder.Append(", nc=").Append(NonceCount.ToString("x8", CultureInfo.InvariantCulture));
        }

        if (UserHash)
        {
            builder.Append(", userhash=true");
        }

        return builder.ToString();
    }

    /// <summary>The header value (it holds no password or HA1).</summary>
    public override string ToString() => ToHeaderValue();

    // RFC 7616 §3.4: the client picks one of the offered qop values. auth is preferred over
    // auth-int: it is what SIP servers check, and it does not tie the answer to one body.
    internal static bool TryChooseQop(IReadOnlyList<string> offered, out string? qop, [NotNullWhen(false)] out string? error)
    {
        error = null;
        qop = null;
        if (offered.Count == 0)
        {
            return true;
        }

        foreach (var wanted in (ReadOnlySpan<string>)["auth", "auth-int"])
        {
            if (offered.Any(o => string.Equals(o, wanted, StringComparison.OrdinalIgnoreCase)))
            {
                qop = wanted;
                return true;
            }
        }

        error = $"unsupported qop '{string.Join(",", offered)}'";
        return false;
    }

    private static void Quoted(StringBuilder builder, string name, string value, bool first = false)
    {
        builder.Append(first ? "" : ", ").Append(name).Append('=');
        HeaderText.AppendQuoted(builder, value);
    }
}

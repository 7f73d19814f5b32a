// A Digest challenge from a 401's WWW-Authenticate or a 407's Proxy-Authenticate (RFC 3261 §22.1,
// §20.27, §20.44; RFC 7616 §3.3; RFC 8760 §2.4).
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Swml.Sip.Auth;

/// <summary>
/// A parsed Digest challenge: the value of one <c>WWW-Authenticate</c> or <c>Proxy-Authenticate</c>
/// header field (RFC 7616 §3.3, as SIP uses it per RFC 3261 §22.4 and RFC 8760 §2.4).
/// </summary>
/// <remarks>
/// Parsing follows RFC 7235 §2.1: the scheme and parameter names are case-insensitive, a quoted string
/// may hold commas and <c>\"</c>, empty list elements are skipped, and one value may hold several
/// challenges. It is lenient where peers are sloppy: unquoted values (<c>realm=asterisk</c>), quoted
/// tokens (<c>algorithm="MD5"</c>), odd whitespace and folded lines. Unknown parameters are kept in
/// <see cref="Parameters"/>. A malformed value is reported as an error result, never thrown.
/// </remarks>
internal sealed class DigestChallenge
{
    private DigestChallenge(string scheme, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
        Realm = Find("realm")!;
        Nonce = Find("nonce")!;
        Opaque = Find("opaque");
        Charset = Find("charset");
        AlgorithmName = Find("algorithm");
        Algorithm = AlgorithmName is null ? DigestAlgorithm.Md5 : DigestAlgorithm.TryParse(AlgorithmName, out var algorithm) ? algorithm : null;

        // RFC 2617 §3.2.1: "If stale is FALSE, or anything other than TRUE ... ": only true counts.
        Stale = string.Equals(Find("stale"), "true", StringComparison.OrdinalIgnoreCase);
        UserHash = string.Equals(Find("userhash"), "true", StringComparison.OrdinalIgnoreCase);
        Qop = Split(Find("qop"), ',', ' ', '\t', '\r', '\n');
        Domain = Split(Find("domain"), ' ', '\t', '\r', '\n');
    }

    /// <summary>The scheme as the server wrote it (<c>Digest</c>, in any case).</summary>
    public string Scheme { get; }

    /// <summary>The protection space (RFC 7616 §3.3), unquoted. Compared case-sensitively.</summary>
    public string Realm { get; }

    /// <summary>The server's nonce, unquoted.</summary>
    public string Nonce { get; }

    /// <summary>The value to echo unchanged in the answer, or null.</summary>
    public string? Opaque { get; }

    /// <summary>
    /// True when the server said <c>stale=true</c>: the nonce expired but the credentials were right, so
    /// a retry with the new nonce is expected (RFC 7616 §3.3).
    /// </summary>
    public bool Stale { get; }

    /// <summary>The <c>algorithm</c> token as sent, or null when absent (which means MD5).</summary>
    public string? AlgorithmName { get; }

    /// <summary>The algorithm to answer with; null when <see cref="AlgorithmName"/> is not one we support.</summary>
    public DigestAlgorithm? Algorithm { get; }

    /// <summary>
    /// The offered qop values (<c>qop="auth,auth-int"</c>), as sent; empty when the parameter is absent,
    /// in which case the answer follows RFC 2069 (no qop, nc or cnonce).
    /// </summary>
    public IReadOnlyList<string> Qop { get; }

    /// <summary>The <c>domain</c> URIs (space-separated in the header); empty when absent.</summary>
    public IReadOnlyList<string> Domain { get; }

    /// <summary>The <c>charset</c> parameter (only <c>UTF-8</c> is defined, RFC 7616 §4), or null.</summary>
    public string? Charset { get; }

    /// <summary>Whether the server supports a hashed username (RFC 7616 §3.4.4).</summary>
    public bool UserHash { get; }

    /// <summary>Every parameter in the order sent, names as written, values unquoted; unknown ones too.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The value of a parameter by name (case-insensitive), or null.</summary>
    public string? this[string name] => Find(name);

    /// <summary>
    /// Parses the first Digest challenge of one header value. Other schemes before it are skipped.
    /// </summary>
    /// <returns>False, with <paramref name="error"/> set, when the value holds no valid Digest challenge.</returns>
    public static bool TryParse(string? headerValue, [NotNullWhen(true)] out DigestChallenge? challenge, [NotNullWhen(false)] out string? error)
    {
        var challenges = ParseAll([headerValue], out var errors);
        if (challenges.Count > 0)
        {
            challenge = challenges[0];
            error = null;
            return true;
        }

        challenge = null;
        error = errors.Count > 0 ? string.Join("; ", errors) : "no Digest challenge";
        return false;
    }

    /// <summary>
    /// Parses the Digest challenges of several header values (each field of a response, in order; one
    /// value may also hold several challenges). Challenges of other schemes (Basic, Bearer...) are
    /// skipped silently; malformed ones are skipped and described in <paramref name="errors"/>.
    /// </summary>
    public static IReadOnlyList<DigestChallenge> ParseAll(IEnumerable<string?> headerValues, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(headerValues);
        var challenges = new List<DigestChallenge>();
        var problems = new List<string>();
        foreach (var value in headerValues)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add("an empty challenge");
                continue;
            }

            var parsed = ChallengeParser.Parse(value, out var error);
            foreach (var raw in parsed)
            {
                if (!string.Equals(raw.Scheme, "Digest", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (TryCreate(raw, out var challenge, out var problem))
                {
                    challenges.Add(challenge);
                }
                else
                {
                    problems.Add(problem);
                }
            }

            if (error is not null)
            {
                problems.Add(error);
            }
        }

        errors = problems;
        return challenges;
    }

    /// <summary>The challenge written back as a header value (for diagnostics; it holds no secret).</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Scheme);
        for (var i = 0; i < Parameters.Count; i++)
        {
            var (name, value) = Parameters[i];
            builder.Append(i == 0 ? " " : ", ").Append(name).Append('=');
            var bare = name.ToLowerInvariant() is "algorithm" or "stale" or "userhash" or "charset"
                && value.Length > 0 && value.All(ChallengeParser.IsTokenChar);
            if (bare)
            {
                builder.Append(value);
            }
            else
            {
                HeaderText.AppendQuoted(builder, value);
            }
        }

        return builder.ToString();
    }

    private static bool TryCreate(RawChallenge raw, [NotNullWhen(true)] out DigestChallenge? challenge, [NotNullWhen(false)] out string? problem)
    {
        challenge = null;
        if (raw.Token68 is not null)
        {
            problem = "a Digest challenge takes parameters, not a token68";
            return false;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, _) in raw.Parameters)
        {
            // RFC 7235 §2.1: each parameter name MUST only occur once; two realms or nonces are ambiguous.
            if (!seen.Add(name))
            {
                problem = $"the Digest challenge has the parameter '{name}' twice";
                return false;
            }
        }

        if (!seen.Contains("realm"))
        {
            problem = "the Digest challenge has no realm";
            return false;
        }

        if (!seen.Contains("nonce"))
        {
            problem = "the Digest challenge has no nonce";
            return false;
        }

        challenge = new DigestChallenge(raw.Scheme, raw.Parameters);
        problem = null;
        return true;
    }

    private string? Find(string name)
    {
        foreach (var (key, value) in Parameters)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static string[] Split(string? value, params char[] separators) =>
        value is null ? [] : value.Split(separators, StringSplitOptions.RemoveEmptyEntries);
}

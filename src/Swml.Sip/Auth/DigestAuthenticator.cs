// The UAC's digest policy for one dialog or endpoint (RFC 3261 §22.2-22.3; RFC 7616 §3.3, §3.4.5;
// RFC 8760 §2.4): answer every challenge, prefer the server's order, retry on stale only, cap rounds.
namespace Swml.Sip.Auth;

/// <summary>
/// Answers 401 and 407 challenges for a UAC and remembers, per realm, what it answered, so that later
/// requests can carry credentials pre-emptively. Keep one per dialog (or per endpoint for out-of-dialog
/// requests); it is thread-safe.
/// </summary>
/// <remarks>
/// <para>Use: <see cref="Begin"/> once per request (not per retry), put <see cref="DigestAttempt.Headers"/>
/// on it, and on a 401/407 call <see cref="DigestAttempt.OnChallenge(int, IEnumerable{string?})"/>.
/// The rules, from RFC 3261 §22.3 and RFC 7616 §3.3:</para>
/// <list type="bullet">
/// <item>Every challenge of the response is answered, one header per realm (a forking proxy may
/// gather several realms into one response), each with the first challenge of that realm whose
/// algorithm and qop are supported, in the server's order (RFC 7616 §3.7; RFC 8760 §2.4).</item>
/// <item>A realm already answered for this request is answered again only when its new challenge says
/// <c>stale=true</c>; otherwise the credentials were refused and the request stops, so there is no
/// authentication loop. Retries are capped at <see cref="DigestAuthenticatorOptions.MaxRounds"/>.</item>
/// <item>Without credentials for any challenged realm nothing is retried.</item>
/// <item>The nonce count is kept per realm and nonce: 1 for a new nonce, then 2, 3... on each later
/// request that reuses it (RFC 7616 §3.4). The cnonce is kept with the nonce, which is what
/// <c>-sess</c> needs (RFC 7616 §3.4.2).</item>
/// </list>
/// <para>ACK and CANCEL are not authenticated anew: they copy the INVITE's headers (RFC 3261 §22.1).</para>
/// </remarks>
internal sealed class DigestAuthenticator
{
    private readonly Lock _gate = new();
    private readonly DigestCredentials[] _credentials;
    private readonly Dictionary<RealmKey, RealmState> _realms = [];
    private readonly List<RealmKey> _order = [];

    /// <summary>An authenticator with these credentials (none: it never retries).</summary>
    public DigestAuthenticator(IEnumerable<DigestCredentials> credentials, DigestAuthenticatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = [.. credentials];
        if (_credentials.Any(c => c is null))
        {
            throw new ArgumentException("A credentials entry is null.", nameof(credentials));
        }

        Options = options ?? DigestAuthenticatorOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(Options.MaxRounds, nameof(options));
        ArgumentNullException.ThrowIfNull(Options.CnonceFactory, nameof(options));
    }

    /// <summary>The settings.</summary>
    public DigestAuthenticatorOptions Options { get; }

    /// <summary>Whether any credentials were given.</summary>
    public bool HasCredentials => _credentials.Length > 0;

    /// <summary>The realms with cached credentials, in the order first answered (for diagnostics).</summary>
    public IReadOnlyList<string> CachedRealms
    {
        get
        {
            lock (_gate)
            {
                return [.. _order.Select(k => k.Realm)];
            }
        }
    }

    /// <summary>
    /// Starts authenticating one request. Its <see cref="DigestAttempt.Headers"/> are the pre-emptive
    /// credentials for every cached realm (when <see cref="DigestAuthenticatorOptions.Preemptive"/>).
    /// </summary>
    /// <param name="method">The request's method, e.g. <c>REFER</c>.</param>
    /// <param name="requestUri">The Request-URI exactly as it will be sent (in a dialog, the remote target).</param>
    /// <param name="body">The body, needed only when a server insists on qop=auth-int.</param>
    public DigestAttempt Begin(string method, string requestUri, ReadOnlyMemory<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        var attempt = new DigestAttempt(this, method, requestUri, body);
        if (Options.Preemptive)
        {
            lock (_gate)
            {
                attempt.Headers = [.. CarryOver(attempt, exclude: [])];
            }
        }

        return attempt;
    }

    /// <summary>Forgets every cached realm, nonce and count (the credentials themselves stay).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _realms.Clear();
            _order.Clear();
        }
    }

    internal DigestRetryDecision OnChallenge(DigestAttempt attempt, IEnumerable<string?> wwwAuthenticate, IEnumerable<string?> proxyAuthenticate)
    {
        // Parse outside the lock: it is the costly part and touches no shared state.
        var www = DigestChallenge.ParseAll(wwwAuthenticate, out var wwwErrors);
        var proxy = DigestChallenge.ParseAll(proxyAuthenticate, out var proxyErrors);
        var groups = Group(www, DigestChallengeKind.WwwAuthenticate).Concat(Group(proxy, DigestChallengeKind.ProxyAuthenticate)).ToList();

        lock (_gate)
        {
            if (attempt.Rounds >= Options.MaxRounds)
            {
                return DigestRetryDecision.Stop(DigestFailure.TooManyRounds, $"still challenged after {attempt.Rounds} authenticated retries");
            }

            if (groups.Count == 0)
            {
                var errors = wwwErrors.Concat(proxyErrors).ToList();
                return DigestRetryDecision.Stop(
                    DigestFailure.NoChallenge,
                    errors.Count == 0 ? "the response has no Digest challenge" : $"no valid Digest challenge: {string.Join("; ", errors)}");
            }

            var answers = new List<(RealmKey Key, RealmState State, AuthorizationHeader Header)>();
            var unsupported = new List<string>();
            var noCredentials = new List<string>();
            var rejected = new List<RealmKey>();
            foreach (var (key, challenges) in groups)
            {
                if (!TryChoose(challenges, out var chosen, out var why))
                {
                    unsupported.Add($"realm \"{key.Realm}\": {why}");
                    continue;
                }

                var credentials = Array.Find(_credentials, c => c.AppliesTo(key.Realm));
                if (credentials is null)
                {
                    noCredentials.Add($"\"{key.Realm}\"");
                    continue;
                }

                if (attempt.Answered.Contains(key) && !chosen.Stale)
                {
                    rejected.Add(key);
                    continue;
                }

                // The same nonce again (some servers re-send it) keeps counting; a new one starts at 1.
                var state = _realms.TryGetValue(key, out var known) && known.Challenge.Nonce == chosen.Nonce && ReferenceEquals(known.Credentials, credentials)
                    ? known with { Challenge = chosen }
                    : new RealmState(chosen, credentials, Options.CnonceFactory(), 0);
                if (!TryAnswer(attempt, key, ref state, out var header, out var error))
                {
                    unsupported.Add($"realm \"{key.Realm}\": {error}");
                    continue;
                }

                answers.Add((key, state, header));
            }

            if (rejected.Count > 0)
            {
                // Known-bad credentials must not go out pre-emptively on later requests.
                foreach (var key in rejected)
                {
                    _realms.Remove(key);
                    _order.Remove(key);
                }

                return DigestRetryDecision.Stop(
                    DigestFailure.CredentialsRejected,
                    $"challenged again without stale=true for realm {string.Join(", ", rejected.Select(k => $"\"{k.Realm}\""))}: the credentials were refused");
            }

            var skipped = Describe(noCredentials, unsupported);
            if (answers.Count == 0)
            {
                return noCredentials.Count > 0
                    ? DigestRetryDecision.Stop(DigestFailure.NoCredentials, skipped!)
                    : DigestRetryDecision.Stop(DigestFailure.UnsupportedChallenge, skipped!);
            }

            foreach (var (key, state, _) in answers)
            {
                if (!_realms.ContainsKey(key))
                {
                    _order.Add(key);
                }

                _realms[key] = state;
                attempt.Answered.Add(key);
            }

            attempt.Rounds++;

            // The retry carries this response's answers and, again, every realm answered before: a proxy
            // answered in round 1 would otherwise challenge round 2 afresh (RFC 3261 §22.3). A realm this
            // response challenged gets no stale cached answer beside the new one (or instead of none).
            var challengedNow = groups.Select(g => g.Key).ToHashSet();
            var headers = answers.Select(a => a.Header).Concat(CarryOver(attempt, challengedNow)).ToList();
            return DigestRetryDecision.Retry(headers, skipped);
        }
    }

    // Re-sends cached credentials: realms answered earlier in this attempt always, others when pre-emptive.
    private List<AuthorizationHeader> CarryOver(DigestAttempt attempt, HashSet<RealmKey> exclude)
    {
        var headers = new List<AuthorizationHeader>();
        foreach (var key in _order)
        {
            if (exclude.Contains(key) || (!Options.Preemptive && !attempt.Answered.Contains(key)))
            {
                continue;
            }

            var state = _realms[key];
            if (TryAnswer(attempt, key, ref state, out var header, out _))
            {
                _realms[key] = state;
                headers.Add(header);
            }
        }

        return headers;
    }

    private bool TryAnswer(DigestAttempt attempt, RealmKey key, ref RealmState state, out AuthorizationHeader header, out string? error)
    {
        var count = state.NonceCount + 1;
        if (!DigestAuthorization.TryCreate(
            state.Challenge, state.Credentials, attempt.Method, attempt.RequestUri, attempt.Body.Span, count, state.Cnonce,
            Options.AllowUserHash, out var authorization, out error))
        {
            header = default;
            return false;
        }

        state = state with { NonceCount = count };
        header = new AuthorizationHeader(AuthorizationHeader.NameFor(key.Kind), authorization.ToHeaderValue());
        return true;
    }

    // RFC 7616 §3.7: "the client SHOULD use the first challenge it supports" among those of a realm.
    private static bool TryChoose(List<DigestChallenge> challenges, out DigestChallenge chosen, out string? why)
    {
        var reasons = new List<string>();
        foreach (var challenge in challenges)
        {
            if (challenge.Algorithm is null)
            {
                reasons.Add($"unsupported algorithm '{challenge.AlgorithmName}'");
                continue;
            }

            if (!DigestAuthorization.TryChooseQop(challenge.Qop, out _, out var qopError))
            {
                reasons.Add(qopError);
                continue;
            }

            chosen = challenge;
            why = null;
            return true;
        }

        chosen = null!;
        why = string.Join(", ", reasons.Distinct());
        return false;
    }

    private static IEnumerable<(RealmKey Key, List<DigestChallenge> Challenges)> Group(IReadOnlyList<DigestChallenge> challenges, DigestChallengeKind kind)
    {
        var groups = new List<(RealmKey Key, List<DigestChallenge> Challenges)>();
        foreach (var challenge in challenges)
        {
            var key = new RealmKey(kind, challenge.Realm);
            var index = groups.FindIndex(g => g.Key == key);
            if (index < 0)
            {
                groups.Add((key, [challenge]));
            }
            else
            {
                groups[index].Challenges.Add(challenge);
            }
        }

        return groups;
    }

    private static string? Describe(List<string> noCredentials, List<string> unsupported)
    {
        var parts = new List<string>();
        if (noCredentials.Count > 0)
        {
            parts.Add($"no credentials for realm {string.Join(", ", noCredentials)}");
        }

        parts.AddRange(unsupported);
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    // Realms compare exactly (RFC 7616 §3.3: a realm is a string to display and compare, not a name).
    internal readonly record struct RealmKey(DigestChallengeKind Kind, string Realm);

    // What was answered for a realm: the challenge, whose credentials, the cnonce kept with its nonce,
    // and how many requests have used that nonce. No HA1 is kept: it is recomputed each time.
    private sealed record RealmState(DigestChallenge Challenge, DigestCredentials Credentials, string Cnonce, uint NonceCount);
}

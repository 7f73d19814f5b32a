using Swml.Sip.Auth;

namespace Swml.Sip.Tests.Auth;

public sealed class DigestAuthenticatorTests
{
    private const string Target = "sip:bob@127.0.0.1:5062";
    private const string Kamailio = "Digest realm=\"127.0.0.1\", nonce=\"{0}\", qop=\"auth\", algorithm=SHA-256";

    private readonly DigestCredentials _alice = new("alice", "s3cret");
    private int _cnonces;

    [Fact]
    public void TheFirstChallengeIsAnswered()
    {
        var attempt = Authenticator(_alice).Begin("REFER", Target);
        Assert.Empty(attempt.Headers);

        var decision = attempt.OnChallenge(407, [string.Format(Kamailio, "n1")]);

        Assert.True(decision.ShouldRetry, decision.Reason);
        Assert.Equal(DigestFailure.None, decision.Failure);
        Assert.Null(decision.Reason);
        var header = Assert.Single(decision.Headers);
        Assert.Equal("Proxy-Authorization", header.Name);
        var fields = Fields(header.Value);
        Assert.Equal("alice", fields["username"]);
        Assert.Equal("127.0.0.1", fields["realm"]);
        Assert.Equal("n1", fields["nonce"]);
        Assert.Equal(Target, fields["uri"]);
        Assert.Equal("SHA-256", fields["algorithm"]);
        Assert.Equal("auth", fields["qop"]);
        Assert.Equal("00000001", fields["nc"]);
        Assert.Equal("c1", fields["cnonce"]);
        Assert.Equal(Expected(string.Format(Kamailio, "n1"), _alice, "REFER", 1, "c1"), header.Value);
        Assert.Equal(1, attempt.Rounds);
    }

    [Theory]
    [InlineData(401, "Authorization")]
    [InlineData(407, "Proxy-Authorization")]
    public void A401IsAnsweredWithAuthorizationAndA407WithProxyAuthorization(int status, string name)
    {
        var decision = Authenticator(_alice).Begin("REFER", Target).OnChallenge(status, [string.Format(Kamailio, "n1")]);

        Assert.Equal(name, Assert.Single(decision.Headers).Name);
    }

    [Fact]
    public void OtherStatusCodesAreAProgrammingError()
    {
        var attempt = Authenticator(_alice).Begin("REFER", Target);

        Assert.Throws<ArgumentOutOfRangeException>(() => attempt.OnChallenge(403, ["Digest realm=\"r\", nonce=\"n\""]));
    }

    [Fact]
    public void StaleIsRetriedWithTheFreshNonceAndTheCountRestarts()
    {
        var attempt = Authenticator(_alice).Begin("REFER", Target);
        attempt.OnChallenge(407, [string.Format(Kamailio, "n1")]);

        var decision = attempt.OnChallenge(407, [string.Format(Kamailio, "n2") + ", stale=true"]);

        Assert.True(decision.ShouldRetry, decision.Reason);
        var fields = Fields(Assert.Single(decision.Headers).Value);
        Assert.Equal("n2", fields["nonce"]);
        Assert.Equal("00000001", fields["nc"]);
        Assert.Equal("c2", fields["cnonce"]);
        Assert.Equal(2, attempt.Rounds);
    }

    [Theory]
    [InlineData("")]
    [InlineData(", stale=false")]
    [InlineData(", stale=\"no\"")]
    public void TheSameRealmAgainWithoutStaleMeansTheCredentialsWereRefused(string stale)
    {
        var authenticator = Authenticator(_alice);
        var attempt = authenticator.Begin("REFER", Target);
        attempt.OnChallenge(407, [string.Format(Kamailio, "n1")]);

        var decision = attempt.OnChallenge(407, [string.Format(Kamailio, "n2") + stale]);

        Assert.False(decision.ShouldRetry);
        Assert.Equal(DigestFailure.CredentialsRejected, decision.Failure);
        Assert.Empty(decision.Headers);
        Assert.Contains("\"127.0.0.1\"", decision.Reason);
        // Refused credentials are not offered again pre-emptively.
        Assert.Empty(authenticator.CachedRealms);
        Assert.Empty(authenticator.Begin("BYE", Target).Headers);
    }

    [Fact]
    public void WithoutCredentialsThereIsNoRetry()
    {
        var authenticator = Authenticator();

        var decision = authenticator.Begin("REFER", Target).OnChallenge(407, [string.Format(Kamailio, "n1")]);

        Assert.False(authenticator.HasCredentials);
        Assert.False(decision.ShouldRetry);
        Assert.Equal(DigestFailure.NoCredentials, decision.Failure);
        Assert.Equal("no credentials for realm \"127.0.0.1\"", decision.Reason);
    }

    [Fact]
    public void CredentialsForAnotherRealmDoNotApply()
    {
        var decision = Authenticator(new DigestCredentials("alice", "pw", "other.example.com"))
            .Begin("REFER", Target)
            .OnChallenge(401, [string.Format(Kamailio, "n1")]);

        Assert.Equal(DigestFailure.NoCredentials, decision.Failure);
    }

    [Fact]
    public void RealmBoundCredentialsArePickedByRealm()
    {
        var authenticator = Authenticator(new DigestCredentials("proxy-user", "pw1", "proxy.example.com"), new DigestCredentials("uas-user", "pw2", "uas.example.com"));

        var decision = authenticator.Begin("REFER", Target).OnChallenge(
            ["Digest realm=\"uas.example.com\", nonce=\"u\", qop=auth"],
            ["Digest realm=\"proxy.example.com\", nonce=\"p\", qop=auth"]);

        Assert.Equal(
            [("Authorization", "uas-user"), ("Proxy-Authorization", "proxy-user")],
            decision.Headers.Select(h => (h.Name, Fields(h.Value)["username"])));
    }

    [Theory]
    [InlineData("SHA-256", "MD5", "SHA-256")]
    [InlineData("MD5", "SHA-256", "MD5")]
    [InlineData("SHA-1", "SHA-512-256", "SHA-512-256")]
    public void OfSeveralChallengesForARealmTheFirstSupportedInServerOrderIsUsed(string first, string second, string used)
    {
        string[] values =
        [
            $"Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm={first}",
            $"Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm={second}",
        ];

        var decision = Authenticator(_alice).Begin("REFER", Target).OnChallenge(401, values);

        Assert.Equal(used, Fields(Assert.Single(decision.Headers).Value)["algorithm"]);
    }

    [Fact]
    public void AnUnknownAlgorithmAloneStopsWithAReason()
    {
        var decision = Authenticator(_alice).Begin("REFER", Target).OnChallenge(
            401,
            ["Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5", "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1, qop=auth"]);

        Assert.False(decision.ShouldRetry);
        Assert.Equal(DigestFailure.UnsupportedChallenge, decision.Failure);
        Assert.Equal("realm \"r\": unsupported algorithm 'AKAv1-MD5', unsupported algorithm 'SHA-1'", decision.Reason);
    }

    [Fact]
    public void AnUnknownQopAloneStopsWithAReason()
    {
        var decision = Authenticator(_alice).Begin("REFER", Target).OnChallenge(401, ["Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\""]);

        Assert.Equal(DigestFailure.UnsupportedChallenge, decision.Failure);
        Assert.Equal("realm \"r\": unsupported qop 'auth-conf'", decision.Reason);
    }

    [Fact]
    public void StaleChallengesStopAtTheCapOfRounds()
    {
        var attempt = Authenticator(_alice).Begin("REFER", Target);
        var decisions = new List<DigestRetryDecision>();
        for (var i = 1; i <= 5; i++)
        {
            decisions.Add(attempt.OnChallenge(407, [string.Format(Kamailio, $"n{i}") + ", stale=true"]));
        }

        Assert.Equal([true, true, true, false, false], decisions.Select(d => d.ShouldRetry));
        Assert.Equal(DigestFailure.TooManyRounds, decisions[3].Failure);
        Assert.Equal("still challenged after 3 authenticated retries", decisions[3].Reason);
        Assert.Equal(3, attempt.Rounds);
    }

    [Fact]
    public void TheCapIsAnOption()
    {
        var attempt = Authenticator(new DigestAuthenticatorOptions { MaxRounds = 1, CnonceFactory = NextCnonce }, _alice).Begin("REFER", Target);

        Assert.True(attempt.OnChallenge(407, [string.Format(Kamailio, "n1")]).ShouldRetry);
        Assert.Equal(DigestFailure.TooManyRounds, attempt.OnChallenge(407, [string.Format(Kamailio, "n2") + ", stale=true"]).Failure);
    }

    [Fact]
    public void EveryRealmOfTheResponseIsAnswered()
    {
        var decision = Authenticator(_alice).Begin("INVITE", Target).OnChallenge(
            407,
            ["Digest realm=\"a.example.com\", nonce=\"na\", qop=auth", "Digest realm=\"b.example.com\", nonce=\"nb\", qop=auth, algorithm=SHA-256"]);

        Assert.Equal(["a.example.com", "b.example.com"], decision.Headers.Select(h => Fields(h.Value)["realm"]));
        Assert.All(decision.Headers, h => Assert.Equal("Proxy-Authorization", h.Name));
    }

    [Fact]
    public void ARealmThatCannotBeAnsweredIsNamedButTheOthersAreStillRetried()
    {
        var decision = Authenticator(new DigestCredentials("alice", "pw", "a.example.com")).Begin("INVITE", Target).OnChallenge(
            407,
            ["Digest realm=\"a.example.com\", nonce=\"na\", qop=auth", "Digest realm=\"b.example.com\", nonce=\"nb\", qop=auth", "Digest realm=\"c\", nonce=\"nc\", algorithm=SHA-1"]);

        Assert.True(decision.ShouldRetry);
        Assert.Equal("a.example.com", Fields(Assert.Single(decision.Headers).Value)["realm"]);
        Assert.Equal("no credentials for realm \"b.example.com\"; realm \"c\": unsupported algorithm 'SHA-1'", decision.Reason);
    }

    [Fact]
    public void ALaterRoundCarriesTheEarlierRealmsAgainWithTheNextCount()
    {
        var attempt = Authenticator(_alice).Begin("REFER", Target);
        attempt.OnChallenge(407, ["Digest realm=\"proxy\", nonce=\"p1\", qop=auth"]);

        var decision = attempt.OnChallenge(401, ["Digest realm=\"uas\", nonce=\"u1\", qop=auth"]);

        Assert.True(decision.ShouldRetry, decision.Reason);
        Assert.Equal(
            [("Authorization", "uas", "u1", "00000001"), ("Proxy-Authorization", "proxy", "p1", "00000002")],
            decision.Headers.Select(h => (h.Name, Fields(h.Value)["realm"], Fields(h.Value)["nonce"], Fields(h.Value)["nc"])));
    }

    [Fact]
    public void ACachedRealmChallengedAgainButNowUnanswerableIsNotResentWithItsOldNonce()
    {
        var authenticator = Authenticator(_alice);
        authenticator.Begin("REFER", Target).OnChallenge(407, ["Digest realm=\"proxy\", nonce=\"p1\", qop=auth"]);
        var bye = authenticator.Begin("BYE", Target);

        var decision = bye.OnChallenge(
            407,
            ["Digest realm=\"proxy\", nonce=\"p2\", algorithm=SHA-1", "Digest realm=\"other\", nonce=\"o1\", qop=auth"]);

        Assert.True(decision.ShouldRetry, decision.Reason);
        Assert.Equal("other", Fields(Assert.Single(decision.Headers).Value)["realm"]);
    }

    [Fact]
    public void LaterRequestsCarryTheCachedCredentialsPreemptively()
    {
        var authenticator = Authenticator(_alice);
        authenticator.Begin("REFER", Target).OnChallenge(407, [string.Format(Kamailio, "n1")]);

        var bye = authenticator.Begin("BYE", Target);
        var notify = authenticator.Begin("NOTIFY", "sip:bob@127.0.0.1:5062;transport=tcp");

        var byeHeader = Assert.Single(bye.Headers);
        Assert.Equal("Proxy-Authorization", byeHeader.Name);
        Assert.Equal(Expected(string.Format(Kamailio, "n1"), _alice, "BYE", 2, "c1"), byeHeader.Value);
        var notifyFields = Fields(Assert.Single(notify.Headers).Value);
        Assert.Equal("00000003", notifyFields["nc"]);
        Assert.Equal("sip:bob@127.0.0.1:5062;transport=tcp", notifyFields["uri"]);
        Assert.Equal(["127.0.0.1"], authenticator.CachedRealms);
    }

    [Fact]
    public void PreemptiveCredentialsCanBeTurnedOff()
    {
        var authenticator = Authenticator(new DigestAuthenticatorOptions { Preemptive = false, CnonceFactory = NextCnonce }, _alice);
        authenticator.Begin("REFER", Target).OnChallenge(407, [string.Format(Kamailio, "n1")]);

        Assert.Empty(authenticator.Begin("BYE", Target).Headers);
    }

    [Fact]
    public void AChallengeToPreemptiveCredentialsIsAFirstChallengeNotARefusal()
    {
        // kamailio answers an expired nonce with a plain challenge unless the script asks for stale=true.
        var authenticator = Authenticator(_alice);
        authenticator.Begin("REFER", Target).OnChallenge(407, [string.Format(Kamailio, "n1")]);
        var bye = authenticator.Begin("BYE", Target);

        var decision = bye.OnChallenge(407, [string.Format(Kamailio, "n2")]);

        Assert.True(decision.ShouldRetry, decision.Reason);
        var fields = Fields(Assert.Single(decision.Headers).Value);
        Assert.Equal(("n2", "00000001", "c2"), (fields["nonce"], fields["nc"], fields["cnonce"]));
        Assert.Equal(DigestFailure.CredentialsRejected, bye.OnChallenge(407, [string.Format(Kamailio, "n3")]).Failure);
    }

    [Fact]
    public void ForgetDropsTheCache()
    {
        var authenticator = Authenticator(_alice);
        authenticator.Begin("REFER", Target).OnChallenge(407, [string.Format(Kamailio, "n1")]);

        authenticator.Forget();

        Assert.Empty(authenticator.Begin("BYE", Target).Headers);
    }

    [Theory]
    [InlineData(new string[0], "the response has no Digest challenge")]
    [InlineData(new[] { "Basic realm=\"x\"" }, "the response has no Digest challenge")]
    [InlineData(new[] { "Digest realm=\"x\", nonce=\"unterminated" }, "no valid Digest challenge: the quoted string of 'nonce' starting at offset 24 is not closed")]
    [InlineData(new[] { "\u0000\u0001garbage", "Digest" }, "no valid Digest challenge: expected an auth-scheme at offset 0; the Digest challenge has no realm")]
    public void GarbageStopsWithAReason(string[] values, string reason)
    {
        var decision = Authenticator(_alice).Begin("REFER", Target).OnChallenge(401, values);

        Assert.Equal(DigestFailure.NoChallenge, decision.Failure);
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public void AuthIntHashesTheBodyGivenToBegin()
    {
        var body = "SIP/2.0 200 OK\r\n"u8.ToArray();
        var challenge = "Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"";

        var header = Assert.Single(Authenticator(_alice).Begin("NOTIFY", Target, body).OnChallenge(401, [challenge]).Headers);

        Assert.True(DigestChallenge.TryParse(challenge, out var parsed, out _));
        Assert.True(DigestAuthorization.TryCreate(parsed, _alice, "NOTIFY", Target, body, 1, "c1", true, out var expected, out _));
        Assert.Equal(expected.ToHeaderValue(), header.Value);
        Assert.Equal("auth-int", Fields(header.Value)["qop"]);
    }

    [Fact]
    public void UserhashIsUsedWhenOfferedUnlessTurnedOff()
    {
        var challenge = "Digest realm=\"r\", nonce=\"n\", qop=auth, userhash=true";

        var hashed = Assert.Single(Authenticator(_alice).Begin("BYE", Target).OnChallenge(401, [challenge]).Headers);
        var plain = Assert.Single(Authenticator(new DigestAuthenticatorOptions { AllowUserHash = false, CnonceFactory = NextCnonce }, _alice).Begin("BYE", Target).OnChallenge(401, [challenge]).Headers);

        Assert.Equal(DigestAlgorithm.Md5.Hash("alice:r"), Fields(hashed.Value)["username"]);
        Assert.Equal("true", Fields(hashed.Value)["userhash"]);
        Assert.Equal("alice", Fields(plain.Value)["username"]);
    }

    [Fact]
    public void TheDefaultCnonceIsRandomHex()
    {
        var first = Fields(Assert.Single(new DigestAuthenticator([_alice]).Begin("BYE", Target).OnChallenge(401, ["Digest realm=\"r\", nonce=\"n\", qop=auth"]).Headers).Value)["cnonce"];
        var second = Fields(Assert.Single(new DigestAuthenticator([_alice]).Begin("BYE", Target).OnChallenge(401, ["Digest realm=\"r\", nonce=\"n\", qop=auth"]).Headers).Value)["cnonce"];

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void ConcurrentRequestsNeverShareANonceCount()
    {
        var authenticator = Authenticator(_alice);
        authenticator.Begin("REFER", Target).OnChallenge(407, [string.Format(Kamailio, "n1")]);

        var counts = Enumerable.Range(0, 200).AsParallel().Select(_ => Fields(authenticator.Begin("NOTIFY", Target).Headers[0].Value)["nc"]).ToList();

        Assert.Equal(200, counts.Distinct().Count());
        Assert.Equal("000000c9", counts.Max());
    }

    [Fact]
    public void NoPasswordOrHa1InAnythingTheAuthenticatorReturns()
    {
        var authenticator = Authenticator(_alice);
        var attempt = authenticator.Begin("REFER", Target);
        var decisions = new[]
        {
            attempt.OnChallenge(407, [string.Format(Kamailio, "n1")]),
            attempt.OnChallenge(407, [string.Format(Kamailio, "n2")]),
        };
        var ha1 = DigestAlgorithm.Sha256.Hash("alice:127.0.0.1:s3cret");

        var texts = decisions.SelectMany(d => d.Headers.Select(h => h.ToString()).Append(d.ToString()))
            .Concat(authenticator.Begin("BYE", Target).Headers.Select(h => h.Value))
            .Append(_alice.ToString());
        Assert.All(texts, t =>
        {
            Assert.DoesNotContain("s3cret", t);
            Assert.DoesNotContain(ha1, t);
        });
    }

    private DigestAuthenticator Authenticator(params DigestCredentials[] credentials) =>
        Authenticator(new DigestAuthenticatorOptions { CnonceFactory = NextCnonce }, credentials);

    private static DigestAuthenticator Authenticator(DigestAuthenticatorOptions options, params DigestCredentials[] credentials) =>
        new(credentials, options);

    private string NextCnonce() => $"c{Interlocked.Increment(ref _cnonces)}";

    private static string Expected(string challenge, DigestCredentials credentials, string method, uint nc, string cnonce)
    {
        Assert.True(DigestChallenge.TryParse(challenge, out var parsed, out _));
        Assert.True(DigestAuthorization.TryCreate(parsed, credentials, method, Target, nc, cnonce, out var authorization, out var error), error);
        return authorization.ToHeaderValue();
    }

    // Reads our own header back with the challenge parser: "Digest" then auth-params.
    private static Dictionary<string, string> Fields(string value)
    {
        var challenge = Assert.Single(ChallengeParser.Parse(value, out var error));
        Assert.Null(error);
        return challenge.Parameters.ToDictionary(p => p.Key, p => p.Value);
    }
}

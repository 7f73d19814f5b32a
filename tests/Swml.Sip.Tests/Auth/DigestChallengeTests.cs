using Swml.Sip.Auth;

namespace Swml.Sip.Tests.Auth;

public sealed class DigestChallengeTests
{
    [Fact]
    public void TheRfc2617ChallengeParses()
    {
        var value = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

        Assert.True(DigestChallenge.TryParse(value, out var challenge, out var error), error);
        Assert.Equal("Digest", challenge.Scheme);
        Assert.Equal("testrealm@host.com", challenge.Realm);
        Assert.Equal("dcd98b7102dd2f0e8b11d0f600bfb0c093", challenge.Nonce);
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", challenge.Opaque);
        Assert.Equal(["auth", "auth-int"], challenge.Qop);
        Assert.False(challenge.Stale);
        Assert.Null(challenge.AlgorithmName);
        Assert.Same(DigestAlgorithm.Md5, challenge.Algorithm);
    }

    [Fact]
    public void KamailiosSha256ChallengeParses()
    {
        // As kamailio 5.6.3 sent it in sip-refer-notes.md §4.4.
        var value = "Digest realm=\"127.0.0.1\", nonce=\"Y2xvY2s6MTcwMDAwMDAwMA==\", qop=\"auth\", algorithm=SHA-256";

        Assert.True(DigestChallenge.TryParse(value, out var challenge, out _));
        Assert.Equal("127.0.0.1", challenge.Realm);
        Assert.Equal("Y2xvY2s6MTcwMDAwMDAwMA==", challenge.Nonce);
        Assert.Equal("SHA-256", challenge.AlgorithmName);
        Assert.Same(DigestAlgorithm.Sha256, challenge.Algorithm);
        Assert.Equal(["auth"], challenge.Qop);
    }

    [Fact]
    public void CommasAndEscapedQuotesInsideQuotedStringsSurvive()
    {
        // SIPSorcery split the value on every comma, so a realm like this one broke its parser.
        var value = "Digest realm=\"Acme, Inc. \\\"main\\\" PBX\", nonce=\"a,b,c\", opaque=\"x\\\\y\", qop=\"auth\"";

        Assert.True(DigestChallenge.TryParse(value, out var challenge, out var error), error);
        Assert.Equal("Acme, Inc. \"main\" PBX", challenge.Realm);
        Assert.Equal("a,b,c", challenge.Nonce);
        Assert.Equal("x\\y", challenge.Opaque);
        Assert.Equal(["auth"], challenge.Qop);
    }

    [Theory]
    [InlineData("qop=\"auth,auth-int\"", new[] { "auth", "auth-int" })]
    [InlineData("qop=\"auth, auth-int\"", new[] { "auth", "auth-int" })]
    [InlineData("qop=\" auth-int ,auth \"", new[] { "auth-int", "auth" })]
    [InlineData("qop=\"auth,,auth-int,\"", new[] { "auth", "auth-int" })]
    [InlineData("qop=auth", new[] { "auth" })]
    [InlineData("qop=\"auth-conf\"", new[] { "auth-conf" })]
    [InlineData("qop=\"\"", new string[0])]
    public void QopListsSplitOnCommasAndSpaces(string qop, string[] expected)
    {
        Assert.True(DigestChallenge.TryParse($"Digest realm=\"r\", nonce=\"n\", {qop}", out var challenge, out var error), error);
        Assert.Equal(expected, challenge.Qop);
    }

    [Fact]
    public void AnAbsentQopIsAnEmptyList()
    {
        Assert.True(DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n\"", out var challenge, out _));
        Assert.Empty(challenge.Qop);
    }

    [Theory]
    [InlineData("stale=true", true)]
    [InlineData("stale=TRUE", true)]
    [InlineData("stale=True", true)]
    [InlineData("stale=\"true\"", true)]
    [InlineData("stale=\"TRUE\"", true)]
    [InlineData("stale=false", false)]
    [InlineData("stale=FALSE", false)]
    [InlineData("stale=yes", false)]
    [InlineData("stale=1", false)]
    [InlineData("opaque=\"stale=true\"", false)]
    public void OnlyStaleTrueInAnyCaseIsStale(string parameter, bool stale)
    {
        Assert.True(DigestChallenge.TryParse($"Digest realm=\"r\", nonce=\"n\", {parameter}", out var challenge, out var error), error);
        Assert.Equal(stale, challenge.Stale);
    }

    [Theory]
    [InlineData("algorithm=MD5", "MD5")]
    [InlineData("algorithm=\"md5\"", "MD5")]
    [InlineData("algorithm=MD5-sess", "MD5-sess")]
    [InlineData("algorithm=SHA-256", "SHA-256")]
    [InlineData("algorithm=SHA-256-sess", "SHA-256-sess")]
    [InlineData("algorithm=SHA-512-256", "SHA-512-256")]
    [InlineData("algorithm=SHA-512-256-sess", "SHA-512-256-sess")]
    public void KnownAlgorithmsAreRecognised(string parameter, string name)
    {
        Assert.True(DigestChallenge.TryParse($"Digest realm=\"r\", nonce=\"n\", {parameter}", out var challenge, out _));
        Assert.Equal(name, challenge.Algorithm?.Name);
    }

    [Fact]
    public void AnUnknownAlgorithmParsesButIsNotSupported()
    {
        Assert.True(DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5", out var challenge, out _));
        Assert.Equal("AKAv1-MD5", challenge.AlgorithmName);
        Assert.Null(challenge.Algorithm);
    }

    [Fact]
    public void OddWhitespaceUnquotedValuesAndUnknownParametersAreTolerated()
    {
        var value = "  digest   realm = asterisk ,nonce=4e54/a+b==,\t algorithm = \"MD5\" ,, x-vendor=\"keep me\",\r\n domain=\"sip:a.example.com  sip:b.example.com\" , charset=UTF-8 , userhash=TRUE ";

        Assert.True(DigestChallenge.TryParse(value, out var challenge, out var error), error);
        Assert.Equal("digest", challenge.Scheme);
        Assert.Equal("asterisk", challenge.Realm);
        Assert.Equal("4e54/a+b==", challenge.Nonce);
        Assert.Same(DigestAlgorithm.Md5, challenge.Algorithm);
        Assert.Equal("keep me", challenge["X-VENDOR"]);
        Assert.Equal(["sip:a.example.com", "sip:b.example.com"], challenge.Domain);
        Assert.Equal("UTF-8", challenge.Charset);
        Assert.True(challenge.UserHash);
        Assert.Equal(["realm", "nonce", "algorithm", "x-vendor", "domain", "charset", "userhash"], challenge.Parameters.Select(p => p.Key));
    }

    [Fact]
    public void SeveralHeaderValuesGiveSeveralChallengesInOrder()
    {
        string[] values =
        [
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
        ];

        var challenges = DigestChallenge.ParseAll(values, out var errors);

        Assert.Empty(errors);
        Assert.Equal(["SHA-256", "MD5"], challenges.Select(c => c.Algorithm!.Name));
    }

    [Fact]
    public void OneValueMayHoldSeveralChallengesAndOtherSchemesAreSkipped()
    {
        var value = "Basic realm=\"simple\", Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagGDAW==, Digest realm=\"a\", nonce=\"1, 2\", algorithm=SHA-256, Digest realm=\"b\", nonce=\"3\", Bearer";

        var challenges = DigestChallenge.ParseAll([value], out var errors);

        Assert.Empty(errors);
        Assert.Equal(["a", "b"], challenges.Select(c => c.Realm));
        Assert.Equal("1, 2", challenges[0].Nonce);
        Assert.Same(DigestAlgorithm.Md5, challenges[1].Algorithm);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("Basic realm=\"x\"", "no Digest challenge")]
    [InlineData("Digest", "no realm")]
    [InlineData("Digest realm=\"r\"", "no nonce")]
    [InlineData("Digest nonce=\"n\"", "no realm")]
    [InlineData("Digest realm=\"r\", nonce=\"n", "not closed")]
    [InlineData("Digest realm=\"r\", nonce=\"n\\", "not closed")]
    [InlineData("Digest realm=\"r\" nonce=\"n\"", "expected ','")]
    [InlineData("Digest realm=\"r\", nonce=", "no value")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", realm=\"s\"", "twice")]
    [InlineData("Digest realm=\"r\", NONCE=\"n\", nonce=\"m\"", "twice")]
    [InlineData("Digest dGVzdA==", "token68")]
    [InlineData("Digest realm=\"r\x0d\x0aVia: x\", nonce=\"n\"", "control character")]
    [InlineData("Digest realm=\"r\", nonce=\"n\0\"", "control character")]
    [InlineData("\"Digest\" realm=\"r\"", "auth-scheme")]
    [InlineData("Digest realm=\"r\", =\"n\"", "parameter name")]
    // "nonce" without "=" after a comma starts a new challenge (RFC 7235 §4.1), whose "n" is no parameter.
    [InlineData("Digest realm=\"r\", nonce \"n\"", "no nonce; expected a parameter name")]
    [InlineData("Digest realm \"r\", nonce=\"n\"", "expected '=' after the parameter 'realm'")]
    [InlineData("Digest\"realm\"", "space after")]
    public void GarbageGivesAnErrorNotAnException(string value, string expected)
    {
        Assert.False(DigestChallenge.TryParse(value, out var challenge, out var error));
        Assert.Null(challenge);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void AGoodChallengeBesideABadOneIsStillUsed()
    {
        var challenges = DigestChallenge.ParseAll(["Digest realm=\"a\"", null, "Digest realm=\"b\", nonce=\"n\""], out var errors);

        Assert.Equal("b", Assert.Single(challenges).Realm);
        Assert.Equal(["the Digest challenge has no nonce", "an empty challenge"], errors);
    }

    [Fact]
    public void ToStringWritesTheChallengeBackWithQuotingRestored()
    {
        Assert.True(DigestChallenge.TryParse("Digest realm=\"a \\\"b\\\", c\", nonce=n, algorithm=SHA-256, stale=TRUE", out var challenge, out _));

        Assert.Equal("Digest realm=\"a \\\"b\\\", c\", nonce=\"n\", algorithm=SHA-256, stale=TRUE", challenge.ToString());
        Assert.True(DigestChallenge.TryParse(challenge.ToString(), out var again, out _));
        Assert.Equal(challenge.Parameters, again.Parameters);
    }
}

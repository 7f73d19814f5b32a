using System.Text;
using Swml.Sip.Auth;

namespace Swml.Sip.Tests.Auth;

public sealed class DigestAuthorizationTests
{
    private const string Rfc7616Challenge =
        "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={0}, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    [Fact]
    public void Rfc2617Section3_5()
    {
        var challenge = Parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");

        var authorization = Answer(challenge, new DigestCredentials("Mufasa", "Circle Of Life"), "GET", "/dir/index.html", 1, "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", authorization.Response);
        Assert.Equal(
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", " +
            "response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, cnonce=\"0a4f113b\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, nc=00000001",
            authorization.ToHeaderValue());
    }

    [Theory]
    // RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256 (password "Circle of Life",
    // lower-case "of", per verified erratum 4495).
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Rfc7616Section3_9_1(string algorithm, string response)
    {
        var challenge = Parse(string.Format(Rfc7616Challenge, algorithm));

        var authorization = Answer(challenge, new DigestCredentials("Mufasa", "Circle of Life"), "GET", "/dir/index.html", 1, Rfc7616Cnonce);

        Assert.Equal(response, authorization.Response);
        Assert.Equal("auth", authorization.Qop);
        Assert.Equal(
            $"Digest username=\"Mufasa\", realm=\"http-auth@example.org\", nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", " +
            $"response=\"{response}\", algorithm={algorithm}, cnonce=\"{Rfc7616Cnonce}\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", qop=auth, nc=00000001",
            authorization.ToHeaderValue());
    }

    [Fact]
    public void Rfc7616Section3_9_2WithUserhash()
    {
        // The RFC prints username="488869477bf2..." and response="ae66e67d6b42..."; both are wrong, as
        // erratum 4897 reports. The values below are the ones its formulas give (checked with OpenSSL's
        // SHA-512/256 through Python's hashlib), for username "Jäsøn Doe" in UTF-8.
        var challenge = Parse("Digest realm=\"api@example.org\", qop=\"auth\", algorithm=SHA-512-256, nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", charset=UTF-8, userhash=true");

        var authorization = Answer(challenge, new DigestCredentials("J\u00e4s\u00f8n Doe", "Secret, or not?"), "GET", "/doe.json", 1, "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v");

        Assert.True(authorization.UserHash);
        Assert.Equal("793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b", authorization.Username);
        Assert.Equal("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5", authorization.Response);
        Assert.EndsWith(", qop=auth, nc=00000001, userhash=true", authorization.ToHeaderValue());
        Assert.StartsWith("Digest username=\"793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b\", realm=\"api@example.org\"", authorization.ToHeaderValue());
    }

    [Fact]
    public void UserhashCanBeDeclined()
    {
        var challenge = Parse("Digest realm=\"api@example.org\", qop=\"auth\", algorithm=SHA-512-256, nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", charset=UTF-8, userhash=true");

        Assert.True(DigestAuthorization.TryCreate(challenge, new DigestCredentials("J\u00e4s\u00f8n Doe", "Secret, or not?"), "GET", "/doe.json", default, 1, "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v", allowUserHash: false, out var authorization, out _));

        Assert.False(authorization.UserHash);
        Assert.Equal("J\u00e4s\u00f8n Doe", authorization.Username);
        Assert.Equal("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5", authorization.Response);
        Assert.DoesNotContain("userhash", authorization.ToHeaderValue());
    }

    [Fact]
    public void WithoutQopTheRfc2069FormIsUsed()
    {
        // RFC 2069 §2.4's example (password "CircleOfLife"): no qop, so no nc and no cnonce.
        var challenge = Parse("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");

        var authorization = Answer(challenge, new DigestCredentials("Mufasa", "CircleOfLife"), "GET", "/dir/index.html", 1, "ignored");

        Assert.Equal("1949323746fe6a43ef61f9606e7febea", authorization.Response);
        Assert.Null(authorization.Qop);
        Assert.Null(authorization.CNonce);
        Assert.Equal(
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", " +
            "response=\"1949323746fe6a43ef61f9606e7febea\", algorithm=MD5, opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
            authorization.ToHeaderValue());
    }

    [Theory]
    // Expected values computed independently with Python's hashlib from the RFC 7616 §3.4 formulas.
    [InlineData("SHA-256-sess", "BYE", "sip:bob@192.0.2.4:5062", "auth", "0b9c58caa70f84a8b2012a09a1454ed7f16e7938767be52ea33767f2660c005d")]
    [InlineData("SHA-512-256-sess", "BYE", "sip:bob@192.0.2.4:5062", "auth", "2ca6c0fdbba931538473e2fec3350c3af2c2ba2f2b3392d4687c506a92049551")]
    [InlineData("MD5-sess", "REFER", "sip:bob@192.0.2.4:5062;transport=udp", "auth-int", "aee15e9879d521a91e3492f097becf1e")]
    public void SessAlgorithmsAndAuthIntFollowTheFormulas(string algorithm, string method, string uri, string qop, string response)
    {
        var challenge = Parse($"Digest realm=\"sip.example.com\", nonce=\"abc123\", qop=\"{qop}\", algorithm={algorithm}");
        var body = Encoding.UTF8.GetBytes("SIP/2.0 200 OK\r\n");

        Assert.True(DigestAuthorization.TryCreate(challenge, new DigestCredentials("alice", "s3cret"), method, uri, body, 2, "deadbeef", allowUserHash: true, out var authorization, out var error), error);

        Assert.Equal(response, authorization.Response);
        Assert.Equal(qop, authorization.Qop);
        Assert.Contains($", algorithm={algorithm}, cnonce=\"deadbeef\", qop={qop}, nc=00000002", authorization.ToHeaderValue());
    }

    [Fact]
    public void AuthIsPreferredOverAuthIntAndTheReplyQopIsAnUnquotedToken()
    {
        var challenge = Parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int,auth\"");

        var authorization = Answer(challenge, new DigestCredentials("u", "p"), "REFER", "sip:bob@example.com", 1, "c");

        Assert.Equal("auth", authorization.Qop);
        Assert.Contains(", qop=auth, nc=00000001", authorization.ToHeaderValue());
        Assert.DoesNotContain("qop=\"", authorization.ToHeaderValue());
    }

    [Fact]
    public void TheNonceCountIsEightLowerCaseHexDigits()
    {
        var challenge = Parse("Digest realm=\"r\", nonce=\"n\", qop=auth");

        var authorization = Answer(challenge, new DigestCredentials("u", "p"), "BYE", "sip:b@h", 0xABCDE, "c");

        Assert.EndsWith(", nc=000abcde", authorization.ToHeaderValue());
    }

    [Fact]
    public void TheServersSpellingOfTheAlgorithmIsEchoed()
    {
        var challenge = Parse("Digest realm=\"r\", nonce=\"n\", qop=auth, algorithm=\"sha-256\"");

        var authorization = Answer(challenge, new DigestCredentials("u", "p"), "BYE", "sip:b@h", 1, "c");

        Assert.Equal("sha-256", authorization.Algorithm);
        Assert.Equal(64, authorization.Response.Length);
    }

    [Fact]
    public void QuotesAndBackslashesInEchoedValuesAreEscaped()
    {
        var challenge = Parse("Digest realm=\"a \\\"b\\\" c\", nonce=\"n\\\\1\", opaque=\"o,p\"");

        var authorization = Answer(challenge, new DigestCredentials("al\"ice", "p"), "BYE", "sip:b@h", 1, "c");

        Assert.Equal(
            $"Digest username=\"al\\\"ice\", realm=\"a \\\"b\\\" c\", nonce=\"n\\\\1\", uri=\"sip:b@h\", response=\"{authorization.Response}\", algorithm=MD5, opaque=\"o,p\"",
            authorization.ToHeaderValue());
        // The hash covers the unquoted values (RFC 7616 §3.4.1, unq()).
        var expectedHa1 = DigestAlgorithm.Md5.Hash("al\"ice:a \"b\" c:p");
        Assert.Equal(DigestAlgorithm.Md5.Hash($"{expectedHa1}:n\\1:{DigestAlgorithm.Md5.Hash("BYE:sip:b@h")}"), authorization.Response);
    }

    [Theory]
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1", "unsupported algorithm 'SHA-1'")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\"", "unsupported qop 'auth-conf'")]
    public void AnUnsupportedChallengeIsAnError(string value, string expected)
    {
        Assert.False(DigestAuthorization.TryCreate(Parse(value), new DigestCredentials("u", "p"), "BYE", "sip:b@h", 1, "c", out var authorization, out var error));
        Assert.Null(authorization);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("u", "BYE", "sip:b@h", "c", 0u, "nonce count")]
    [InlineData("u", "", "sip:b@h", "c", 1u, "method")]
    [InlineData("u", "B YE", "sip:b@h", "c", 1u, "method")]
    [InlineData("u", "BYE", "", "c", 1u, "request URI")]
    [InlineData("u", "BYE", "sip:b@h\r\nX: y", "c", 1u, "request URI")]
    [InlineData("u\n", "BYE", "sip:b@h", "c", 1u, "username")]
    [InlineData("u", "BYE", "sip:b@h", "", 1u, "cnonce")]
    public void UnusableInputIsAnError(string username, string method, string uri, string cnonce, uint nc, string expected)
    {
        var challenge = Parse("Digest realm=\"r\", nonce=\"n\", qop=auth");

        Assert.False(DigestAuthorization.TryCreate(challenge, new DigestCredentials(username, "p"), method, uri, nc, cnonce, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void NeitherThePasswordNorHa1AppearsInAnyText()
    {
        var credentials = new DigestCredentials("Mufasa", "Circle Of Life", "testrealm@host.com");
        var challenge = Parse("Digest realm=\"testrealm@host.com\", qop=\"auth\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"");
        var authorization = Answer(challenge, credentials, "GET", "/dir/index.html", 1, "0a4f113b");
        var ha1 = DigestAlgorithm.Md5.Hash("Mufasa:testrealm@host.com:Circle Of Life");

        foreach (var text in new[] { credentials.ToString(), authorization.ToString(), authorization.ToHeaderValue(), challenge.ToString() })
        {
            Assert.DoesNotContain("Circle", text);
            Assert.DoesNotContain(ha1, text);
        }

        Assert.Equal("Mufasa (realm \"testrealm@host.com\")", credentials.ToString());
        Assert.DoesNotContain(typeof(DigestCredentials).GetProperties(), p => p.Name == "Password");
    }

    private static DigestChallenge Parse(string value)
    {
        Assert.True(DigestChallenge.TryParse(value, out var challenge, out var error), error);
        return challenge;
    }

    private static DigestAuthorization Answer(DigestChallenge challenge, DigestCredentials credentials, string method, string uri, uint nc, string cnonce)
    {
        Assert.True(DigestAuthorization.TryCreate(challenge, credentials, method, uri, nc, cnonce, out var authorization, out var error), error);
        return authorization;
    }
}

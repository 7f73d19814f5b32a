using System.Text;
using Swml.Sip.Auth;

namespace Swml.Sip.Tests.Auth;

/// <summary>
/// Property checks over random and mutated header values, with fixed seeds so a failure replays.
/// Peer input must never make the auth layer throw, and what parses must survive a round trip.
/// </summary>
public sealed class DigestFuzzTests
{
    private const int Iterations = 20_000;

    // Characters that matter to the grammar, weighted by repetition, plus some that should not appear.
    private const string Alphabet = "\"\"\"\\\\,,,,===   \t\r\nabcDEFxyz019-._~+/@:;<>()[]{}?*'\u00e4\u20ac\0\u007f";

    private static readonly string[] Seeds =
    [
        "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
        "Digest realm=\"127.0.0.1\", nonce=\"Y2xvY2s6MTcwMDAwMDAwMA==\", qop=\"auth\", algorithm=SHA-256, stale=true",
        "Digest realm=\"a \\\"b\\\", c\", nonce=\"1,2\", algorithm=MD5-sess, qop=auth-int, opaque=\"x\\\\y\"",
        "digest realm=asterisk,nonce=4e54,algorithm=md5",
        "Basic realm=\"x\", Digest realm=\"r\", nonce=\"n\", Negotiate abc==, Digest realm=\"s\", nonce=\"m\", userhash=true, charset=UTF-8",
        "Digest realm=\"api@example.org\", qop=\"auth\", algorithm=SHA-512-256, nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", domain=\"sip:a sip:b\"",
    ];

    [Fact]
    public void MutatedChallengesNeverThrowAndRoundTrip()
    {
        var random = new Random(7616);
        var parsed = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var value = Mutate(random, Seeds[random.Next(Seeds.Length)]);
            parsed += Check(value) ? 1 : 0;
        }

        // The mutations must leave enough valid challenges for the round-trip property to mean something.
        Assert.InRange(parsed, Iterations / 10, Iterations);
    }

    [Fact]
    public void RandomTextNeverThrows()
    {
        var random = new Random(2617);
        for (var i = 0; i < Iterations; i++)
        {
            var length = random.Next(0, 120);
            var builder = new StringBuilder(random.Next(3) == 0 ? "Digest " : "");
            for (var j = 0; j < length; j++)
            {
                builder.Append(random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : Alphabet[random.Next(Alphabet.Length)]);
            }

            Check(builder.ToString());
        }
    }

    [Fact]
    public void GeneratedChallengesWithAwkwardValuesRoundTripExactly()
    {
        var random = new Random(8760);
        string[] algorithms = ["MD5", "md5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-SESS"];
        for (var i = 0; i < Iterations; i++)
        {
            var realm = RandomText(random, 1);
            var nonce = RandomText(random, 1);
            var opaque = RandomText(random, 0);
            var algorithm = algorithms[random.Next(algorithms.Length)];
            var builder = new StringBuilder("Digest ");
            builder.Append("realm=");
            Quote(builder, realm);
            builder.Append(random.Next(2) == 0 ? ", " : " ,\t").Append("nonce=");
            Quote(builder, nonce);
            builder.Append(", opaque=");
            Quote(builder, opaque);
            builder.Append(", algorithm=").Append(algorithm).Append(", qop=\"auth-int, auth\"");
            var value = builder.ToString();

            Assert.True(DigestChallenge.TryParse(value, out var challenge, out var error), $"{error}: {value}");
            Assert.Equal(realm, challenge.Realm);
            Assert.Equal(nonce, challenge.Nonce);
            Assert.Equal(opaque, challenge.Opaque);
            Assert.NotNull(challenge.Algorithm);

            Assert.True(DigestAuthorization.TryCreate(challenge, new DigestCredentials("alice", "pw"), "REFER", "sip:bob@example.com", 1, "c", out var authorization, out error), error);
            var echoed = Assert.Single(ChallengeParser.Parse(authorization.ToHeaderValue(), out error));
            Assert.Null(error);
            var fields = echoed.Parameters.ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal(realm, fields["realm"]);
            Assert.Equal(nonce, fields["nonce"]);
            Assert.Equal(opaque, fields["opaque"]);
            Assert.Equal("auth", fields["qop"]);
        }
    }

    // Returns whether the value held a usable challenge; asserts the properties either way.
    private static bool Check(string value)
    {
        try
        {
            DigestChallenge.ParseAll([value, value], out _);
            if (!DigestChallenge.TryParse(value, out var challenge, out var error))
            {
                Assert.False(string.IsNullOrEmpty(error));
                return false;
            }

            // What parses writes back to an equal challenge.
            Assert.True(DigestChallenge.TryParse(challenge.ToString(), out var again, out error), $"{error}: {challenge}");
            Assert.Equal(challenge.Parameters, again.Parameters);

            if (DigestAuthorization.TryCreate(challenge, new DigestCredentials("alice", "pw"), "REFER", "sip:bob@example.com", 1, "c", out var authorization, out _))
            {
                Assert.Single(ChallengeParser.Parse(authorization.ToHeaderValue(), out error));
                Assert.Null(error);
            }

            var decision = new DigestAuthenticator([new DigestCredentials("alice", "pw")]).Begin("REFER", "sip:bob@example.com").OnChallenge(407, [value]);
            Assert.Equal(decision.ShouldRetry, decision.Headers.Count > 0);
            return true;
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{exception.GetType().Name} for {Escape(value)}: {exception.Message}");
            return false;
        }
    }

    private static string Mutate(Random random, string seed)
    {
        var text = new StringBuilder(seed);
        var edits = random.Next(1, 5);
        for (var i = 0; i < edits && text.Length > 0; i++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(6))
            {
                case 0:
                    text.Remove(at, 1);
                    break;
                case 1:
                    text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2:
                    text[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 3:
                    text.Length = at;
                    break;
                case 4:
                    var length = random.Next(1, Math.Min(20, text.Length - at) + 1);
                    text.Insert(random.Next(text.Length), text.ToString(at, length));
                    break;
                default:
                    // Mostly harmless edits, so that many mutants still parse.
                    text.Insert(at, random.Next(2) == 0 ? " " : ", ");
                    break;
            }
        }

        return text.ToString();
    }

    private static string RandomText(Random random, int minLength)
    {
        const string Awkward = "\"\\, =;:@/abcXYZ019\t\u00e4";
        var builder = new StringBuilder();
        var length = random.Next(minLength, 16);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Awkward[random.Next(Awkward.Length)]);
        }

        return builder.ToString();
    }

    private static void Quote(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            builder.Append(c is '"' or '\\' ? "\\" + c : c.ToString());
        }

        builder.Append('"');
    }

    private static string Escape(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value)
        {
            builder.Append(c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.ToString();
    }
}

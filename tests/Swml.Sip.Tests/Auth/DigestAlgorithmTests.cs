using System.Security.Cryptography;
using System.Text;
using Swml.Sip.Auth;

namespace Swml.Sip.Tests.Auth;

public sealed class DigestAlgorithmTests
{
    [Theory]
    // FIPS 180-4 SHA-512/256 examples (NIST CSRC "SHA512_256.pdf"): "abc" and the two-block message.
    [InlineData("abc", "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a")]
    [InlineData("", "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a")]
    public void Sha512_256MatchesTheNistExamples(string message, string expected)
    {
        Assert.Equal(expected, DigestAlgorithm.Sha512_256.Hash(message));
    }

    [Theory]
    // 111 bytes leave room for the 0x80 and the 16-byte length in one block, 112 do not; 1000 span
    // several blocks. The expected values came from OpenSSL (Python's hashlib.new("sha512_256")).
    [InlineData('x', 111, "79a6132b3c9df0f7dfcb5c9c3c663d829a6e7f1c26440afa4eb49cfef669c8ea")]
    [InlineData('x', 112, "5349e8f46fcc4e650fe93ee6cd1459ff00c27733cc6f86c1925ceef63bece149")]
    [InlineData('y', 1000, "92b5f557142566ee087adff3375d2f8578cedc259f7cbf62b6855a08dbf74087")]
    public void Sha512_256HandlesThePaddingBoundaries(char letter, int count, string expected)
    {
        Assert.Equal(expected, DigestAlgorithm.Sha512_256.Hash(new string(letter, count)));
    }

    [Fact]
    public void Md5AndSha256AreTheFrameworkHashesInLowerCaseHex()
    {
        var data = "Mufasa:testrealm@host.com:Circle Of Life";
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(data))), DigestAlgorithm.Md5.Hash(data));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(data))), DigestAlgorithm.Sha256Sess.Hash(data));
        Assert.Equal("939e7578ed9e3c518a452acee763bce9", DigestAlgorithm.Md5.Hash(data));
    }

    [Theory]
    [InlineData("MD5", "MD5", false)]
    [InlineData("md5", "MD5", false)]
    [InlineData("md5-SESS", "MD5-sess", true)]
    [InlineData("SHA-256", "SHA-256", false)]
    [InlineData("sha-256-sess", "SHA-256-sess", true)]
    [InlineData("SHA-512-256", "SHA-512-256", false)]
    [InlineData("SHA-512-256-sess", "SHA-512-256-sess", true)]
    public void KnownNamesParseIgnoringCase(string token, string name, bool session)
    {
        Assert.True(DigestAlgorithm.TryParse(token, out var algorithm));
        Assert.Equal(name, algorithm.Name);
        Assert.Equal(session, algorithm.IsSession);
    }

    [Theory]
    [InlineData("SHA-1")]
    [InlineData("SHA-512")]
    [InlineData("SHA-512/256")]
    [InlineData("AKAv1-MD5")]
    [InlineData("")]
    [InlineData(null)]
    public void UnknownNamesAreNotAlgorithms(string? token)
    {
        Assert.False(DigestAlgorithm.TryParse(token, out var algorithm));
        Assert.Null(algorithm);
    }
}

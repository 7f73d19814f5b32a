// The digest algorithms a SIP UAC can answer: RFC 2617 §3.2.1 (MD5, MD5-sess), RFC 7616 §3.2-3.3 and
// §6.1 (SHA-256, SHA-512-256 and their -sess variants), RFC 8760 §2.2-2.3 (the same set for SIP).
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Swml.Sip.Auth;

/// <summary>
/// A digest algorithm of the IANA "HTTP Digest Hash Algorithms" registry (RFC 7616 §6.1), as SIP
/// uses it (RFC 8760 §2.2): MD5, SHA-256 or SHA-512-256, each optionally with the <c>-sess</c>
/// suffix, which makes HA1 a session key, H(H(user:realm:password):nonce:cnonce) (RFC 7616 §3.4.2).
/// </summary>
/// <remarks>The instances are singletons, so reference equality is value equality.</remarks>
internal sealed class DigestAlgorithm
{
    /// <summary>MD5 (RFC 2617 §3.2.1). Also what an absent <c>algorithm</c> parameter means.</summary>
    public static readonly DigestAlgorithm Md5 = new("MD5", HashKind.Md5, session: false);

    /// <summary>MD5-sess (RFC 2617 §3.2.2.2).</summary>
    public static readonly DigestAlgorithm Md5Sess = new("MD5-sess", HashKind.Md5, session: true);

    /// <summary>SHA-256 (RFC 7616 §3.2, RFC 8760 §2.2).</summary>
    public static readonly DigestAlgorithm Sha256 = new("SHA-256", HashKind.Sha256, session: false);

    /// <summary>SHA-256-sess (RFC 7616 §3.2).</summary>
    public static readonly DigestAlgorithm Sha256Sess = new("SHA-256-sess", HashKind.Sha256, session: true);

    /// <summary>SHA-512-256, i.e. SHA-512/256 of FIPS 180-4 (RFC 7616 §3.2, RFC 8760 §2.2).</summary>
    public static readonly DigestAlgorithm Sha512_256 = new("SHA-512-256", HashKind.Sha512_256, session: false);

    /// <summary>SHA-512-256-sess (RFC 7616 §3.2).</summary>
    public static readonly DigestAlgorithm Sha512_256Sess = new("SHA-512-256-sess", HashKind.Sha512_256, session: true);

    /// <summary>Every supported algorithm.</summary>
    public static IReadOnlyList<DigestAlgorithm> All { get; } = [Md5, Md5Sess, Sha256, Sha256Sess, Sha512_256, Sha512_256Sess];

    private readonly HashKind _kind;

    private DigestAlgorithm(string name, HashKind kind, bool session)
    {
        Name = name;
        _kind = kind;
        IsSession = session;
    }

    private enum HashKind
    {
        Md5,
        Sha256,
        Sha512_256,
    }

    /// <summary>The registry's spelling, e.g. <c>SHA-256-sess</c>.</summary>
    public string Name { get; }

    /// <summary>Whether this is a <c>-sess</c> variant (RFC 7616 §3.4.2).</summary>
    public bool IsSession { get; }

    /// <summary>
    /// Looks an algorithm token up, ignoring case (peers send <c>md5</c> and <c>MD5</c> alike).
    /// Unknown names (<c>SHA-1</c>, <c>AKAv1-MD5</c>...) give false, not an error: the challenge is then
    /// skipped in favour of another one (RFC 2617 §3.2.1).
    /// </summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out DigestAlgorithm? algorithm)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = null;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>H(data) as lower-case hex of the UTF-8 bytes of <paramref name="data"/> (RFC 7616 §3.4.1).</summary>
    internal string Hash(string data) => Hash(Encoding.UTF8.GetBytes(data));

    /// <summary>H(data) as lower-case hex.</summary>
    internal string Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[32];
        var length = _kind switch
        {
            HashKind.Md5 => MD5.HashData(data, hash),
            HashKind.Sha256 => SHA256.HashData(data, hash),
            _ => HashSha512_256(data, hash),
        };
        return Convert.ToHexStringLower(hash[..length]);
    }

    private static int HashSha512_256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Auth.Sha512_256.HashData(data, destination);
        return Auth.Sha512_256.HashSizeInBytes;
    }
}

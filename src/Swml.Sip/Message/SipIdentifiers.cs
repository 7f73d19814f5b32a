using Swml.Shared;

namespace Swml.Sip.Message;

/// <summary>
/// Fresh tags, branches and Call-IDs. RFC 3261 §19.3 asks for at least 32 random bits in a tag
/// and global uniqueness for Call-ID; §8.1.1.7 asks for the magic cookie before a branch.
/// </summary>
internal static class SipIdentifiers
{
    /// <summary>A From/To tag of 64 random bits in hex.</summary>
    public static string NewTag() => SecureRandom.HexString(16);

    /// <summary>A Via branch: the magic cookie and 96 random bits in hex.</summary>
    public static string NewBranch() => ViaHeader.MagicCookie + SecureRandom.HexString(24);

    /// <summary>A Call-ID of 128 random bits in hex, with <c>@host</c> when a host is given.</summary>
    public static string NewCallId(string? host = null)
    {
        var id = SecureRandom.HexString(32);
        return host is null ? id : id + "@" + host;
    }
}

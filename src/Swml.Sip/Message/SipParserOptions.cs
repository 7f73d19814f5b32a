namespace Swml.Sip.Message;

/// <summary>
/// Limits for parsing. Each limit has its own <see cref="SipParseErrorReason"/>; exceeding one
/// is a rejection, never an exception. The defaults suit a user agent: RFC 3261 §18.1.1 keeps
/// UDP messages near 1300 bytes, and real INVITEs with SDP stay well under 16 KiB.
/// </summary>
public sealed record SipParserOptions
{
    /// <summary>The defaults.</summary>
    public static SipParserOptions Default { get; } = new();

    /// <summary>Largest whole message (header section and body) in bytes; 64 KiB by default.</summary>
    public int MaxMessageSize { get; init; } = 64 * 1024;

    /// <summary>Most header field lines (after unfolding); 256 by default.</summary>
    public int MaxHeaderCount { get; init; } = 256;

    /// <summary>Longest start line, physical line, or unfolded header field in bytes; 8 KiB by default.</summary>
    public int MaxLineLength { get; init; } = 8 * 1024;
}

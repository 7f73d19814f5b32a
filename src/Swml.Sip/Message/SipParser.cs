namespace Swml.Sip.Message;

/// <summary>
/// Parses SIP messages from bytes (RFC 3261 §7, grammar in §25). For streams see
/// <see cref="SipStreamReader"/>. No input makes it throw: every failure is a
/// <see cref="SipParseError"/>.
/// </summary>
public static class SipParser
{
    /// <summary>
    /// Parses one datagram (UDP, RFC 3261 §18.3). Without Content-Length the body is the rest of
    /// the datagram; with one, the body is that many bytes and anything after it is discarded
    /// (RFC 4475 §3.1.1.8); a Content-Length larger than what is left is an error (§3.1.2.2).
    /// </summary>
    public static SipParseResult ParseDatagram(ReadOnlySpan<byte> datagram, SipParserOptions? options = null) =>
        MessageParser.Parse(datagram, options ?? SipParserOptions.Default, framed: false);

    /// <summary>Parses a datagram given as text (UTF-8), for tests and tools.</summary>
    public static SipParseResult ParseDatagram(string text, SipParserOptions? options = null) =>
        ParseDatagram(System.Text.Encoding.UTF8.GetBytes(text), options);
}

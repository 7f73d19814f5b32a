namespace Swml.Sip.Message;

/// <summary>What <see cref="SipStreamReader.TryRead(ReadOnlySpan{byte}, out int, out SipParseResult?, SipParserOptions?)"/> found.</summary>
internal enum SipStreamReadStatus
{
    /// <summary>No complete message yet; nothing was consumed. Read more bytes and call again.</summary>
    NeedMoreData,

    /// <summary>A message was read and its bytes consumed.</summary>
    Message,

    /// <summary>
    /// A message was framed and consumed but is malformed; the stream goes on. The result may
    /// allow a 400 (<see cref="SipParseResult.CanRespond"/>).
    /// </summary>
    Rejected,

    /// <summary>A CRLFCRLF keep-alive ping was consumed; answer with a CRLF pong (RFC 5626 §3.5.1).</summary>
    Ping,

    /// <summary>A single CRLF (a pong, or a stray CRLF before a start line, §7.5) was consumed.</summary>
    Pong,

    /// <summary>
    /// The stream cannot be framed (garbage, a limit exceeded, no or a bad Content-Length);
    /// nothing was consumed and calling again gives the same answer. Close the connection.
    /// </summary>
    FramingError,
}

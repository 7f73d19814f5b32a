namespace Swml.Sip.Message;

/// <summary>
/// Why a message was rejected. One value per failure, as Kestrel's RequestRejectionReason has;
/// the parser never throws. RFC 3261 §7 and §25 give the grammar; RFC 4475 §3.1.2 the cases.
/// </summary>
public enum SipParseErrorReason
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Nothing but CRLFs (a keep-alive) or no bytes at all.</summary>
    EmptyMessage,

    /// <summary>The message is larger than <see cref="SipParserOptions.MaxMessageSize"/>.</summary>
    MessageTooLarge,

    /// <summary>A line (or an unfolded header field) is longer than <see cref="SipParserOptions.MaxLineLength"/>.</summary>
    LineTooLong,

    /// <summary>More header fields than <see cref="SipParserOptions.MaxHeaderCount"/>.</summary>
    TooManyHeaders,

    /// <summary>A bare CR or LF in the start line or header section; lines end with CRLF (§7).</summary>
    InvalidLineEnding,

    /// <summary>The header section does not end with an empty line (§7).</summary>
    HeaderSectionIncomplete,

    /// <summary>The Request-Line is not <c>Method SP Request-URI SP SIP-Version</c> (§7.1; RFC 4475 §3.1.2.9, §3.1.2.10).</summary>
    InvalidRequestLine,

    /// <summary>The Request-URI is malformed, bracketed, or carries headers (§19.1.1; RFC 4475 §3.1.2.7, §3.1.2.8, §3.1.2.11).</summary>
    InvalidRequestUri,

    /// <summary>The Status-Line is not <c>SIP-Version SP Status-Code SP Reason-Phrase</c> (§7.2).</summary>
    InvalidStatusLine,

    /// <summary>The status code is not three digits from 100 to 699 (§7.2; RFC 4475 §3.1.2.19).</summary>
    InvalidStatusCode,

    /// <summary>A SIP version other than 2.0; a request gets 505 (§21.5.6; RFC 4475 §3.1.2.16).</summary>
    UnsupportedVersion,

    /// <summary>A header line without a valid name and colon, or a continuation line with nothing to continue (§7.3).</summary>
    InvalidHeaderLine,

    /// <summary>A control character in a header value outside a quoted-pair (§25.1).</summary>
    InvalidCharacter,

    /// <summary>A header field this library models does not follow its grammar (§20, §25.1).</summary>
    InvalidHeaderValue,

    /// <summary>Via, From, To, Call-ID or CSeq is missing (§8.1.1; RFC 4475 §3.3.1).</summary>
    MissingHeader,

    /// <summary>A single-valued field (From, To, Call-ID, CSeq, Max-Forwards, Content-Length) appears twice (RFC 4475 §3.3.8, §3.3.9).</summary>
    DuplicateHeader,

    /// <summary>The CSeq method differs from the Request-Line's (§8.1.1.5; RFC 4475 §3.1.2.17, §3.1.2.18).</summary>
    CSeqMethodMismatch,

    /// <summary>Content-Length is not a non-negative integer (§20.14; RFC 4475 §3.1.2.3).</summary>
    InvalidContentLength,

    /// <summary>Content-Length claims more bytes than the datagram holds (§18.3; RFC 4475 §3.1.2.2).</summary>
    TruncatedBody,

    /// <summary>A message on a stream has no Content-Length, so it cannot be framed (§18.3, §20.14).</summary>
    MissingContentLength,
}

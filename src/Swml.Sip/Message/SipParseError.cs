namespace Swml.Sip.Message;

/// <summary>
/// Why and where a message was rejected.
/// </summary>
/// <param name="Reason">The kind of failure.</param>
/// <param name="Description">
/// What was wrong, short enough to be the reason phrase of a 400 response (RFC 3261 §21.4.1
/// suggests e.g. "Missing Call-ID header field").
/// </param>
/// <param name="Line">The 1-based line in the input, or 0 when the whole message is concerned.</param>
/// <param name="Offset">The 0-based byte offset of that line in the input.</param>
/// <param name="HeaderName">The header field concerned, canonically spelled, or null.</param>
public readonly record struct SipParseError(SipParseErrorReason Reason, string Description, int Line, int Offset, string? HeaderName)
{
    /// <inheritdoc/>
    public override string ToString() =>
        Line > 0 ? $"{Reason} at line {Line} (byte {Offset}): {Description}" : $"{Reason}: {Description}";
}

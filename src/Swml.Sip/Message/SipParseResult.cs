using System.Collections.Immutable;
using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// The outcome of parsing one message: the message, or an error. For a malformed request whose
/// Via, From, To, Call-ID and CSeq still parse, <see cref="CanRespond"/> is true and
/// <see cref="CreateErrorResponse"/> builds the 400 (505 for another SIP version) that RFC 3261
/// §8.2 and §21.4.1 ask for, its reason phrase saying what was wrong. A malformed response is
/// simply dropped: there is nobody to answer.
/// </summary>
public sealed class SipParseResult
{
    private readonly ImmutableArray<SipHeader> answerHeaders;

    private SipParseResult(SipMessage? message, SipParseError? error, ImmutableArray<SipHeader> answerHeaders)
    {
        Message = message;
        Error = error;
        this.answerHeaders = answerHeaders;
    }

    /// <summary>The message, or null on error.</summary>
    public SipMessage? Message { get; }

    /// <summary>The message when it is a request.</summary>
    public SipRequest? Request => Message as SipRequest;

    /// <summary>The message when it is a response.</summary>
    public SipResponse? Response => Message as SipResponse;

    /// <summary>Why the message was rejected, or null on success.</summary>
    public SipParseError? Error { get; }

    /// <summary>Whether a message was parsed.</summary>
    public bool IsSuccess => Message is not null;

    /// <summary>Whether the input was a malformed request that can still be answered.</summary>
    public bool CanRespond => !answerHeaders.IsDefault;

    /// <summary>
    /// Builds the response to a malformed request: 505 for an unsupported SIP version, else 400,
    /// with the Via, From, To, Call-ID and CSeq of the request (§8.2.6.2) and the error as reason phrase.
    /// </summary>
    /// <param name="toTag">The To tag to add when To has none; null for a fresh random one.</param>
    /// <returns>The response, or null when <see cref="CanRespond"/> is false.</returns>
    public SipResponse? CreateErrorResponse(string? toTag = null)
    {
        if (!CanRespond || Error is not { } error)
        {
            return null;
        }

        var code = error.Reason == SipParseErrorReason.UnsupportedVersion ? 505 : 400;
        return SipResponse.CreateFromCopied(answerHeaders, code, ReasonPhraseOf(error.Description), toTag ?? SipIdentifiers.NewTag());
    }

    /// <inheritdoc/>
    public override string ToString() => Message is not null ? Message.StartLine : Error!.Value.ToString();

    internal static SipParseResult Success(SipMessage message) => new(message, null, default);

    internal static SipParseResult Failure(SipParseError error, ImmutableArray<SipHeader> answerHeaders = default) => new(null, error, answerHeaders);

    // Reason-Phrase is printable text (§25.1); keep the description to that.
    private static string ReasonPhraseOf(string description)
    {
        var builder = new StringBuilder(description.Length);
        foreach (var c in description)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}

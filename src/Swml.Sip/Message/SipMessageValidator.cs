using System.Collections.Immutable;

namespace Swml.Sip.Message;

/// <summary>
/// Checks the header fields this library models against their grammar (RFC 3261 §20, §25.1),
/// the mandatory fields (§8.1.1), single-valued fields, and the CSeq method (§8.1.1.5). It also
/// tells whether a faulty request can still be answered: a 400 needs its Via, From, To, Call-ID
/// and CSeq (§8.2.6.2).
/// </summary>
internal static class SipMessageValidator
{
    // What the validator does with a field. The single-valued ones come first, each with its bit in a mask.
    private enum Kind
    {
        From,
        To,
        CallId,
        CSeq,
        MaxForwards,
        ContentLength,
        Via,
        Contact,

        /// <summary>Checked, not kept: Route, Record-Route, Refer-To, Referred-By, Date.</summary>
        Checked,
        Other,
    }

    /// <summary>Where a header field started in the input, for error messages.</summary>
    internal readonly record struct Location(int Line, int Offset);

    internal struct Outcome
    {
        public SipParseError? Error;

        public MessageCore? Core;

        /// <summary>Whether a request's Via, From, To, Call-ID and CSeq all parse, so that a 400 can be built (§8.2.6.2).</summary>
        public bool CanAnswer;

        public int FromAt;
        public int ToAt;
        public int CallIdAt;
        public int CSeqAt;

        /// <summary>The fields a 400 copies (§8.2.6.2) when <see cref="CanAnswer"/>; default otherwise.</summary>
        public readonly ImmutableArray<SipHeader> AnswerHeaders(ReadOnlySpan<SipHeader> headers)
        {
            if (!CanAnswer)
            {
                return default;
            }

            var answer = ImmutableArray.CreateBuilder<SipHeader>();
            foreach (var h in headers)
            {
                if (h.CanonicalName == HeaderNames.Via)
                {
                    answer.Add(h);
                }
            }

            answer.Add(headers[FromAt]);
            answer.Add(headers[ToAt]);
            answer.Add(headers[CallIdAt]);
            answer.Add(headers[CSeqAt]);
            return answer.ToImmutable();
        }
    }

    /// <param name="headers">The fields in order.</param>
    /// <param name="locations">Where each field started, or empty when built by code.</param>
    /// <param name="requestMethod">The Request-Line method; null for a response or an unparsed start line.</param>
    /// <param name="isRequest">Whether the message is (or looks like) a request.</param>
    /// <param name="previous">
    /// A valid message these fields are an edit of: a line with the same name and value as one of
    /// its lines has the same parse, so its values are taken instead of parsing again.
    /// </param>
    public static Outcome Validate(ReadOnlySpan<SipHeader> headers, ReadOnlySpan<Location> locations, string? requestMethod, bool isRequest, SipMessage? previous = null)
    {
        var outcome = new Outcome { FromAt = -1, ToAt = -1, CallIdAt = -1, CSeqAt = -1 };
        var old = previous is null ? default : previous.Headers.Items.AsSpan();
        var reuseVias = previous is not null && SameLines(headers, old, HeaderNames.Via);
        var reuseContacts = previous is not null && SameLines(headers, old, HeaderNames.Contact);
        var vias = default(ArrayBuilder<ViaHeader>);
        var contacts = default(ArrayBuilder<NameAddress>);
        var viasOk = true;
        var wildcard = false;
        NameAddress? from = null, to = null;
        string? callId = null;
        CSeqHeader? cseq = null;
        int? maxForwards = null, contentLength = null;
        var seen = 0;

        for (var k = 0; k < headers.Length; k++)
        {
            var name = headers[k].CanonicalName;
            var value = headers[k].Value;
            var kind = KindOf(name);
            if (kind <= Kind.ContentLength)
            {
                var bit = 1 << (int)kind;
                if ((seen & bit) != 0)
                {
                    Fail(ref outcome, locations, SipParseErrorReason.DuplicateHeader, $"More than one {name} header field", k, name);
                    continue;
                }

                seen |= bit;
            }

            switch (kind)
            {
                case Kind.Via:
                    if (reuseVias)
                    {
                        break;
                    }

                    foreach (var element in HeaderValueList.Elements(value))
                    {
                        if (ViaHeader.TryParse(element, out var via))
                        {
                            vias.Add(via!);
                        }
                        else
                        {
                            viasOk = false;
                            Fail(ref outcome, locations, SipParseErrorReason.InvalidHeaderValue, "Malformed Via header field", k, name);
                        }
                    }

                    break;

                case Kind.From:
                    outcome.FromAt = k;
                    if (previous is not null && HasLine(old, name, value))
                    {
                        from = previous.From;
                    }
                    else if (!NameAddress.TryParse(value, out from))
                    {
                        Fail(ref outcome, locations, SipParseErrorReason.InvalidHeaderValue, "Malformed From header field", k, name);
                    }

                    break;

                case Kind.To:
                    outcome.ToAt = k;
                    if (previous is not null && HasLine(old, name, value))
                    {
                        to = previous.To;
                    }
                    else if (!NameAddress.TryParse(value, out to))
                    {
                        Fail(ref outcome, locations, SipParseErrorReason.InvalidHeaderValue, "Malformed To header field", k, name);
                    }

                    break;

                case Kind.CallId:
                    outcome.CallIdAt = k;
                    if (CallIdHeader.IsValid(value))
                    {
                        callId = value;
                    }
                    else
                    {
                        Fail(ref outcome, locations, SipParseErrorReason.InvalidHeaderValue, "Malformed Call-ID header field", k, name);
                    }

                    break;

                case Kind.CSeq:
                    outcome.CSeqAt = k;
                    if (previous is not null && HasLine(old, name, value))
                    {
                        cseq = previous.CSeq;
                    }
                    else if (CSeqHeader.TryParse(value, out var parsed))
                    {
                        cseq = parsed;
                    }
                    else
                    {
                        Fail(ref outcome, locations, SipParseErrorReason.InvalidHeaderValue, "Malformed CSeq header field", k, name);
                    }

                    break;

                case Kind.MaxForwards:
                    if (MaxForwardsHeader.TryParse(value, out var hops))
                    {
                        maxForwards = hops;
                    }
                    else
                    {
                        Fail(ref outcome, locations, SipParseErrorReason.InvalidHeaderValue, "Malformed Max-Forwards header field (0 to 255)", k, name);
                    }

                    break;

                case Kind.ContentLength:
                    if (ContentLengthHeader.TryParse(value, out var length))
                    {
                        contentLength = length;
                    }
                    else
                    {
                        Fail(ref outcome, locations, SipParseErrorReason.InvalidContentLength, "Malformed Content-Length header field", k, name);
                    }

                    break;

                case Kind.Contact:
                    if (reuseContacts)
                    {
                        break;
                    }

                    var elements = HeaderValueList.Elements(value);
                    if (elements.MoveNext() && elements.Current is "*" && !elements.MoveNext())
                    {
                        wildcard = true;
                        break;
                    }

                    foreach (var element in HeaderValueList.Elements(value))
                    {
                        if (NameAddress.TryParse(element, out var contact))
                        {
                            contacts.Add(contact!);
                        }
                        else
                        {
                            Fail(ref outcome, locations, SipParseErrorReason.InvalidHeaderValue, "Malformed Contact header field", k, name);
                        }
                    }

                    break;

                case Kind.Checked:
                    if ((previous is null || !HasLine(old, name, value)) && CheckOther(name, value) is { } fault)
                    {
                        Fail(ref outcome, locations, SipParseErrorReason.InvalidHeaderValue, fault, k, name);
                    }

                    break;
            }
        }

        var viaCount = reuseVias ? previous!.Vias.Count : vias.Count;
        if (viaCount == 0 && viasOk)
        {
            Fail(ref outcome, locations, SipParseErrorReason.MissingHeader, "Missing Via header field", -1, HeaderNames.Via);
        }

        if (outcome.FromAt < 0)
        {
            Fail(ref outcome, locations, SipParseErrorReason.MissingHeader, "Missing From header field", -1, HeaderNames.From);
        }

        if (outcome.ToAt < 0)
        {
            Fail(ref outcome, locations, SipParseErrorReason.MissingHeader, "Missing To header field", -1, HeaderNames.To);
        }

        if (outcome.CallIdAt < 0)
        {
            Fail(ref outcome, locations, SipParseErrorReason.MissingHeader, "Missing Call-ID header field", -1, HeaderNames.CallId);
        }

        if (outcome.CSeqAt < 0)
        {
            Fail(ref outcome, locations, SipParseErrorReason.MissingHeader, "Missing CSeq header field", -1, HeaderNames.CSeq);
        }

        if (requestMethod is not null && cseq is { } c && !string.Equals(c.Method, requestMethod, StringComparison.Ordinal))
        {
            Fail(ref outcome, locations, SipParseErrorReason.CSeqMethodMismatch, "CSeq method does not match the Request-Line", outcome.CSeqAt, HeaderNames.CSeq);
        }

        outcome.CanAnswer = isRequest && viasOk && viaCount > 0 && from is not null && to is not null && callId is not null && cseq is not null;
        if (outcome.Error is null)
        {
            outcome.Core = new MessageCore(
                reuseVias ? previous!.Core.Vias : vias.ToImmutable(),
                from!,
                to!,
                callId!,
                cseq!.Value,
                maxForwards,
                reuseContacts ? previous!.Core.Contacts : contacts.ToImmutable(),
                reuseContacts ? previous!.IsContactWildcard : wildcard,
                contentLength);
        }

        return outcome;
    }

    /// <summary>
    /// Checks a field that is validated but not kept (Route, Record-Route, Refer-To, Referred-By,
    /// Date); <paramref name="canonicalName"/> is canonically spelled. Returns what is wrong, or null.
    /// </summary>
    internal static string? CheckOther(string canonicalName, string value)
    {
        switch (canonicalName)
        {
            case HeaderNames.Route or HeaderNames.RecordRoute:
                foreach (var element in HeaderValueList.Elements(value))
                {
                    // route-param = name-addr *( SEMI rr-param ): the angle brackets are required.
                    if (!NameAddress.IsValid(element, out var hasAngleBrackets) || !hasAngleBrackets)
                    {
                        return canonicalName == HeaderNames.Route ? "Malformed Route header field" : "Malformed Record-Route header field";
                    }
                }

                return null;

            case HeaderNames.ReferTo:
                return NameAddress.IsValid(value, out _) ? null : "Malformed Refer-To header field";

            case HeaderNames.ReferredBy:
                return NameAddress.IsValid(value, out _) ? null : "Malformed Referred-By header field";

            case HeaderNames.Date:
                return DateHeader.TryParse(value, out _) ? null : "Malformed Date header field (RFC 1123 date in GMT)";

            default:
                return null;
        }
    }

    /// <summary>Whether the field is one that <see cref="Validate"/> parses into the message's core values.</summary>
    internal static bool IsCore(string canonicalName) => KindOf(canonicalName) <= Kind.Contact;

    // By length first: most names are ruled out without comparing a character.
    private static Kind KindOf(string name) => name.Length switch
    {
        2 => name == HeaderNames.To ? Kind.To : Kind.Other,
        3 => name == HeaderNames.Via ? Kind.Via : Kind.Other,
        4 => name == HeaderNames.From ? Kind.From : name == HeaderNames.CSeq ? Kind.CSeq : name == HeaderNames.Date ? Kind.Checked : Kind.Other,
        5 => name == HeaderNames.Route ? Kind.Checked : Kind.Other,
        7 => name == HeaderNames.CallId ? Kind.CallId : name == HeaderNames.Contact ? Kind.Contact : Kind.Other,
        8 => name == HeaderNames.ReferTo ? Kind.Checked : Kind.Other,
        11 => name == HeaderNames.ReferredBy ? Kind.Checked : Kind.Other,
        12 => name == HeaderNames.MaxForwards ? Kind.MaxForwards : name == HeaderNames.RecordRoute ? Kind.Checked : Kind.Other,
        14 => name == HeaderNames.ContentLength ? Kind.ContentLength : Kind.Other,
        _ => Kind.Other,
    };

    private static void Fail(ref Outcome outcome, ReadOnlySpan<Location> locations, SipParseErrorReason reason, string description, int index, string? header)
    {
        if (outcome.Error is null)
        {
            var at = index >= 0 && index < locations.Length ? locations[index] : default;
            outcome.Error = new SipParseError(reason, description, at.Line, at.Offset, header);
        }
    }

    // Whether a line with this name and value is among the old ones.
    private static bool HasLine(ReadOnlySpan<SipHeader> old, string canonicalName, string value)
    {
        foreach (var h in old)
        {
            if (h.CanonicalName == canonicalName && h.Value == value)
            {
                return true;
            }
        }

        return false;
    }

    // Whether both have the same lines of this field, in the same order, and at least one.
    private static bool SameLines(ReadOnlySpan<SipHeader> headers, ReadOnlySpan<SipHeader> old, string canonicalName)
    {
        int i = 0, j = 0, lines = 0;
        while (true)
        {
            while (i < headers.Length && headers[i].CanonicalName != canonicalName)
            {
                i++;
            }

            while (j < old.Length && old[j].CanonicalName != canonicalName)
            {
                j++;
            }

            if (i == headers.Length || j == old.Length)
            {
                return i == headers.Length && j == old.Length && lines > 0;
            }

            if (headers[i].Value != old[j].Value)
            {
                return false;
            }

            i++;
            j++;
            lines++;
        }
    }
}

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
    /// <summary>Where a header field started in the input, for error messages.</summary>
    internal readonly record struct Location(int Line, int Offset);

    internal sealed class Outcome
    {
        public SipParseError? Error { get; set; }

        public MessageCore? Core { get; set; }

        /// <summary>The fields a 400 copies (§8.2.6.2), when they all parse; default otherwise.</summary>
        public ImmutableArray<SipHeader> AnswerHeaders { get; set; }
    }

    /// <param name="headers">The fields in order.</param>
    /// <param name="locations">Where each field started, or empty when built by code.</param>
    /// <param name="requestMethod">The Request-Line method; null for a response or an unparsed start line.</param>
    /// <param name="isRequest">Whether the message is (or looks like) a request.</param>
    public static Outcome Validate(IReadOnlyList<SipHeader> headers, IReadOnlyList<Location> locations, string? requestMethod, bool isRequest)
    {
        var outcome = new Outcome();
        var vias = ImmutableArray.CreateBuilder<ViaHeader>();
        var contacts = ImmutableArray.CreateBuilder<NameAddress>();
        var viasOk = true;
        var wildcard = false;
        NameAddress? from = null, to = null;
        string? callId = null;
        CSeqHeader? cseq = null;
        int? maxForwards = null, contentLength = null;
        int fromAt = -1, toAt = -1, callIdAt = -1, cseqAt = -1;
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        void Fail(SipParseErrorReason reason, string description, int index, string? header)
        {
            if (outcome.Error is null)
            {
                var at = index >= 0 && index < locations.Count ? locations[index] : default;
                outcome.Error = new SipParseError(reason, description, at.Line, at.Offset, header);
            }
        }

        for (var k = 0; k < headers.Count; k++)
        {
            var h = headers[k];
            var name = h.CanonicalName;
            var value = h.Value;
            switch (name)
            {
                case HeaderNames.From or HeaderNames.To or HeaderNames.CallId or HeaderNames.CSeq
                    or HeaderNames.MaxForwards or HeaderNames.ContentLength:
                    seen[name] = seen.GetValueOrDefault(name) + 1;
                    if (seen[name] > 1)
                    {
                        Fail(SipParseErrorReason.DuplicateHeader, $"More than one {name} header field", k, name);
                        continue;
                    }

                    break;
            }

            switch (name)
            {
                case HeaderNames.Via:
                    foreach (var element in HeaderValueList.Split(value))
                    {
                        if (ViaHeader.TryParse(element, out var via))
                        {
                            vias.Add(via!);
                        }
                        else
                        {
                            viasOk = false;
                            Fail(SipParseErrorReason.InvalidHeaderValue, "Malformed Via header field", k, name);
                        }
                    }

                    break;

                case HeaderNames.From:
                    fromAt = k;
                    if (!NameAddress.TryParse(value, out from))
                    {
                        Fail(SipParseErrorReason.InvalidHeaderValue, "Malformed From header field", k, name);
                    }

                    break;

                case HeaderNames.To:
                    toAt = k;
                    if (!NameAddress.TryParse(value, out to))
                    {
                        Fail(SipParseErrorReason.InvalidHeaderValue, "Malformed To header field", k, name);
                    }

                    break;

                case HeaderNames.CallId:
                    callIdAt = k;
                    if (CallIdHeader.IsValid(value))
                    {
                        callId = value;
                    }
                    else
                    {
                        Fail(SipParseErrorReason.InvalidHeaderValue, "Malformed Call-ID header field", k, name);
                    }

                    break;

                case HeaderNames.CSeq:
                    cseqAt = k;
                    if (CSeqHeader.TryParse(value, out var parsed))
                    {
                        cseq = parsed;
                    }
                    else
                    {
                        Fail(SipParseErrorReason.InvalidHeaderValue, "Malformed CSeq header field", k, name);
                    }

                    break;

                case HeaderNames.MaxForwards:
                    if (MaxForwardsHeader.TryParse(value, out var hops))
                    {
                        maxForwards = hops;
                    }
                    else
                    {
                        Fail(SipParseErrorReason.InvalidHeaderValue, "Malformed Max-Forwards header field (0 to 255)", k, name);
                    }

                    break;

                case HeaderNames.ContentLength:
                    if (ContentLengthHeader.TryParse(value, out var length))
                    {
                        contentLength = length;
                    }
                    else
                    {
                        Fail(SipParseErrorReason.InvalidContentLength, "Malformed Content-Length header field", k, name);
                    }

                    break;

                case HeaderNames.Contact:
                    var elements = HeaderValueList.Split(value);
                    if (elements is ["*"])
                    {
                        wildcard = true;
                        break;
                    }

                    foreach (var element in elements)
                    {
                        if (NameAddress.TryParse(element, out var contact))
                        {
                            contacts.Add(contact!);
                        }
                        else
                        {
                            Fail(SipParseErrorReason.InvalidHeaderValue, "Malformed Contact header field", k, name);
                        }
                    }

                    break;

                case HeaderNames.Route or HeaderNames.RecordRoute:
                    foreach (var element in HeaderValueList.Split(value))
                    {
                        // route-param = name-addr *( SEMI rr-param ): the angle brackets are required.
                        if (!NameAddress.TryParse(element, out var route) || !route!.HasAngleBrackets)
                        {
                            Fail(SipParseErrorReason.InvalidHeaderValue, $"Malformed {name} header field", k, name);
                        }
                    }

                    break;

                case HeaderNames.ReferTo or HeaderNames.ReferredBy:
                    if (!NameAddress.TryParse(value, out _))
                    {
                        Fail(SipParseErrorReason.InvalidHeaderValue, $"Malformed {name} header field", k, name);
                    }

                    break;

                case HeaderNames.Date:
                    if (!DateHeader.TryParse(value, out _))
                    {
                        Fail(SipParseErrorReason.InvalidHeaderValue, "Malformed Date header field (RFC 1123 date in GMT)", k, name);
                    }

                    break;
            }
        }

        if (vias.Count == 0 && viasOk)
        {
            Fail(SipParseErrorReason.MissingHeader, "Missing Via header field", -1, HeaderNames.Via);
        }

        if (fromAt < 0)
        {
            Fail(SipParseErrorReason.MissingHeader, "Missing From header field", -1, HeaderNames.From);
        }

        if (toAt < 0)
        {
            Fail(SipParseErrorReason.MissingHeader, "Missing To header field", -1, HeaderNames.To);
        }

        if (callIdAt < 0)
        {
            Fail(SipParseErrorReason.MissingHeader, "Missing Call-ID header field", -1, HeaderNames.CallId);
        }

        if (cseqAt < 0)
        {
            Fail(SipParseErrorReason.MissingHeader, "Missing CSeq header field", -1, HeaderNames.CSeq);
        }

        if (requestMethod is not null && cseq is { } c && !string.Equals(c.Method, requestMethod, StringComparison.Ordinal))
        {
            Fail(SipParseErrorReason.CSeqMethodMismatch, "CSeq method does not match the Request-Line", cseqAt, HeaderNames.CSeq);
        }

        if (isRequest && viasOk && vias.Count > 0 && from is not null && to is not null && callId is not null && cseq is not null)
        {
            var answer = ImmutableArray.CreateBuilder<SipHeader>();
            foreach (var h in headers)
            {
                if (h.CanonicalName == HeaderNames.Via)
                {
                    answer.Add(h);
                }
            }

            answer.Add(headers[fromAt]);
            answer.Add(headers[toAt]);
            answer.Add(headers[callIdAt]);
            answer.Add(headers[cseqAt]);
            outcome.AnswerHeaders = answer.ToImmutable();
        }

        if (outcome.Error is null)
        {
            outcome.Core = new MessageCore(vias.ToImmutable(), from!, to!, callId!, cseq!.Value, maxForwards, contacts.ToImmutable(), wildcard, contentLength);
        }

        return outcome;
    }
}

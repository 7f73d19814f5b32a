using System.Collections.Immutable;
using System.Globalization;

namespace Swml.Sip.Message;

/// <summary>
/// Builds a request we originate with the fields RFC 3261 §8.1.1 requires: Request-URI, To,
/// From, CSeq, Call-ID, Max-Forwards and Via, plus Contact and any other field. Fields are
/// written in a fixed order: Via (top first), Max-Forwards, From, To, Call-ID, CSeq, Contact,
/// the others as added, Content-Type, Content-Length.
/// </summary>
internal sealed class SipRequestBuilder
{
    private readonly string method;
    private readonly AddressUri requestUri;
    private ArrayBuilder<ViaHeader> vias;
    private ArrayBuilder<NameAddress> contacts;
    private ArrayBuilder<SipHeader> others;
    private NameAddress? from;
    private NameAddress? to;
    private string? callId;
    private uint? sequence;
    private int maxForwards = MaxForwardsHeader.Default;
    private ReadOnlyMemory<byte> body;
    private string? contentType;

    /// <summary>Starts a request.</summary>
    /// <param name="method">The method, e.g. <see cref="SipMethods.Refer"/>.</param>
    /// <param name="requestUri">The Request-URI (the remote target in a dialog, §12.2.1.1).</param>
    public SipRequestBuilder(string method, AddressUri requestUri)
    {
        if (!SipChars.IsToken(method))
        {
            throw new ArgumentException($"'{method}' is not a method token.", nameof(method));
        }

        ArgumentNullException.ThrowIfNull(requestUri);
        if (requestUri is SipUri { Headers.Count: > 0 })
        {
            throw new ArgumentException("A Request-URI cannot carry headers (RFC 3261 §19.1.1); use WithoutHeaders.", nameof(requestUri));
        }

        this.method = method;
        this.requestUri = requestUri;
    }

    /// <summary>Sets From (§8.1.1.3); it should carry a tag.</summary>
    public SipRequestBuilder From(NameAddress value)
    {
        from = value;
        return this;
    }

    /// <summary>Sets To (§8.1.1.2).</summary>
    public SipRequestBuilder To(NameAddress value)
    {
        to = value;
        return this;
    }

    /// <summary>Sets Call-ID (§8.1.1.4).</summary>
    /// <exception cref="ArgumentException">The value is not a valid Call-ID.</exception>
    public SipRequestBuilder CallId(string value)
    {
        callId = CallIdHeader.IsValid(value) ? value : throw new ArgumentException($"'{value}' is not a valid Call-ID.", nameof(value));
        return this;
    }

    /// <summary>Sets the CSeq number; the method is the request's (§8.1.1.5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number is 2^31 or more.</exception>
    public SipRequestBuilder CSeq(uint number)
    {
        sequence = CSeqHeader.Create(number, method).Number;
        return this;
    }

    /// <summary>Adds a Via below those already added; the first one added is the top (§8.1.1.7).</summary>
    public SipRequestBuilder Via(ViaHeader value)
    {
        vias.Add(value ?? throw new ArgumentNullException(nameof(value)));
        return this;
    }

    /// <summary>Sets Max-Forwards (§8.1.1.6); 70 unless set.</summary>
    public SipRequestBuilder MaxForwards(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 255);
        maxForwards = value;
        return this;
    }

    /// <summary>Adds a Contact (§8.1.1.8; REFER carries exactly one, RFC 3515 §2).</summary>
    public SipRequestBuilder Contact(NameAddress value)
    {
        contacts.Add(value ?? throw new ArgumentNullException(nameof(value)));
        return this;
    }

    /// <summary>Adds any other field, e.g. Route, Refer-To or Event, after the core ones.</summary>
    /// <exception cref="ArgumentException">The name or value is not valid.</exception>
    public SipRequestBuilder Header(string name, string value)
    {
        others.Add(SipHeaders.Checked(name, value));
        return this;
    }

    /// <summary>Sets the body and its Content-Type.</summary>
    public SipRequestBuilder Body(ReadOnlyMemory<byte> value, string type)
    {
        SipHeaders.Checked(HeaderNames.ContentType, type);
        body = value;
        contentType = type;
        return this;
    }

    /// <summary>Makes the request.</summary>
    /// <exception cref="InvalidOperationException">From, To, Call-ID, CSeq or Via is missing.</exception>
    public SipRequest Build()
    {
        if (vias.Count == 0 || from is null || to is null || callId is null || sequence is null)
        {
            ThrowMissing();
        }

        var viaValues = vias.ToImmutable();
        var contactValues = contacts.ToImmutable();
        var otherFields = others.ToImmutable();
        var fields = new SipHeader[viaValues.Length + 5 + contactValues.Length + otherFields.Length + (contentType is null ? 1 : 2)];
        var n = 0;
        foreach (var via in viaValues)
        {
            fields[n++] = Field(HeaderNames.Via, via.ToString());
        }

        var cseq = new CSeqHeader(sequence!.Value, method);
        fields[n++] = Field(HeaderNames.MaxForwards, maxForwards.ToString(CultureInfo.InvariantCulture));
        fields[n++] = Field(HeaderNames.From, from!.ToString());
        fields[n++] = Field(HeaderNames.To, to!.ToString());
        var callIdValue = callId!.Trim(' ', '\t');
        fields[n++] = Field(HeaderNames.CallId, callIdValue);
        fields[n++] = Field(HeaderNames.CSeq, cseq.ToString());
        foreach (var contact in contactValues)
        {
            fields[n++] = Field(HeaderNames.Contact, contact.ToString());
        }

        otherFields.CopyTo(fields, n);
        n += otherFields.Length;
        if (contentType is not null)
        {
            fields[n++] = Field(HeaderNames.ContentType, contentType);
        }

        fields[n] = Field(HeaderNames.ContentLength, body.Length.ToString(CultureInfo.InvariantCulture));
        if (!AreTypedValuesCertain(contactValues, otherFields))
        {
            // Check every field and let the validator find whatever is wrong, as for fields given as text.
            return SipRequest.Create(method, requestUri, SipHeaders.Create(fields.Select(f => (f.Name, f.Value))), body);
        }

        // The typed values are the core values: only the free-form fields the validator checks need checking.
        foreach (var h in otherFields)
        {
            if (SipMessageValidator.CheckOther(h.CanonicalName, h.Value) is { } fault)
            {
                throw new ArgumentException(fault, "headers");
            }
        }

        var core = new MessageCore(viaValues, from, to, callIdValue, cseq, maxForwards, contactValues, false, body.Length);
        return new SipRequest(method, requestUri, SipHeaders.Own(fields), body, core);
    }

    private void ThrowMissing()
    {
        var missing = new List<string>();
        if (vias.Count == 0)
        {
            missing.Add(HeaderNames.Via);
        }

        if (from is null)
        {
            missing.Add(HeaderNames.From);
        }

        if (to is null)
        {
            missing.Add(HeaderNames.To);
        }

        if (callId is null)
        {
            missing.Add(HeaderNames.CallId);
        }

        if (sequence is null)
        {
            missing.Add(HeaderNames.CSeq);
        }

        throw new InvalidOperationException($"A request needs {string.Join(", ", missing)}.");
    }

    // Trimmed as SipHeaders.Checked trims (a Call-ID or Content-Type may come with spaces around it).
    private static SipHeader Field(string canonicalName, string value) => new(canonicalName, value.Trim(' ', '\t'), canonicalName);

    // Whether the fields made from typed values certainly parse back to them, and no free-form
    // field adds to them (another Via or Contact, a second From, ...).
    private bool AreTypedValuesCertain(ImmutableArray<NameAddress> contactValues, ImmutableArray<SipHeader> otherFields)
    {
        if (!from!.IsCertainlyWritable || !to!.IsCertainlyWritable)
        {
            return false;
        }

        foreach (var contact in contactValues)
        {
            if (!contact.IsCertainlyWritable)
            {
                return false;
            }
        }

        foreach (var h in otherFields)
        {
            if (SipMessageValidator.IsCore(h.CanonicalName))
            {
                return false;
            }
        }

        return true;
    }
}

using System.Globalization;

namespace Swml.Sip.Message;

/// <summary>
/// Builds a request we originate with the fields RFC 3261 §8.1.1 requires: Request-URI, To,
/// From, CSeq, Call-ID, Max-Forwards and Via, plus Contact and any other field. Fields are
/// written in a fixed order: Via (top first), Max-Forwards, From, To, Call-ID, CSeq, Contact,
/// the others as added, Content-Type, Content-Length.
/// </summary>
public sealed class SipRequestBuilder
{
    private readonly string method;
    private readonly AddressUri requestUri;
    private readonly List<ViaHeader> vias = [];
    private readonly List<NameAddress> contacts = [];
    private readonly List<(string Name, string Value)> others = [];
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
        SipHeaders.Checked(name, value);
        others.Add((name, value));
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

        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"A request needs {string.Join(", ", missing)}.");
        }

        var fields = new List<(string, string)>();
        fields.AddRange(vias.Select(v => (HeaderNames.Via, v.ToString())));
        fields.Add((HeaderNames.MaxForwards, maxForwards.ToString(CultureInfo.InvariantCulture)));
        fields.Add((HeaderNames.From, from!.ToString()));
        fields.Add((HeaderNames.To, to!.ToString()));
        fields.Add((HeaderNames.CallId, callId!));
        fields.Add((HeaderNames.CSeq, new CSeqHeader(sequence!.Value, method).ToString()));
        fields.AddRange(contacts.Select(c => (HeaderNames.Contact, c.ToString())));
        fields.AddRange(others);
        if (contentType is not null)
        {
            fields.Add((HeaderNames.ContentType, contentType));
        }

        fields.Add((HeaderNames.ContentLength, body.Length.ToString(CultureInfo.InvariantCulture)));
        return SipRequest.Create(method, requestUri, SipHeaders.Create(fields), body);
    }
}

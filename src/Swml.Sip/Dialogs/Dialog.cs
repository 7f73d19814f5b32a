using Swml.Sip.Message;

namespace Swml.Sip.Dialogs;

/// <summary>
/// A dialog's state (RFC 3261 §12): Call-ID, tags, the two URIs, the remote target, the route set
/// and both CSeq counters; and the construction of requests inside it (§12.2.1.1), loose or strict
/// routing. Thread-safe: a REFER, a BYE and a NOTIFY can cross.
/// </summary>
public sealed class Dialog
{
    private readonly object _gate = new();
    private uint _localCSeq;
    private uint? _remoteCSeq;

    private Dialog(string callId, NameAddress local, NameAddress remote, AddressUri remoteTarget, IReadOnlyList<NameAddress> routeSet, uint localCSeq, uint? remoteCSeq, bool isUac)
    {
        CallId = callId;
        Local = local;
        Remote = remote;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        _localCSeq = localCSeq;
        _remoteCSeq = remoteCSeq;
        IsUac = isUac;
    }

    public string CallId { get; }

    /// <summary>Our URI and tag: From in our requests.</summary>
    public NameAddress Local { get; }

    /// <summary>The peer's URI and tag: To in our requests.</summary>
    public NameAddress Remote { get; }

    public string LocalTag => Local.Tag!;

    public string RemoteTag => Remote.Tag ?? string.Empty;

    /// <summary>The peer's Contact: where in-dialog requests go (§12.1.1).</summary>
    public AddressUri RemoteTarget { get; private set; }

    /// <summary>Proxies on the path, in the order a request traverses them.</summary>
    public IReadOnlyList<NameAddress> RouteSet { get; }

    /// <summary>Whether we created the dialog by sending the INVITE.</summary>
    public bool IsUac { get; }

    /// <summary>The last CSeq number we used.</summary>
    public uint LocalCSeq
    {
        get
        {
            lock (_gate)
            {
                return _localCSeq;
            }
        }
    }

    /// <summary>
    /// The dialog as the UAS of an INVITE makes it (§12.1.1): the route set is Record-Route in
    /// order, the remote target the INVITE's Contact; our CSeq starts from a random value.
    /// </summary>
    internal static Dialog ForUas(SipRequest invite, string localTag)
    {
        var routeSet = RecordRoutes(invite).ToArray();
        var target = invite.Contacts.Count > 0 ? invite.Contacts[0].Uri : invite.From.Uri;
        return new Dialog(invite.CallId, invite.To.WithTag(localTag), invite.From, target, routeSet, (uint)Random.Shared.Next(1, 1 << 20), invite.CSeq.Number, isUac: false);
    }

    /// <summary>
    /// The dialog as the UAC of an INVITE makes it on a 2xx (§12.1.2): the route set is the
    /// response's Record-Route reversed, the remote target its Contact, our CSeq the INVITE's.
    /// </summary>
    internal static Dialog ForUac(SipRequest invite, SipResponse success)
    {
        var routeSet = RecordRoutes(success).Reverse().ToArray();
        var target = success.Contacts.Count > 0 ? success.Contacts[0].Uri : invite.RequestUri;
        return new Dialog(invite.CallId, invite.From, success.To, target, routeSet, invite.CSeq.Number, remoteCSeq: null, isUac: true);
    }

    /// <summary>The next CSeq number: each new request (and each retry of a challenged one) takes one (§12.2.1.1, §22.2).</summary>
    internal uint NextCSeq()
    {
        lock (_gate)
        {
            return ++_localCSeq;
        }
    }

    /// <summary>
    /// Checks a request's CSeq against the remote counter (§12.2.2): false when it is lower than one
    /// seen (answer 500); otherwise the counter moves on.
    /// </summary>
    internal bool AcceptRemoteCSeq(uint number)
    {
        lock (_gate)
        {
            if (_remoteCSeq is { } last && number < last)
            {
                return false;
            }

            _remoteCSeq = number;
            return true;
        }
    }

    /// <summary>A target refresh (re-INVITE) may change where requests go.</summary>
    internal void UpdateRemoteTarget(AddressUri target)
    {
        lock (_gate)
        {
            RemoteTarget = target;
        }
    }

    /// <summary>Whether a request belongs to this dialog (§12.2.2: Call-ID, its From tag is our remote tag, its To tag our local tag).</summary>
    internal bool Matches(SipRequest request) =>
        request.CallId == CallId && request.From.Tag == RemoteTag && request.To.Tag == LocalTag;

    /// <summary>
    /// A request in this dialog, with its CSeq: the Request-URI and Route as §12.2.1.1 asks (loose
    /// routing when the first route has lr, else strict), and the Via the caller gives.
    /// </summary>
    internal SipRequest CreateRequest(string method, uint cseq, ViaHeader via, NameAddress contact, IEnumerable<(string Name, string Value)>? extra = null, ReadOnlyMemory<byte> body = default, string? contentType = null)
    {
        var (uri, routes) = Target();
        var builder = new SipRequestBuilder(method, uri)
            .Via(via)
            .From(Local)
            .To(Remote)
            .CallId(CallId)
            .CSeq(cseq)
            .MaxForwards(70)
            .Contact(contact);
        foreach (var route in routes)
        {
            builder.Header(HeaderNames.Route, route);
        }

        foreach (var (name, value) in extra ?? Array.Empty<(string, string)>())
        {
            builder.Header(name, value);
        }

        if (contentType is not null)
        {
            builder.Body(body, contentType);
        }

        return builder.Build();
    }

    /// <summary>The Request-URI the next request carries (what a digest response is computed over).</summary>
    internal AddressUri RequestUri() => Target().Uri;

    /// <summary>The Request-URI and Route values of §12.2.1.1: loose routing when the first route has lr, else strict.</summary>
    private (AddressUri Uri, List<string> Routes) Target()
    {
        AddressUri requestUri;
        var routes = new List<string>();
        lock (_gate)
        {
            if (RouteSet.Count == 0)
            {
                requestUri = RemoteTarget;
            }
            else if (RouteSet[0].Uri is SipUri { IsLooseRouter: true })
            {
                requestUri = RemoteTarget;
                routes.AddRange(RouteSet.Select(r => r.ToString()));
            }
            else
            {
                // A strict router: it gets the Request-URI, and the remote target goes last in Route.
                requestUri = RouteSet[0].Uri;
                routes.AddRange(RouteSet.Skip(1).Select(r => r.ToString()));
                routes.Add("<" + RemoteTarget + ">");
            }
        }

        return (requestUri is SipUri sip ? sip.WithoutHeaders() : requestUri, routes);
    }

    /// <summary>Where the next request goes: the first route when there is one, else the remote target.</summary>
    internal SipUri NextHopUri()
    {
        lock (_gate)
        {
            return RouteSet.Count > 0 && RouteSet[0].Uri is SipUri route ? route
                : RemoteTarget as SipUri ?? throw new InvalidOperationException($"The remote target {RemoteTarget} is not a SIP URI.");
        }
    }

    public override string ToString() => $"{CallId} local={LocalTag} remote={RemoteTag}";

    private static IEnumerable<NameAddress> RecordRoutes(SipMessage message) =>
        message.Headers.GetValues(HeaderNames.RecordRoute)
            .Select(v => NameAddress.TryParse(v, out var route) ? route : null)
            .Where(r => r is not null)
            .Select(r => r!);
}

using System.Text;
using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

public sealed class SipMessageBuildingTests
{
    private static SipRequest Refer() =>
        new SipRequestBuilder(SipMethods.Refer, SipUri.Parse("sip:bob@192.0.2.4:5060"))
            .Via(ViaHeader.Create("UDP", "192.0.2.1", 5060, "z9hG4bKnashds8").WithParameter("rport", null))
            .From(new NameAddress(SipUri.Parse("sip:alice@atlanta.example.com"), "Alice").WithTag("1928301774"))
            .To(new NameAddress(SipUri.Parse("sip:bob@biloxi.example.com")).WithTag("a6c85cf"))
            .CallId("a84b4c76e66710@pc33.atlanta.example.com")
            .CSeq(314160)
            .Contact(new NameAddress(SipUri.Parse("sip:alice@192.0.2.1:5060")))
            .Header(HeaderNames.ReferTo, "<sip:carol@chicago.example.com>")
            .Header(HeaderNames.Supported, "norefersub")
            .Build();

    [Fact]
    public void TheBuilderWritesTheCoreFieldsInOrder()
    {
        var request = Refer();

        Assert.Equal(
            "REFER sip:bob@192.0.2.4:5060 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnashds8;rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
            "To: <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n" +
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
            "CSeq: 314160 REFER\r\n" +
            "Contact: <sip:alice@192.0.2.1:5060>\r\n" +
            "Refer-To: <sip:carol@chicago.example.com>\r\n" +
            "Supported: norefersub\r\n" +
            "Content-Length: 0\r\n\r\n",
            request.ToString());
        Assert.Equal(new CSeqHeader(314160, "REFER"), request.CSeq);
        Assert.Equal(70, request.MaxForwards);
        MessageComparer.AssertRoundTrips(request);
    }

    [Fact]
    public void TheBuilderSetsBodyTypeAndLength()
    {
        var body = "SIP/2.0 200 OK\r\n"u8.ToArray();
        var notify = new SipRequestBuilder(SipMethods.Notify, SipUri.Parse("sip:alice@192.0.2.1"))
            .Via(ViaHeader.Create("TCP", "192.0.2.4", null, SipIdentifiers.NewBranch()))
            .From(new NameAddress(SipUri.Parse("sip:bob@biloxi.example.com")).WithTag(SipIdentifiers.NewTag()))
            .To(new NameAddress(SipUri.Parse("sip:alice@atlanta.example.com")).WithTag("1928301774"))
            .CallId(SipIdentifiers.NewCallId("biloxi.example.com"))
            .CSeq(1)
            .MaxForwards(10)
            .Header(HeaderNames.Event, "refer;id=314160")
            .Header(HeaderNames.SubscriptionState, "terminated;reason=noresource")
            .Body(body, "message/sipfrag;version=2.0")
            .Build();

        Assert.Equal("message/sipfrag;version=2.0", notify.ContentType);
        Assert.Equal("16", notify.Headers.GetFirst(HeaderNames.ContentLength));
        Assert.Equal(10, notify.MaxForwards);
        Assert.Equal(body, notify.Body.ToArray());
        MessageComparer.AssertRoundTrips(notify);
    }

    [Fact]
    public void TheBuilderRefusesIncompleteOrInvalidInput()
    {
        var builder = new SipRequestBuilder(SipMethods.Bye, SipUri.Parse("sip:bob@192.0.2.4"));

        var missing = Assert.Throws<InvalidOperationException>(builder.Build);
        Assert.Equal("A request needs Via, From, To, Call-ID, CSeq.", missing.Message);
        Assert.Throws<ArgumentException>(() => builder.CallId("has space"));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.CSeq(1u << 31));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.MaxForwards(256));
        Assert.Throws<ArgumentException>(() => builder.Header("X-Bad", "line\r\nInjected: yes"));
        Assert.Throws<ArgumentException>(() => builder.Header("Bad Name", "x"));
        Assert.Throws<ArgumentException>(() => new SipRequestBuilder("BAD METHOD", SipUri.Parse("sip:x@y.example")));
        Assert.Throws<ArgumentException>(() => new SipRequestBuilder(SipMethods.Bye, SipUri.Parse("sip:x@y.example?Route=z")));
    }

    [Fact]
    public void CreateForCopiesTheCoreFieldsAndAddsAToTag()
    {
        var request = SipParser.ParseDatagram(
            "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
            "v: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1, SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK2;received=192.0.2.1\r\n" +
            "Via: SIP/2.0/UDP first.example.com;branch=z9hG4bK3\r\n" +
            "Max-Forwards: 69\r\n" +
            "t: sip:bob@biloxi.example.com\r\n" +
            "f: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
            "i: a84b4c76e66710\r\n" +
            "CSeq: 314159 INVITE\r\n" +
            "Record-Route: <sip:proxy.example.com;lr>\r\n" +
            "Content-Length: 0\r\n\r\n").Request!;

        var ringing = SipResponse.CreateFor(request, 180, toTag: "a6c85cf");
        Assert.Equal("SIP/2.0 180 Ringing", ringing.StartLine);
        Assert.Equal(request.Headers.GetAll("Via"), ringing.Headers.GetAll("Via"));
        Assert.Equal(3, ringing.Vias.Count);
        Assert.Equal("sip:bob@biloxi.example.com;tag=a6c85cf", ringing.Headers.GetFirst("To"));
        Assert.Equal("a6c85cf", ringing.To.Tag);
        Assert.Equal(request.Headers.GetFirst("From"), ringing.Headers.GetFirst("From"));
        Assert.Equal(request.CallId, ringing.CallId);
        Assert.Equal(request.CSeq, ringing.CSeq);
        Assert.Null(ringing.Headers.GetFirst("Record-Route"));
        Assert.Null(ringing.Headers.GetFirst("Max-Forwards"));
        MessageComparer.AssertRoundTrips(ringing);

        var trying = SipResponse.CreateFor(request, 100);
        Assert.Null(trying.To.Tag);
        Assert.Equal("Trying", trying.ReasonPhrase);

        var ok = SipResponse.CreateFor(request, 200, "Fine", "tag2")
            .WithHeaders(ringing.Headers.Add(HeaderNames.Contact, "<sip:bob@192.0.2.4>"))
            .WithBody(Encoding.UTF8.GetBytes("v=0\r\n"), "application/sdp");
        Assert.Equal((200, "Fine"), (ok.StatusCode, ok.ReasonPhrase));
        Assert.Single(ok.Contacts);
        Assert.Equal("5", ok.Headers.GetFirst("Content-Length"));
        Assert.Equal("application/sdp", ok.ContentType);
        Assert.True(ok.IsSuccess && ok.IsFinal);
        MessageComparer.AssertRoundTrips(ok);

        // A tag already present is kept.
        var again = SipResponse.CreateFor(SipParser.ParseDatagram(ringing.ToString().Replace("SIP/2.0 180 Ringing", "BYE sip:x@y.example SIP/2.0").Replace("INVITE", "BYE")).Request!, 200, toTag: "other");
        Assert.Equal("a6c85cf", again.To.Tag);
    }

    [Fact]
    public void MessagesAreImmutableAndWithMethodsCheckTheirInput()
    {
        var request = Refer();
        var retargeted = request.WithRequestUri(SipUri.Parse("sip:bob@192.0.2.99"));
        var withRoute = request.WithHeaders(request.Headers.Prepend(HeaderNames.Route, "<sip:proxy.example.com;lr>"));

        Assert.Equal("sip:bob@192.0.2.4:5060", request.RequestUri.ToString());
        Assert.Equal("sip:bob@192.0.2.99", retargeted.RequestUri.ToString());
        Assert.Equal(HeaderNames.Route, withRoute.Headers[0].Name);
        Assert.False(request.Headers.Contains(HeaderNames.Route));

        Assert.Throws<ArgumentException>(() => request.WithHeaders(request.Headers.Remove(HeaderNames.CallId)));
        Assert.Throws<ArgumentException>(() => request.WithHeaders(request.Headers.Set(HeaderNames.CSeq, "1 BYE")));
        Assert.Throws<ArgumentException>(() => request.WithHeaders(request.Headers.Set(HeaderNames.From, "not a name-addr")));
        Assert.Throws<ArgumentException>(() => SipResponse.Create(200, "bad\u0001phrase", SipResponse.CreateFor(request, 200).Headers));
        Assert.Throws<ArgumentOutOfRangeException>(() => SipResponse.Create(700, "x", SipResponse.CreateFor(request, 200).Headers));
    }

    [Fact]
    public void HeaderCollectionsEditByReturningCopies()
    {
        var headers = SipHeaders.Create(("Via", "a"), ("v", "b"), ("X-One", "1"), ("VIA", "c"));

        Assert.Equal(["a", "b", "c"], headers.GetAll("via"));
        Assert.Equal(["Via", "X-One"], headers.Set("Via", "z").Select(h => h.CanonicalName));
        Assert.Equal("z", headers.Set("Via", "z")[0].Value);
        Assert.Equal(["X-One"], headers.Remove("v").Select(h => h.Name));
        Assert.Equal("new", headers.Set("X-Two", "new")[4].Value);
        Assert.Equal(4, headers.Count);
        Assert.Equal("trimmed", SipHeaders.Empty.Add("X", "  trimmed \t")[0].Value);
        Assert.Equal("\"a\\\u0000b\"", SipHeaders.Empty.Add("X", "\"a\\\u0000b\"")[0].Value);
        Assert.Throws<ArgumentException>(() => SipHeaders.Empty.Add("X", "a\u0000b"));
        Assert.Equal("Via: a", headers[0].ToString());
        Assert.True(headers[1].Is("Via"));
        Assert.Equal(new SipHeader("v", "b"), headers[1]);
    }

    [Fact]
    public void IdentifiersAreFreshAndValid()
    {
        Assert.NotEqual(SipIdentifiers.NewTag(), SipIdentifiers.NewTag());
        Assert.True(CallIdHeader.IsValid(SipIdentifiers.NewCallId()));
        Assert.EndsWith("@host.example", SipIdentifiers.NewCallId("host.example"));
        Assert.Equal("Version Not Supported", SipStatus.GetReasonPhrase(505));
        Assert.Equal("Client Error", SipStatus.GetReasonPhrase(499));
    }
}

using System.Text;
using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

public sealed class SipParserTests
{
    internal const string Invite =
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>\r\n" +
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.example.com>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 4\r\n" +
        "\r\n" +
        "v=0\n";

    /// <summary>Folding, odd spacing, compact and odd-case names, unknown fields, escaped quotes,
    /// IPv6, escaped and tel URIs, several Vias in one line and across lines.</summary>
    private const string Tortuous =
        "\r\n" +
        "REFER sip:%62ob@[2001:db8::10]:5070;transport=tcp SIP/2.0\r\n" +
        "v: SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKa , SIP / 2.0 / UDP\r\n" +
        "   192.0.2.1;branch=z9hG4bKb;received=2001:db8::99;rport=5061\r\n" +
        "VIA  :  SIP/2.0/SCTP sctp.example.com;branch=z9hG4bKc\r\n" +
        "f:\"Alice \\\"the\\\" \\\\ Great\"<sip:alice@atlanta.example.com>\r\n" +
        "  ;tag = 88sja8x\r\n" +
        "t:    tel:+1-201-555-0123;tag=x9\r\n" +
        "i: 3848276298220188511@atlanta.example.com\r\n" +
        "cSeQ: 0000093809823\r\n" +
        "\t  REFER\r\n" +
        "Max-Forwards:0068\r\n" +
        "m: <sip:alice@[2001:db8::1]:5060;transport=tcp>;expires=60, \"x,y\" <sip:x@y.example>\r\n" +
        "r: <sip:carol@chicago.example.com?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>\r\n" +
        "b: <sip:alice@atlanta.example.com>;cid=\"20398823.2UWQFN309shb3@referrer.example\"\r\n" +
        "k: norefersub, replaces\r\n" +
        "X-Weird-Header  :   stays ; exactly,, as \"it\" <was>\r\n" +
        "s:\r\n" +
        "o: refer;id=93809823\r\n" +
        "c: message/sipfrag;version=2.0\r\n" +
        "l: 18\r\n" +
        "\r\n" +
        "SIP/2.0 100 Trying";

    private static string Text(SipParseResult result) => result.IsSuccess ? result.Message!.ToString() : result.Error!.ToString()!;

    [Fact]
    public void ATortuousButValidRequestParsesAndRoundTrips()
    {
        var result = SipParser.ParseDatagram(Tortuous);
        var request = Assert.IsType<SipRequest>(result.Message);

        Assert.Equal("REFER", request.Method);
        var target = Assert.IsType<SipUri>(request.RequestUri);
        Assert.Equal("bob", target.UnescapedUser);
        Assert.Equal((SipHostKind.IPv6, "2001:db8::10", 5070), (target.Host.Kind, target.Host.Value, target.Port));

        Assert.Equal(["z9hG4bKa", "z9hG4bKb", "z9hG4bKc"], request.Vias.Select(v => v.Branch));
        Assert.Equal(["TCP", "UDP", "SCTP"], request.Vias.Select(v => v.Transport));
        Assert.Equal("2001:db8::99", request.Vias[1].Received);
        Assert.Equal(5061, request.Vias[1].RPort);
        Assert.Equal(2, request.Headers.GetAll("Via").Count);
        Assert.Equal(3, request.Headers.GetValues("v").Count);

        Assert.Equal("Alice \"the\" \\ Great", request.From.DisplayName);
        Assert.Equal("88sja8x", request.From.Tag);
        Assert.Equal("+1-201-555-0123", Assert.IsType<TelUri>(request.To.Uri).Number);
        Assert.Equal("x9", request.To.Tag);
        Assert.Equal("3848276298220188511@atlanta.example.com", request.CallId);
        Assert.Equal(new CSeqHeader(93809823, "REFER"), request.CSeq);
        Assert.Equal(68, request.MaxForwards);
        Assert.Equal(2, request.Contacts.Count);
        Assert.Equal("x,y", request.Contacts[1].DisplayName);

        var referTo = NameAddress.Parse(request.Headers.GetFirst("Refer-To")!);
        Assert.Equal("12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994", ((SipUri)referTo.Uri).Headers["Replaces"]);
        Assert.Equal(["norefersub", "replaces"], request.Headers.GetValues(HeaderNames.Supported));
        Assert.Equal("stays ; exactly,, as \"it\" <was>", request.Headers.GetFirst("x-weird-header"));
        Assert.Equal(string.Empty, request.Headers.GetFirst(HeaderNames.Subject));
        Assert.Equal("message/sipfrag;version=2.0", request.ContentType);
        Assert.Equal("SIP/2.0 100 Trying", Encoding.UTF8.GetString(request.Body.Span));

        var again = MessageComparer.AssertRoundTrips(request);
        Assert.Equal(request.ToBytes(), again.ToBytes());
    }

    [Fact]
    public void SerializationIsCanonical()
    {
        var request = SipParser.ParseDatagram(
            "OPTIONS sip:x@y.example SIP/2.0\r\nv: SIP/2.0/UDP h.example;branch=z9hG4bK1\r\nf: <sip:a@b.example>;tag=1\r\n" +
            "t:  <sip:x@y.example>\r\ni: c1\r\ncseq: 1\r\n OPTIONS\r\nX-Mine: one\r\n\r\nbody").Message!;

        Assert.Equal(
            "OPTIONS sip:x@y.example SIP/2.0\r\nVia: SIP/2.0/UDP h.example;branch=z9hG4bK1\r\nFrom: <sip:a@b.example>;tag=1\r\n" +
            "To: <sip:x@y.example>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nX-Mine: one\r\nContent-Length: 4\r\n\r\nbody",
            request.ToString());
        Assert.Equal(request.ToBytes(), Encoding.UTF8.GetBytes(request.ToString()));
    }

    [Fact]
    public void ADatagramWithoutContentLengthTakesTheRestAsBody()
    {
        var result = SipParser.ParseDatagram(Invite.Replace("Content-Length: 4\r\n", "") + "more");

        Assert.Equal("v=0\nmore", Encoding.UTF8.GetString(result.Message!.Body.Span));
        Assert.Equal("Content-Length: 8", result.Message.ToString().Split("\r\n")[^3]);
    }

    [Fact]
    public void ADatagramLongerThanContentLengthIsTruncated()
    {
        var result = SipParser.ParseDatagram(Invite + "trailing garbage\r\n");

        Assert.Equal("v=0\n", Encoding.UTF8.GetString(result.Message!.Body.Span));
        MessageComparer.AssertRoundTrips(result.Message);
    }

    [Fact]
    public void ADatagramShorterThanContentLengthIsRejectedWithAnAnswer()
    {
        var result = SipParser.ParseDatagram(Invite.Replace("Content-Length: 4", "Content-Length: 40"));

        Assert.Equal(SipParseErrorReason.TruncatedBody, result.Error!.Value.Reason);
        Assert.Equal(10, result.Error.Value.Line);
        Assert.True(result.CanRespond);
    }

    [Fact]
    public void AMalformedAckIsNeverAnswered()
    {
        // The same fault that gets an INVITE its 400 (above); an ACK has no response (§17.2.1).
        var ack = Invite.Replace("INVITE sip:", "ACK sip:").Replace(" INVITE\r\n", " ACK\r\n").Replace("Content-Length: 4", "Content-Length: 40");
        var result = SipParser.ParseDatagram(ack);

        Assert.Equal(SipParseErrorReason.TruncatedBody, result.Error!.Value.Reason);
        Assert.False(result.CanRespond);
        Assert.Null(result.CreateErrorResponse());
    }

    [Fact]
    public void LeadingCrlfsAreIgnored() =>
        Assert.True(SipParser.ParseDatagram("\r\n\r\n" + Invite).IsSuccess);

    [Fact]
    public void AResponseParses()
    {
        var response = SipParser.ParseDatagram(
            "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h.example;branch=z9hG4bK1\r\nFrom: <sip:a@b.example>;tag=1\r\n" +
            "To: <sip:x@y.example>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n").Response!;

        Assert.Equal((180, "Ringing"), (response.StatusCode, response.ReasonPhrase));
        Assert.True(response.IsProvisional);
        Assert.False(response.IsFinal);
        Assert.Equal("2", response.To.Tag);
        MessageComparer.AssertRoundTrips(response);
    }

    public static TheoryData<string, string, SipParseErrorReason> Rejections => new()
    {
        { "empty", "", SipParseErrorReason.EmptyMessage },
        { "keep-alive", "\r\n\r\n", SipParseErrorReason.EmptyMessage },
        { "bare LF", Invite.Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\n"), SipParseErrorReason.InvalidLineEnding },
        { "bare CR", Invite.Replace("Max-Forwards: 70", "Max-Forwards: 7\r0"), SipParseErrorReason.InvalidLineEnding },
        { "no empty line", Invite[..Invite.IndexOf("\r\n\r\n", StringComparison.Ordinal)] + "\r\n", SipParseErrorReason.HeaderSectionIncomplete },
        { "one word", "INVITE\r\n" + Invite[(Invite.IndexOf('\n') + 1)..], SipParseErrorReason.InvalidRequestLine },
        { "two spaces", Invite.Replace("INVITE sip:", "INVITE  sip:"), SipParseErrorReason.InvalidRequestLine },
        { "trailing space", Invite.Replace("SIP/2.0\r\nVia", "SIP/2.0 \r\nVia"), SipParseErrorReason.InvalidRequestLine },
        { "bad method", Invite.Replace("INVITE sip:", "INV@TE sip:"), SipParseErrorReason.InvalidRequestLine },
        { "bad version", Invite.Replace("SIP/2.0\r\nVia", "HTTP/1.1\r\nVia"), SipParseErrorReason.InvalidRequestLine },
        { "version 3", Invite.Replace("SIP/2.0\r\nVia", "SIP/3.0\r\nVia"), SipParseErrorReason.UnsupportedVersion },
        { "bracketed URI", Invite.Replace("INVITE sip:bob@biloxi.example.com", "INVITE <sip:bob@biloxi.example.com>"), SipParseErrorReason.InvalidRequestUri },
        { "URI headers", Invite.Replace("INVITE sip:bob@biloxi.example.com", "INVITE sip:bob@biloxi.example.com?Route=x"), SipParseErrorReason.InvalidRequestUri },
        { "URI whitespace", Invite.Replace("INVITE sip:bob@biloxi.example.com", "INVITE sip:bob@biloxi.example.com; lr"), SipParseErrorReason.InvalidRequestUri },
        { "status line", "SIP/2.0\r\n" + Invite[(Invite.IndexOf('\n') + 1)..], SipParseErrorReason.InvalidStatusLine },
        { "status text", "SIP/2.0 200OK\r\n" + Invite[(Invite.IndexOf('\n') + 1)..], SipParseErrorReason.InvalidStatusLine },
        { "status version", "SIP/2 200 OK\r\n" + Invite[(Invite.IndexOf('\n') + 1)..], SipParseErrorReason.InvalidStatusLine },
        { "status code", "SIP/2.0 4294967301 big\r\n" + Invite[(Invite.IndexOf('\n') + 1)..], SipParseErrorReason.InvalidStatusCode },
        { "status 099", "SIP/2.0 099 low\r\n" + Invite[(Invite.IndexOf('\n') + 1)..], SipParseErrorReason.InvalidStatusCode },
        { "status 700", "SIP/2.0 700 high\r\n" + Invite[(Invite.IndexOf('\n') + 1)..], SipParseErrorReason.InvalidStatusCode },
        { "no colon", Invite.Replace("Max-Forwards: 70", "Max-Forwards 70"), SipParseErrorReason.InvalidHeaderLine },
        { "bad name", Invite.Replace("Max-Forwards: 70", "Max Forwards: 70"), SipParseErrorReason.InvalidHeaderLine },
        { "early fold", Invite.Replace("Via:", " Via:"), SipParseErrorReason.InvalidHeaderLine },
        { "control", Invite.Replace("Bob <", "B\u0001ob <"), SipParseErrorReason.InvalidCharacter },
        { "bad Via", Invite.Replace("UDP pc33", "UDP ;pc33"), SipParseErrorReason.InvalidHeaderValue },
        { "bad To", Invite.Replace("To: Bob <", "To: \"Bob <"), SipParseErrorReason.InvalidHeaderValue },
        { "bad Max-Forwards", Invite.Replace("Max-Forwards: 70", "Max-Forwards: 300"), SipParseErrorReason.InvalidHeaderValue },
        { "bad Route", Invite.Replace("Max-Forwards: 70", "Route: sip:p.example;lr"), SipParseErrorReason.InvalidHeaderValue },
        { "no Call-ID", Invite.Replace("Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n", ""), SipParseErrorReason.MissingHeader },
        { "no Via", Invite.Replace("Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n", ""), SipParseErrorReason.MissingHeader },
        { "two To", Invite.Replace("Max-Forwards: 70", "t: <sip:x@y.example>"), SipParseErrorReason.DuplicateHeader },
        { "CSeq method", Invite.Replace("CSeq: 314159 INVITE", "CSeq: 314159 invite"), SipParseErrorReason.CSeqMethodMismatch },
        { "negative length", Invite.Replace("Content-Length: 4", "Content-Length: -4"), SipParseErrorReason.InvalidContentLength },
        { "short body", Invite.Replace("Content-Length: 4", "l: 5"), SipParseErrorReason.TruncatedBody },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void EachFaultHasItsReason(string name, string message, SipParseErrorReason reason)
    {
        var result = SipParser.ParseDatagram(message);

        Assert.False(result.IsSuccess, name);
        Assert.Equal(reason, result.Error!.Value.Reason);
        Assert.False(string.IsNullOrEmpty(result.Error.Value.Description));
    }

    [Fact]
    public void EachLimitHasItsReason()
    {
        var small = new SipParserOptions { MaxMessageSize = 300, MaxHeaderCount = 9, MaxLineLength = 80 };

        Assert.Equal(SipParseErrorReason.MessageTooLarge, SipParser.ParseDatagram(Invite + new string('x', 100), small).Error!.Value.Reason);
        Assert.Equal(SipParseErrorReason.TooManyHeaders, SipParser.ParseDatagram(Invite, small with { MaxMessageSize = 1000, MaxHeaderCount = 8 }).Error!.Value.Reason);
        var longLine = Invite.Replace("Max-Forwards: 70", "X-Long: " + new string('y', 100));
        Assert.Equal(SipParseErrorReason.LineTooLong, SipParser.ParseDatagram(longLine, small with { MaxMessageSize = 1000, MaxHeaderCount = 20 }).Error!.Value.Reason);
        var longFolded = Invite.Replace("Max-Forwards: 70", "X-Long: " + string.Concat(Enumerable.Repeat("yyyyyyyyyyyyyyyyyyyy\r\n ", 5)) + "end");
        Assert.Equal(SipParseErrorReason.LineTooLong, SipParser.ParseDatagram(longFolded, small with { MaxMessageSize = 1000, MaxHeaderCount = 20 }).Error!.Value.Reason);
        Assert.True(SipParser.ParseDatagram(Invite, small with { MaxMessageSize = 1000, MaxHeaderCount = 20 }).IsSuccess);
    }

    [Fact]
    public void EveryReasonIsExercised()
    {
        var seen = Rejections.Select(row => row.Data.Item3).ToHashSet();
        seen.UnionWith([SipParseErrorReason.MessageTooLarge, SipParseErrorReason.TooManyHeaders, SipParseErrorReason.LineTooLong]);
        seen.Add(SipParseErrorReason.MissingContentLength); // SipStreamReaderTests.AMessageWithoutContentLengthCannotBeFramed

        Assert.Equal(Enum.GetValues<SipParseErrorReason>().Where(r => r != SipParseErrorReason.None).Order(), seen.Order());
    }

    [Fact]
    public void ErrorsSayWhere()
    {
        var error = SipParser.ParseDatagram(Invite.Replace("To: Bob <", "To: \"Bob <")).Error!.Value;

        Assert.Equal(4, error.Line);
        Assert.Equal(Invite.IndexOf("To:", StringComparison.Ordinal), error.Offset);
        Assert.Equal("To", error.HeaderName);
        Assert.Equal("InvalidHeaderValue at line 4 (byte 128): Malformed To header field", error.ToString());
    }

    [Fact]
    public void AnAnswerableRequestGetsA400SayingWhatWasWrong()
    {
        var message = Invite
            .Replace("CSeq: 314159 INVITE", "CSeq: 314159 BYE")
            .Replace("Max-Forwards: 70", "Via: SIP/2.0/TCP second.example.com;branch=z9hG4bK2, SIP/2.0/TCP third.example.com;branch=z9hG4bK3");
        var result = SipParser.ParseDatagram(message);

        Assert.True(result.CanRespond);
        var response = result.CreateErrorResponse("tag400")!;
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("CSeq method does not match the Request-Line", response.ReasonPhrase);
        Assert.Equal(["z9hG4bK776asdhds", "z9hG4bK2", "z9hG4bK3"], response.Vias.Select(v => v.Branch));
        Assert.Equal(2, response.Headers.GetAll("Via").Count);
        Assert.Equal("1928301774", response.From.Tag);
        Assert.Equal("tag400", response.To.Tag);
        Assert.Equal("a84b4c76e66710@pc33.atlanta.example.com", response.CallId);
        Assert.Equal(new CSeqHeader(314159, "BYE"), response.CSeq);
        Assert.Null(response.Headers.GetFirst("Contact"));
        MessageComparer.AssertRoundTrips(response);

        Assert.NotNull(result.CreateErrorResponse()!.To.Tag);
    }

    [Fact]
    public void AVersionOtherThan2_0GetsA505()
    {
        var result = SipParser.ParseDatagram(Invite.Replace("SIP/2.0\r\nVia", "SIP/7.0\r\nVia"));

        Assert.Equal(505, result.CreateErrorResponse()!.StatusCode);
    }

    [Fact]
    public void AMalformedResponseIsJustDropped()
    {
        var result = SipParser.ParseDatagram("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h.example;branch=z9hG4bK1\r\nFrom: <sip:a@b.example>;tag=1\r\n" +
            "To: <sip:x@y.example>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: x\r\n\r\n");

        Assert.Equal(SipParseErrorReason.InvalidContentLength, result.Error!.Value.Reason);
        Assert.False(result.CanRespond);
        Assert.Null(result.CreateErrorResponse());
    }

    [Fact]
    public void ARequestWithoutItsCoreFieldsCannotBeAnswered()
    {
        var result = SipParser.ParseDatagram(Invite.Replace("To: Bob <sip:bob@biloxi.example.com>\r\n", ""));

        Assert.Equal(SipParseErrorReason.MissingHeader, result.Error!.Value.Reason);
        Assert.Equal("Missing To header field", result.Error.Value.Description);
        Assert.False(result.CanRespond);
    }

    [Fact]
    public void InvalidUtf8InAValueBecomesAReplacementCharacterAndRoundTrips()
    {
        var bytes = Encoding.UTF8.GetBytes(Invite.Replace("Bob <", "\"B\u00e9b\" <")).ToList();
        var at = bytes.IndexOf(0xC3);
        bytes[at] = 0xE9; // Latin-1 é, invalid as UTF-8
        bytes.RemoveAt(at + 1);
        bytes.Insert(at + 1, (byte)'x');

        var result = SipParser.ParseDatagram(bytes.ToArray());
        Assert.Contains('\uFFFD', result.Message!.To.DisplayName!);
        MessageComparer.AssertRoundTrips(result.Message);
    }

    [Fact]
    public void HeaderLookupsIgnoreCaseAndCompactForms()
    {
        var request = SipParser.ParseDatagram(Invite).Request!;

        Assert.Equal(request.Headers.GetFirst("call-id"), request.Headers.GetFirst("i"));
        Assert.True(request.Headers.Contains("V"));
        Assert.Equal(1, request.Headers.CountOf("CONTENT-LENGTH"));
        Assert.Empty(request.Headers.GetAll("X-None"));
        Assert.Equal(Text(SipParser.ParseDatagram(Invite)), request.ToString());
    }
}

using Swml.Sip.Sdp;

namespace Swml.Sip.Tests.Sdp;

public sealed class SessionDescriptionTests
{
    [Theory]
    [MemberData(nameof(SdpSamples.All), MemberType = typeof(SdpSamples))]
    public void RealWorldDescriptionsRoundTripUnchanged(string name, string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var description, out var error), $"{name}: {error}");
        Assert.Equal(text, description.ToString());
    }

    [Theory]
    [MemberData(nameof(SdpSamples.All), MemberType = typeof(SdpSamples))]
    public void LfLineEndsAndTrailingWhitespaceAreAccepted(string name, string text)
    {
        var sloppy = text.Replace("\r\n", " \t\n");

        Assert.True(SessionDescription.TryParse(sloppy, out var description, out var error), $"{name}: {error}");
        Assert.Equal(text, description.ToString());
    }

    [Fact]
    public void TheSippOfferIsReadIntoItsParts()
    {
        var sdp = SessionDescription.Parse(SdpSamples.Sipp);

        Assert.Equal(new SdpOrigin("user1", "53655765", "2353687637", "IN", "IP4", "127.0.0.1"), sdp.Origin);
        Assert.Equal("-", sdp.SessionName);
        Assert.Equal(new SdpConnection("IN", "IP4", "127.0.0.1"), sdp.Connection);
        Assert.Equal(SdpTiming.Unbounded, Assert.Single(sdp.Timings));
        var audio = Assert.Single(sdp.Media);
        Assert.Equal(("audio", 6000, "RTP/AVP"), (audio.Media, audio.Port, audio.Protocol));
        Assert.Equal(["0"], audio.Formats);
        Assert.Equal(new RtpMap(0, "PCMU", 8000), audio.GetRtpMap("0"));
        Assert.Equal(MediaDirection.SendRecv, sdp.GetDirection(audio));
    }

    [Fact]
    public void EveryLineTypeIsKeptAtItsLevel()
    {
        var sdp = SessionDescription.Parse(SdpSamples.EveryLine);

        Assert.Equal("SDP Offer #1", sdp.Information);
        Assert.Equal("http://www.jdoe.example.com/home.html", sdp.Uri);
        Assert.Equal(["Jane Doe <jane@jdoe.example.com>"], sdp.Emails);
        Assert.Equal(["+1 617 555-6011"], sdp.Phones);
        Assert.Equal([new SdpBandwidth("CT", "128")], sdp.Bandwidths);
        Assert.Equal(2, sdp.Timings.Count);
        Assert.Equal(["7d 1h 0 25h"], sdp.Timings[0].Repeats);
        Assert.Equal("3730928400 -1h 3749680800 0", sdp.TimeZones);
        Assert.Equal("prompt", sdp.Key);
        Assert.Equal([new SdpAttribute("recvonly")], sdp.Attributes);
        Assert.Equal([new SdpLine('x', "an unknown line")], sdp.OtherLines);

        var audio = sdp.Media[0];
        Assert.Equal((49170, (int?)2), (audio.Port, audio.PortCount));
        Assert.Equal("voice", audio.Title);
        Assert.Equal(2, audio.Connections.Count);
        Assert.Equal("203.0.113.1", audio.Connection!.Host);
        Assert.Equal("clear:secret", audio.Key);
        Assert.Equal([new SdpLine('y', "another unknown line")], audio.OtherLines);
        Assert.Equal(MediaDirection.RecvOnly, sdp.GetDirection(audio));

        var application = sdp.Media[1];
        Assert.Equal(("application", "udp", "wb"), (application.Media, application.Protocol, application.Formats[0]));
        Assert.Equal("portrait", application.GetAttribute("orient"));
    }

    [Fact]
    public void LinesOutOfOrderAreReadAndWrittenInTheRfcOrder()
    {
        const string text = "v=0\na=tool:x\nt=0 0\nc=IN IP4 10.0.0.1\ns=-\no=- 1 1 IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0\na=sendonly\nc=IN IP4 10.0.0.2\n";

        var sdp = SessionDescription.Parse(text);

        Assert.Equal(
            SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\na=tool:x\nm=audio 4000 RTP/AVP 0\nc=IN IP4 10.0.0.2\na=sendonly"),
            sdp.ToString());
    }

    [Fact]
    public void MissingSessionNameAndTimeAreFilledInWhenWritten()
    {
        var sdp = SessionDescription.Parse("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n");

        Assert.Equal(
            SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 0"),
            sdp.ToString());
    }

    [Fact]
    public void LenientLayoutIsAccepted()
    {
        // A BOM, blank lines, CR-only line ends, runs of spaces, lower-case names and an m-line without formats.
        const string text = "\uFEFFv=0\r\r\no=-   7 7 IN IP4 10.0.0.1\rs=\n\nc=IN  IP4  10.0.0.1\nt=0 0\nm=audio  4000  RTP/AVP  0   8\na=rtpmap:8 pcma/8000\nm=image 0 udptl\n\n";

        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);
        Assert.Equal("", sdp.SessionName);
        Assert.Equal("10.0.0.1", sdp.Connection!.Address);
        Assert.Equal(["0", "8"], sdp.Media[0].Formats);
        Assert.True(sdp.Media[0].GetRtpMap("8")!.Value.IsSameEncoding("PCMA", 8000));
        Assert.Empty(sdp.Media[1].Formats);
    }

    [Fact]
    public void AttributesKeepTheirValuesAsWritten()
    {
        var sdp = SessionDescription.Parse(SdpSamples.FreeSwitch);
        var audio = sdp.Media[0];

        Assert.Equal("24577 IN IP4 10.0.0.5", audio.GetAttribute("rtcp"));
        Assert.Equal("0-16", audio.GetFormatParameters("101"));
        Assert.Equal("annexb=no", audio.GetFormatParameters("104"));
        Assert.Null(audio.GetFormatParameters("0"));
        Assert.Equal(20, audio.Ptime);
        Assert.Equal("", audio.GetAttribute("sendrecv"));
        Assert.Equal(new RtpMap(102, "opus", 48000, 2), audio.GetRtpMap("102"));
    }

    [Fact]
    public void StaticPayloadTypesWithoutRtpmapAreKnown()
    {
        var audio = SessionDescription.Parse(SdpSamples.WithVideo).Media[0];

        Assert.Equal(new RtpMap(0, "PCMU", 8000), audio.GetRtpMap("0"));
        Assert.Equal(new RtpMap(8, "PCMA", 8000), audio.GetRtpMap("8"));
        Assert.Equal(new RtpMap(101, "telephone-event", 8000), audio.GetRtpMap("101"));
        Assert.Null(audio.GetRtpMap("96"));
        Assert.Null(audio.GetRtpMap("not-a-number"));
    }

    [Fact]
    public void MediaLevelConnectionWinsOverSessionLevel()
    {
        var sdp = SessionDescription.Parse(SdpSamples.WithVideo);
        var withOwn = SessionDescription.Parse(SdpSamples.Sipp);

        Assert.Equal("192.168.1.31", sdp.GetConnection(sdp.Media[0])!.Address);
        Assert.Equal("192.168.1.32", sdp.GetConnection(sdp.Media[1])!.Address);
        Assert.Equal("127.0.0.1", withOwn.GetConnection(withOwn.Media[0])!.Address);
    }

    [Fact]
    public void Ipv6ConnectionsAreRead()
    {
        var sdp = SessionDescription.Parse(SdpSamples.Ipv6);

        Assert.Equal("IP6", sdp.Connection!.AddressType);
        Assert.Equal(System.Net.IPAddress.Parse("2001:db8::20"), sdp.Connection.TryGetIPAddress());
    }

    [Theory]
    [InlineData("", "the description is empty")]
    [InlineData(" \r\n ", "the description is empty")]
    [InlineData("o=- 1 1 IN IP4 1.2.3.4\r\n", "line 1: the first line must be v=0")]
    [InlineData("v=1\r\no=- 1 1 IN IP4 1.2.3.4\r\n", "line 1: the first line must be v=0")]
    [InlineData("v=0\r\ns=-\r\n", "the o= line is missing")]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\n", "line 2: o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nhello\r\n", "line 3: expected <letter>=<value>")]
    [InlineData("v=0\n\no=- 1 1 IN IP4 1.2.3.4\n1=x\n", "line 4: expected <letter>=<value>")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4\r\n", "line 3: c= needs <nettype> <addrtype> <address>")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio RTP/AVP 0\r\n", "line 3: m= port 'RTP/AVP' is not a number 0-65535")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000\r\n", "line 3: m= needs <media> <port> <proto> [<fmt> …]")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 65536 RTP/AVP 0\r\n", "line 3: m= port '65536' is not a number 0-65535")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio -1 RTP/AVP 0\r\n", "line 3: m= port '-1' is not a number 0-65535")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000/0 RTP/AVP 0\r\n", "line 3: m= port count in '4000/0' is not a number 1-65535")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\nt=0 0\r\n", "line 4: t= is a session-level line but appears in a media description")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\no=- 1 1 IN IP4 1.2.3.4\r\n", "line 3: more than one o= line")]
    [InlineData("v=0\r\nv=0\r\n", "line 2: v= may appear only once, first")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nr=1d 1h 0\r\n", "line 3: r= must follow a t= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\na=:x\r\n", "line 3: a= needs an attribute name")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nb=AS64\r\n", "line 3: b= needs <bwtype>:<bandwidth>")]
    public void InvalidDescriptionsFailWithAReason(string text, string expected)
    {
        Assert.False(SessionDescription.TryParse(text, out var description, out var error));
        Assert.Null(description);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void NullIsRefusedWithAReason()
    {
        Assert.False(SessionDescription.TryParse((string?)null, out _, out var error));
        Assert.Equal("the description is empty", error);
    }

    [Fact]
    public void ParseThrowsFormatExceptionWithTheReason()
    {
        var exception = Assert.Throws<FormatException>(() => SessionDescription.Parse("v=0\r\n"));
        Assert.Equal("the o= line is missing", exception.Message);
    }

    [Fact]
    public void Utf8BodiesAreParsed()
    {
        var bytes = SessionDescription.Parse(SdpSamples.Baresip).ToUtf8();

        Assert.True(SessionDescription.TryParse(bytes, out var sdp, out _));
        Assert.Equal(SdpSamples.Baresip, sdp.ToString());
    }
}

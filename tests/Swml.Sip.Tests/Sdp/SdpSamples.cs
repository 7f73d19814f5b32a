namespace Swml.Sip.Tests.Sdp;

/// <summary>
/// Descriptions in the style of real peers, written for these tests. Each is in RFC 8866 line order with
/// CRLF line ends, so that parsing and writing it again gives the same text.
/// </summary>
internal static class SdpSamples
{
    /// <summary>Like SIPp's built-in uac scenario: PCMU only.</summary>
    public static readonly string Sipp = Crlf("""
        v=0
        o=user1 53655765 2353687637 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio 6000 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        """);

    /// <summary>Like baresip: opus, G722, G.711 and telephone-event, with its own session attributes.</summary>
    public static readonly string Baresip = Crlf("""
        v=0
        o=- 2890844526 2890844527 IN IP4 192.168.1.20
        s=-
        c=IN IP4 192.168.1.20
        t=0 0
        a=tool:baresip 1.0.0
        m=audio 30774 RTP/AVP 96 9 0 8 101
        b=AS:96
        a=rtpmap:96 opus/48000/2
        a=fmtp:96 stereo=1;sprop-stereo=1
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=rtcp-mux
        a=ptime:20
        a=sendrecv
        a=label:1
        """);

    /// <summary>Like FreeSWITCH: many codecs, telephone-event at several rates, CN, and an a=rtcp line.</summary>
    public static readonly string FreeSwitch = Crlf("""
        v=0
        o=FreeSWITCH 1732604000 1732604001 IN IP4 10.0.0.5
        s=FreeSWITCH
        c=IN IP4 10.0.0.5
        t=0 0
        m=audio 24576 RTP/AVP 102 9 8 0 104 3 103 101 13
        a=rtpmap:102 opus/48000/2
        a=fmtp:102 useinbandfec=1; maxaveragebitrate=30000; maxplaybackrate=48000; ptime=20; minptime=10; maxptime=40
        a=rtpmap:9 G722/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:104 G729/8000
        a=fmtp:104 annexb=no
        a=rtpmap:3 GSM/8000
        a=rtpmap:103 telephone-event/48000
        a=fmtp:103 0-16
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=rtpmap:13 CN/8000
        a=ptime:20
        a=sendrecv
        a=rtcp:24577 IN IP4 10.0.0.5
        """);

    /// <summary>Like linphone with video on: an audio and a video stream, media-level c= lines.</summary>
    public static readonly string WithVideo = Crlf("""
        v=0
        o=alice 1034 3563 IN IP4 192.168.1.30
        s=Talk
        c=IN IP4 192.168.1.30
        t=0 0
        a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics
        m=audio 7078 RTP/AVP 0 8 101
        c=IN IP4 192.168.1.31
        a=rtpmap:101 telephone-event/8000
        a=rtcp:7079
        m=video 9078 RTP/AVP 96 97
        c=IN IP4 192.168.1.32
        b=AS:512
        a=rtpmap:96 VP8/90000
        a=rtpmap:97 H264/90000
        a=fmtp:97 profile-level-id=42801F
        a=rtcp-fb:* nack pli
        a=rtcp-fb:* ccm fir
        """);

    /// <summary>An IPv6 offer from a softphone.</summary>
    public static readonly string Ipv6 = Crlf("""
        v=0
        o=- 3711883214 3711883214 IN IP6 2001:db8::20
        s=-
        c=IN IP6 2001:db8::20
        t=0 0
        m=audio 40000 RTP/AVP 8 0 101
        a=rtpmap:8 PCMA/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ptime:20
        a=sendrecv
        """);

    /// <summary>A transferor's hold re-INVITE: sendonly, same session id, next version.</summary>
    public static readonly string OnHold = Crlf("""
        v=0
        o=- 2890844526 2890844528 IN IP4 192.168.1.20
        s=-
        c=IN IP4 192.168.1.20
        t=0 0
        m=audio 30774 RTP/AVP 0 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=sendonly
        """);

    /// <summary>An old-style (RFC 2543) hold: c=0.0.0.0.</summary>
    public static readonly string OnHoldRfc2543 = Crlf("""
        v=0
        o=- 2890844526 2890844529 IN IP4 192.168.1.20
        s=-
        c=IN IP4 0.0.0.0
        t=0 0
        m=audio 30774 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        """);

    /// <summary>Every line type RFC 8866 defines, for the writer's order.</summary>
    public static readonly string EveryLine = Crlf("""
        v=0
        o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1
        s=Call to John Smith
        i=SDP Offer #1
        u=http://www.jdoe.example.com/home.html
        e=Jane Doe <jane@jdoe.example.com>
        p=+1 617 555-6011
        c=IN IP4 198.51.100.1
        b=CT:128
        t=3724394400 3724398000
        r=7d 1h 0 25h
        t=0 0
        z=3730928400 -1h 3749680800 0
        k=prompt
        a=recvonly
        x=an unknown line
        m=audio 49170/2 RTP/AVP 0
        i=voice
        c=IN IP4 203.0.113.1/127
        c=IN IP4 203.0.113.2/127
        b=AS:64
        k=clear:secret
        a=rtpmap:0 PCMU/8000
        y=another unknown line
        m=application 32416 udp wb
        a=orient:portrait
        """);

    public static TheoryData<string, string> All => new()
    {
        { nameof(Sipp), Sipp },
        { nameof(Baresip), Baresip },
        { nameof(FreeSwitch), FreeSwitch },
        { nameof(WithVideo), WithVideo },
        { nameof(Ipv6), Ipv6 },
        { nameof(OnHold), OnHold },
        { nameof(OnHoldRfc2543), OnHoldRfc2543 },
        { nameof(EveryLine), EveryLine },
    };

    public static string Crlf(string text) => text.ReplaceLineEndings("\r\n") + "\r\n";
}

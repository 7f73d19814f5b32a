using System.Net;
using Swml.Sip.Sdp;

namespace Swml.Sip.Tests.Sdp;

public sealed class OfferAnswerTests
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.1");

    private static SdpAnswer Answer(string offer, params IReadOnlyList<AudioCodec> supported) =>
        new SdpSession(sessionId: 42).CreateAnswer(SessionDescription.Parse(offer), Local, 5000, supported);

    private static string MediaLines(SessionDescription description)
    {
        var text = description.ToString();
        return text[text.IndexOf("m=", StringComparison.Ordinal)..];
    }

    [Fact]
    public void AnOfferListsOurCodecsWithRtpmapsEventsPtimeAndDirection()
    {
        var offer = new SdpSession(sessionId: 42).CreateOffer(Local, 4000);

        Assert.Equal(
            SdpSamples.Crlf("""
                v=0
                o=- 42 1 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 4000 RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                """),
            offer.ToString());
    }

    [Fact]
    public void AnOfferKeepsTheGivenOrderAndNumbers()
    {
        var offer = new SdpSession(sessionId: 42).CreateOffer(Local, 4000, AudioCodec.Pcma, AudioCodec.TelephoneEvent(96, "0-15"));

        Assert.Equal(
            SdpSamples.Crlf("""
                m=audio 4000 RTP/AVP 8 96
                a=rtpmap:8 PCMA/8000
                a=rtpmap:96 telephone-event/8000
                a=fmtp:96 0-15
                a=ptime:20
                a=sendrecv
                """),
            MediaLines(offer));
    }

    [Fact]
    public void AnIpv6OfferUsesIp6WithoutTheScope()
    {
        var address = IPAddress.Parse("fe80::1%3");
        var offer = new SdpSession(sessionId: 42).CreateOffer(address, 4000);

        Assert.Equal(new SdpOrigin("-", "42", "1", "IN", "IP6", "fe80::1"), offer.Origin);
        Assert.Equal(new SdpConnection("IN", "IP6", "fe80::1"), offer.Connection);
    }

    [Fact]
    public void AnOfferWithoutAVoiceCodecOrWithABadPortIsAProgrammingError()
    {
        var session = new SdpSession();

        Assert.Throws<ArgumentException>(() => session.CreateOffer(Local, 4000, AudioCodec.TelephoneEvent()));
        Assert.Throws<ArgumentException>(() => session.CreateOffer(Local, 4000, AudioCodec.Pcmu, AudioCodec.Pcmu));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.CreateOffer(Local, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.CreateOffer(Local, 65536));
    }

    [Fact]
    public void TheOriginVersionGoesUpOnlyWhenTheDescriptionChanges()
    {
        var session = new SdpSession(sessionId: 7);

        var first = session.CreateOffer(Local, 4000);
        var again = session.CreateOffer(Local, 4000);
        var moved = session.CreateOffer(Local, 4002);
        var answer = session.CreateAnswer(SessionDescription.Parse(SdpSamples.Sipp), Local, 4002).Description;

        Assert.Equal(["1", "1", "2", "3"], [first.Origin.SessionVersion, again.Origin.SessionVersion, moved.Origin.SessionVersion, answer.Origin.SessionVersion]);
        Assert.All(new[] { first, again, moved, answer }, sdp => Assert.Equal("7", sdp.Origin.SessionId));
        Assert.Equal(3UL, session.Version);
    }

    [Fact]
    public void AnAnswerKeepsTheCommonCodecsInTheOffersOrderWithItsNumbers()
    {
        // FreeSWITCH prefers PCMA, and offers telephone-event at 48000 on 103 before 8000 on 101.
        var answer = Answer(SdpSamples.FreeSwitch, AudioCodec.Pcmu, AudioCodec.Pcma, AudioCodec.TelephoneEvent(100));

        Assert.Equal(
            SdpSamples.Crlf("""
                v=0
                o=- 42 1 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 5000 RTP/AVP 8 0 101
                a=rtpmap:8 PCMA/8000
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                """),
            answer.Description.ToString());
        Assert.Equal([AudioCodec.Pcma, AudioCodec.Pcmu], answer.Audio!.Codecs);
        Assert.Equal(AudioCodec.Pcma, answer.Audio.Codec);
        Assert.Equal(AudioCodec.TelephoneEvent(101), answer.Audio.TelephoneEvent);
        Assert.Null(answer.RejectionReason);
    }

    [Fact]
    public void BaresipsOfferIsAnsweredWithG711AndItsEventList()
    {
        var answer = Answer(SdpSamples.Baresip);

        Assert.Equal(
            SdpSamples.Crlf("""
                m=audio 5000 RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-15
                a=ptime:20
                a=sendrecv
                """),
            MediaLines(answer.Description));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.20"), 30774), answer.Audio!.RemoteEndPoint);
        Assert.Equal(20, answer.Audio.RemotePtime);
    }

    [Fact]
    public void APcmaOnlyOfferIsAnsweredWithPcma()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 8\r\n";

        var answer = Answer(offer);

        Assert.Equal(SdpSamples.Crlf("m=audio 5000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=ptime:20\na=sendrecv"), MediaLines(answer.Description));
        Assert.Equal(AudioCodec.Pcma, Assert.Single(answer.Audio!.Codecs));
        Assert.Null(answer.Audio.TelephoneEvent);
    }

    [Fact]
    public void NoCommonCodecRejectsTheStreamWithPortZero()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 18 101\r\na=rtpmap:18 G729/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

        var answer = Answer(offer);

        Assert.False(answer.IsAccepted);
        Assert.Equal(SdpSamples.Crlf("m=audio 0 RTP/AVP 18"), MediaLines(answer.Description));
        Assert.Equal("no common codec: the stream offers G729/8000 telephone-event/8000", answer.RejectionReason);
    }

    [Fact]
    public void VideoIsRejectedWithPortZeroAndAudioKept()
    {
        var answer = Answer(SdpSamples.WithVideo);

        Assert.Equal(
            SdpSamples.Crlf("""
                m=audio 5000 RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-15
                a=ptime:20
                a=sendrecv
                m=video 0 RTP/AVP 96
                """),
            MediaLines(answer.Description));
        Assert.Equal(0, answer.Audio!.MediaIndex);
    }

    [Fact]
    public void StreamsBeforeTheAudioKeepTheirPlaces()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nm=image 0 udptl t38\r\nm=audio 7000 RTP/AVP 0\r\n";

        var answer = Answer(offer);

        Assert.Equal(
            ["application 0 UDP/DTLS/SCTP webrtc-datachannel", "image 0 udptl t38", "audio 5000 RTP/AVP 0"],
            answer.Description.Media.Select(m => $"{m.Media} {m.Port} {m.Protocol} {string.Join(' ', m.Formats)}"));
        Assert.Equal(2, answer.Audio!.MediaIndex);
    }

    [Fact]
    public void TelephoneEventKeepsTheOfferersPayloadNumber()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0 96\r\na=rtpmap:96 TELEPHONE-EVENT/8000\r\na=fmtp:96 0-15,66,70\r\n";

        var answer = Answer(offer, AudioCodec.Pcmu, AudioCodec.TelephoneEvent(101));

        Assert.Equal(AudioCodec.TelephoneEvent(96, "0-15"), answer.Audio!.TelephoneEvent);
        Assert.Contains("m=audio 5000 RTP/AVP 0 96\r\n", answer.Description.ToString());
        Assert.Contains("a=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-15\r\n", answer.Description.ToString());
    }

    [Fact]
    public void TelephoneEventWithoutAnEventListMeansDtmf()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";

        Assert.Equal("0-15", Answer(offer).Audio!.TelephoneEvent!.FormatParameters);
    }

    [Fact]
    public void TelephoneEventIsLeftOutWhenWeDoNotSupportIt()
    {
        var answer = Answer(SdpSamples.Baresip, AudioCodec.Pcmu);

        Assert.Null(answer.Audio!.TelephoneEvent);
        Assert.Equal(SdpSamples.Crlf("m=audio 5000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=ptime:20\na=sendrecv"), MediaLines(answer.Description));
    }

    [Theory]
    [InlineData("a=sendonly", "recvonly", MediaDirection.SendOnly)]
    [InlineData("a=recvonly", "sendonly", MediaDirection.RecvOnly)]
    [InlineData("a=inactive", "inactive", MediaDirection.Inactive)]
    [InlineData("a=sendrecv", "sendrecv", MediaDirection.SendRecv)]
    [InlineData("a=ptime:20", "sendrecv", MediaDirection.SendRecv)]
    public void TheOfferedDirectionIsMirrored(string attribute, string answered, MediaDirection offered)
    {
        var offer = $"v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\n{attribute}\r\n";

        var answer = Answer(offer);

        Assert.EndsWith($"a={answered}\r\n", answer.Description.ToString());
        Assert.Equal(offered, answer.Audio!.RemoteDirection);
        Assert.Equal(offered.Reverse(), answer.Audio.LocalDirection);
    }

    [Fact]
    public void ASessionLevelDirectionAppliesUnlessTheMediaHasItsOwn()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\na=sendonly\r\nm=audio 7000 RTP/AVP 0\r\n";

        Assert.Equal(MediaDirection.RecvOnly, Answer(offer).Audio!.LocalDirection);
        Assert.Equal(MediaDirection.Inactive, Answer(offer + "a=inactive\r\n").Audio!.LocalDirection);
    }

    [Fact]
    public void AHoldOfferIsAnsweredRecvOnlyAndReportedAsHold()
    {
        var audio = Answer(SdpSamples.OnHold).Audio!;

        Assert.True(audio.IsOnHold);
        Assert.Equal(MediaDirection.RecvOnly, audio.LocalDirection);
        Assert.False(audio.ShouldSend);
        Assert.True(audio.ShouldReceive);
    }

    [Fact]
    public void AnRfc2543HoldIsReportedAndNothingIsSent()
    {
        var answer = Answer(SdpSamples.OnHoldRfc2543);

        Assert.True(answer.Audio!.IsOnHold);
        Assert.False(answer.Audio.ShouldSend);
        Assert.Null(answer.Audio.RemoteEndPoint);
        Assert.EndsWith("a=sendrecv\r\n", answer.Description.ToString());
    }

    [Fact]
    public void TheMediaLevelConnectionWinsOverTheSessionLevel()
    {
        var audio = Answer(SdpSamples.WithVideo).Audio!;

        Assert.Equal("192.168.1.31", audio.RemoteAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.31"), 7078), audio.RemoteEndPoint);
    }

    [Fact]
    public void AConnectionOnlyAtMediaLevelIsUsed()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\nc=IN IP6 2001:db8::9\r\n";

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::9"), 7000), Answer(offer).Audio!.RemoteEndPoint);
    }

    [Fact]
    public void AnAudioStreamWithoutAConnectionIsRejected()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\n";

        var answer = Answer(offer);

        Assert.False(answer.IsAccepted);
        Assert.Equal("the audio stream has no IN c= line", answer.RejectionReason);
    }

    [Fact]
    public void SecureOrFeedbackProfilesAreRejected()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 7000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA\r\n";

        var answer = Answer(offer);

        Assert.Equal(SdpSamples.Crlf("m=audio 0 RTP/SAVP 0"), MediaLines(answer.Description));
        Assert.Equal("the audio stream uses RTP/SAVP; only RTP/AVP is supported", answer.RejectionReason);
    }

    [Fact]
    public void OnlyTheFirstUsableAudioStreamIsAccepted()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\nm=audio 7000 RTP/AVP 8\r\nm=audio 7002 RTP/AVP 0\r\n";

        var answer = Answer(offer);

        Assert.Equal([0, 5000, 0], answer.Description.Media.Select(m => m.Port));
        Assert.Equal(1, answer.Audio!.MediaIndex);
    }

    [Fact]
    public void AnOfferWithoutAudioGetsEveryStreamRejected()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=video 9000 RTP/AVP 96\r\n";

        var answer = Answer(offer);

        Assert.False(answer.IsAccepted);
        Assert.Equal("the offer has no audio stream", answer.RejectionReason);
        Assert.Equal(SdpSamples.Crlf("m=video 0 RTP/AVP 96"), MediaLines(answer.Description));
    }

    [Fact]
    public void TheAnswerCopiesTheOffersTimeAndUsesOurAddressFamily()
    {
        const string offer = "v=0\r\no=- 1 1 IN IP6 2001:db8::9\r\ns=-\r\nc=IN IP6 2001:db8::9\r\nt=3724394400 0\r\nm=audio 7000 RTP/AVP 0\r\n";

        var answer = new SdpSession(sessionId: 5).CreateAnswer(SessionDescription.Parse(offer), IPAddress.Parse("2001:db8::1"), 5000).Description;

        Assert.Equal(new SdpTiming("3724394400", "0"), Assert.Single(answer.Timings));
        Assert.Equal(new SdpConnection("IN", "IP6", "2001:db8::1"), answer.Connection);
    }

    [Fact]
    public void AnAnswerToOurOfferGivesTheChosenCodecAndTheRemoteRtpAddress()
    {
        var offer = new SdpSession(sessionId: 42).CreateOffer(Local, 4000);
        var answer = SessionDescription.Parse(
            "v=0\r\no=- 9 9 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 8 101\r\nc=IN IP4 10.0.0.10\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n");

        Assert.True(SdpSession.TryReadAnswer(offer, answer, out var audio, out var error), error);
        Assert.Equal(AudioCodec.Pcma, audio.Codec);
        Assert.Equal(AudioCodec.TelephoneEvent(101, "0-15"), audio.TelephoneEvent);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.10"), 7000), audio.RemoteEndPoint);
        Assert.Equal(MediaDirection.SendRecv, audio.LocalDirection);
        Assert.False(audio.IsOnHold);
    }

    [Fact]
    public void AnAnswerMayUseItsOwnNumberForTelephoneEvent()
    {
        var offer = new SdpSession().CreateOffer(Local, 4000);
        var answer = SessionDescription.Parse(
            "v=0\r\no=- 9 9 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0 100\r\na=rtpmap:100 telephone-event/8000\r\na=recvonly\r\n");

        Assert.True(SdpSession.TryReadAnswer(offer, answer, out var audio, out _));
        Assert.Equal(100, audio.TelephoneEvent!.PayloadType);
        Assert.Equal(MediaDirection.SendOnly, audio.LocalDirection);
        Assert.True(audio.ShouldSend);
        Assert.False(audio.ShouldReceive);
    }

    [Fact]
    public void AHoldAnswerIsReported()
    {
        var offer = new SdpSession().CreateOffer(Local, 4000);
        var answer = SessionDescription.Parse(
            "v=0\r\no=- 9 9 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=inactive\r\n");

        Assert.True(SdpSession.TryReadAnswer(offer, answer, out var audio, out _));
        Assert.True(audio.IsOnHold);
        Assert.Equal(MediaDirection.Inactive, audio.LocalDirection);
    }

    [Theory]
    [InlineData("m=audio 0 RTP/AVP 0\r\n", "the answer's audio stream is unusable: the audio stream has port 0")]
    [InlineData("m=audio 7000 RTP/AVP 18\r\n", "the answer's audio stream is unusable: no common codec: the stream offers G729/8000")]
    [InlineData("m=audio 7000 RTP/AVP 0\r\nm=video 0 RTP/AVP 96\r\n", "the answer has 2 m-lines for the offer's 1")]
    [InlineData("", "the answer has 0 m-lines for the offer's 1")]
    [InlineData("m=video 7000 RTP/AVP 0\r\n", "m-line 1 of the answer is video, not audio")]
    public void AnAnswerThatDoesNotFitTheOfferIsRefusedWithAReason(string media, string expected)
    {
        var offer = new SdpSession().CreateOffer(Local, 4000);
        var answer = SessionDescription.Parse("v=0\r\no=- 9 9 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\n" + media);

        Assert.False(SdpSession.TryReadAnswer(offer, answer, out var audio, out var error));
        Assert.Null(audio);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void OurAnswersParseBackToThemselves()
    {
        foreach (var offer in new[] { SdpSamples.Sipp, SdpSamples.Baresip, SdpSamples.FreeSwitch, SdpSamples.WithVideo, SdpSamples.Ipv6, SdpSamples.OnHold, SdpSamples.EveryLine })
        {
            var text = Answer(offer).Description.ToString();
            Assert.Equal(text, SessionDescription.Parse(text).ToString());
        }
    }
}

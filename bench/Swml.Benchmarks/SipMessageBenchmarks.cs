using System.Text;
using BenchmarkDotNet.Attributes;
using Swml.Sip.Dialogs;
using Swml.Sip.Message;

namespace Swml.Benchmarks;

/// <summary>
/// The per-message work of the REFER load benchmark (bench/sip-load), one message at a time:
/// parsing what a caller sends (INVITE with SDP, NOTIFY with sipfrag, a 202), and building what we
/// send (the 200 to a NOTIFY, an in-dialog REFER), each down to its bytes.
/// </summary>
[MemoryDiagnoser]
public class SipMessageBenchmarks
{
    private static readonly byte[] Invite = Encoding.ASCII.GetBytes(
        "INVITE sip:load@127.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-25266-4458-0\r\n" +
        "From: alice <sip:alice@127.0.0.1:5070>;tag=25266SIPpTag004458\r\n" +
        "To: <sip:load@127.0.0.1:5060>\r\n" +
        "Call-ID: 4458-25266@127.0.0.1\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:alice@127.0.0.1:5070;transport=UDP>\r\n" +
        "Max-Forwards: 70\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 197\r\n\r\n" +
        "v=0\r\no=alice 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 6000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n");

    private static readonly byte[] Notify = Encoding.ASCII.GetBytes(
        "NOTIFY sip:load@127.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-25266-4458-7\r\n" +
        "From: alice <sip:alice@127.0.0.1:5070>;tag=25266SIPpTag004458\r\n" +
        "To: <sip:load@127.0.0.1:5060>;tag=961b2186a061491a\r\n" +
        "Call-ID: 4458-25266@127.0.0.1\r\n" +
        "CSeq: 3 NOTIFY\r\n" +
        "Max-Forwards: 70\r\n" +
        "Contact: <sip:alice@127.0.0.1:5070;transport=UDP>\r\n" +
        "Event: refer;id=84218\r\n" +
        "Subscription-State: terminated;reason=noresource\r\n" +
        "Content-Type: message/sipfrag;version=2.0\r\n" +
        "Content-Length: 16\r\n\r\n" +
        "SIP/2.0 200 OK\r\n");

    private static readonly byte[] Accepted = Encoding.ASCII.GetBytes(
        "SIP/2.0 202 Accepted\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK9e730ef6fd40f29dcda31ebf;rport\r\n" +
        "From: <sip:load@127.0.0.1:5060>;tag=961b2186a061491a\r\n" +
        "To: \"alice\" <sip:alice@127.0.0.1:5070>;tag=25266SIPpTag004458\r\n" +
        "Call-ID: 4458-25266@127.0.0.1\r\n" +
        "CSeq: 84218 REFER\r\n" +
        "Contact: <sip:alice@127.0.0.1:5070;transport=UDP>\r\n" +
        "Content-Length: 0\r\n\r\n");

    private readonly SipRequest _notify = SipParser.ParseDatagram(Notify).Request!;
    private readonly Dialog _dialog = Dialog.ForUas(SipParser.ParseDatagram(Invite).Request!, "961b2186a061491a");
    private readonly NameAddress _contact = NameAddress.Parse("<sip:load@127.0.0.1:5060>");
    private readonly (string, string)[] _referHeaders = [(HeaderNames.ReferTo, "<sip:carol@127.0.0.1:5999>")];

    [Benchmark(Description = "parse INVITE with SDP")]
    public SipParseResult ParseInvite() => SipParser.ParseDatagram(Invite);

    [Benchmark(Description = "parse NOTIFY with sipfrag")]
    public SipParseResult ParseNotify() => SipParser.ParseDatagram(Notify);

    [Benchmark(Description = "parse 202 Accepted")]
    public SipParseResult ParseAccepted() => SipParser.ParseDatagram(Accepted);

    [Benchmark(Description = "build and serialize 200 to a NOTIFY")]
    public byte[] AnswerNotify()
    {
        var ok = SipResponse.CreateFor(_notify, 200, "OK");
        return ok.WithHeaders(ok.Headers.Set(HeaderNames.Contact, _contact.ToString())).ToBytes();
    }

    [Benchmark(Description = "build and serialize in-dialog REFER")]
    public byte[] BuildRefer()
    {
        var via = ViaHeader.Create("UDP", "127.0.0.1", 5060, "z9hG4bK9e730ef6fd40f29dcda31ebf").WithParameter("rport", null);
        return _dialog.CreateRequest(SipMethods.Refer, 84218, via, _contact, _referHeaders).ToBytes();
    }
}

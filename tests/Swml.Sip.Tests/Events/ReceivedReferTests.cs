using System.Text;
using Swml.Sip.Events;
using Swml.Sip.Message;

namespace Swml.Sip.Tests.Events;

/// <summary>How a received REFER is read (RFC 3515 §2.4.1-2.4.2, RFC 3892, RFC 4488): taken, or refused with the response it gets.</summary>
public sealed class ReceivedReferTests
{
    private static SipRequest Refer(params string[] headers)
    {
        var text = "REFER sip:bob@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n" +
            "From: <sip:alice@127.0.0.1>;tag=a\r\n" +
            "To: <sip:bob@127.0.0.1>;tag=b\r\n" +
            "Call-ID: c1\r\n" +
            "CSeq: 7 REFER\r\n" +
            "Contact: <sip:alice@127.0.0.1:5060>\r\n" +
            "Max-Forwards: 70\r\n" +
            string.Concat(headers.Select(h => h + "\r\n")) +
            "Content-Length: 0\r\n\r\n";
        var parsed = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text));
        return parsed.Request ?? throw new InvalidOperationException(parsed.Error?.ToString());
    }

    [Theory]
    [InlineData("Refer-To: <sip:carol@example.com>", "sip:carol@example.com")]
    [InlineData("Refer-To: sips:carol@example.com", "sips:carol@example.com")]
    [InlineData("r: \"Carol\" <sip:carol@example.com;transport=tcp?Replaces=abc%3Bto-tag%3D1>", "sip:carol@example.com;transport=tcp?Replaces=abc%3Bto-tag%3D1")]
    [InlineData("Refer-To: <tel:+15551234567>", "tel:+15551234567")]
    public void ASipSipsOrTelReferToIsTakenAsWritten(string referTo, string uri)
    {
        Assert.True(ReceivedRefer.TryRead(Refer(referTo), out var refer, out _));
        Assert.Equal(uri, refer.ReferTo.Uri.ToString());
        Assert.Equal(referTo[(referTo.IndexOf(':') + 1)..].Trim(), refer.ReferToText);
        Assert.Null(refer.ReferredBy);
        Assert.False(refer.DeclinesSubscription);
    }

    [Fact]
    public void ReferredByAndReferSubFalseAreRead()
    {
        Assert.True(ReceivedRefer.TryRead(Refer("Refer-To: <sip:carol@example.com>", "Referred-By: <sip:alice@example.com>", "Refer-Sub: false", "Require: norefersub"), out var refer, out _));
        Assert.Equal("sip:alice@example.com", refer.ReferredBy!.Uri.ToString());
        Assert.True(refer.DeclinesSubscription);
    }

    // A Refer-To or Referred-By that is no name-addr never gets here: the parser answers it 400 itself.
    [Theory]
    [InlineData(400, "Missing Refer-To")]
    [InlineData(400, "More than one Refer-To", "Refer-To: <sip:a@example.com>", "Refer-To: <sip:b@example.com>")]
    [InlineData(400, "Refer-To must be a sip, sips or tel URI", "Refer-To: <http://example.com/carol>")]
    [InlineData(400, "Bad Referred-By", "Refer-To: <sip:carol@example.com>", "Referred-By: <sip:a@example.com>", "Referred-By: <sip:b@example.com>")]
    [InlineData(400, "Bad Refer-Sub", "Refer-To: <sip:carol@example.com>", "Refer-Sub: maybe")]
    public void AReferThatCannotBeTakenIsRefusedWithWhatWasWrong(int status, string reason, params string[] headers)
    {
        Assert.False(ReceivedRefer.TryRead(Refer(headers), out _, out var rejection));
        Assert.Equal((status, reason), (rejection.StatusCode, rejection.ReasonPhrase));
        Assert.Equal("c1", rejection.CallId);
    }
}

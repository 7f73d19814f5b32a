using System.Text;
using Swml.Sip.Calls;
using Swml.Sip.Message;
using Swml.Sip.Tests.Sdp;

namespace Swml.Sip.Tests.Calls;

/// <summary>An INVITE's body read before the call reaches the application: used, absent, or refused with 415/488.</summary>
public sealed class InviteBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SipRequest Invite(string? contentType, string body, params string[] headers)
    {
        var text = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK" + Guid.NewGuid().ToString("N") + "\r\n" +
            "From: <sip:alice@127.0.0.1>;tag=a1\r\n" +
            "To: <sip:bob@127.0.0.1>\r\n" +
            "Call-ID: " + Guid.NewGuid().ToString("N") + "\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:alice@127.0.0.1:5070>\r\n" +
            "Max-Forwards: 70\r\n" +
            (contentType is null ? string.Empty : "Content-Type: " + contentType + "\r\n") +
            string.Concat(headers.Select(h => h + "\r\n")) +
            "Content-Length: " + Encoding.UTF8.GetByteCount(body) + "\r\n\r\n" + body;
        return SipParser.ParseDatagram(text).Request ?? throw new InvalidOperationException("not a request");
    }

    [Fact]
    public void NoBodyIsALateOffer()
    {
        var read = InviteBody.Read(Invite(null, string.Empty));
        Assert.False(read.IsRefused);
        Assert.Null(read.Offer);
    }

    [Fact]
    public void AnSdpBodyIsTheOffer()
    {
        var read = InviteBody.Read(Invite("application/sdp", SdpSamples.Sipp));
        Assert.False(read.IsRefused);
        Assert.Equal(6000, read.Offer!.Media[0].Port);
    }

    [Fact]
    public void AnSdpThatDoesNotParseIs488WithTheReason()
    {
        var invite = Invite("application/sdp", "v=0\r\nthis is not sdp\r\n");
        var read = InviteBody.Read(invite);
        Assert.Equal(488, read.RefusalStatus);
        Assert.Contains("does not parse", read.Why, StringComparison.Ordinal);
        var refusal = read.Refuse(invite, "host", "t1");
        Assert.Equal(488, refusal.StatusCode);
        Assert.StartsWith("399 host \"the SDP offer does not parse", refusal.Headers.GetFirst("Warning"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", "{}", "Accept")]
    [InlineData(null, "v=0\r\n", "Accept")]
    public void AMediaTypeWeDoNotTakeIs415WithAccept(string? contentType, string body, string advertised)
    {
        var read = InviteBody.Read(Invite(contentType, body));
        Assert.Equal(415, read.RefusalStatus);
        Assert.Equal(advertised, read.Advertised!.Value.Name);
        Assert.Contains("application/sdp", read.Advertised.Value.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEncodedBodyIs415WithAcceptEncoding()
    {
        var read = InviteBody.Read(Invite("application/sdp", SdpSamples.Sipp, "Content-Encoding: gzip"));
        Assert.Equal(415, read.RefusalStatus);
        Assert.Equal(("Accept-Encoding", "identity"), read.Advertised);
    }

    [Fact]
    public void TheSdpPartOfAMultipartBodyIsTheOffer()
    {
        // As SIP-I carriers send it: the SDP and an ISUP part we may ignore (handling=optional).
        var body = "--unique-boundary-1\r\n" +
            "Content-Type: application/sdp\r\n\r\n" +
            SdpSamples.Sipp +
            "\r\n--unique-boundary-1\r\n" +
            "Content-Type: application/isup; version=itu-t92+\r\n" +
            "Content-Disposition: signal; handling=optional\r\n\r\n" +
            "\u0001\u0002\u0003" +
            "\r\n--unique-boundary-1--\r\n";
        var read = InviteBody.Read(Invite("multipart/mixed; boundary=\"unique-boundary-1\"", body, "MIME-Version: 1.0"));
        Assert.False(read.IsRefused, read.Why);
        Assert.Equal(6000, read.Offer!.Media[0].Port);
    }

    [Theory]
    [InlineData("application/isup", "signal; handling=required", "is required")]
    [InlineData("text/plain", "render", "no application/sdp part")]
    public void AMultipartBodyWithoutAnSdpPartOrWithARequiredPartWeCannotHandleIs415(string partType, string disposition, string why)
    {
        var body = "--b\r\nContent-Type: " + partType + "\r\nContent-Disposition: " + disposition + "\r\n\r\nhello\r\n--b--\r\n";
        var read = InviteBody.Read(Invite("multipart/mixed;boundary=b", body));
        Assert.Equal(415, read.RefusalStatus);
        Assert.Contains(why, read.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInviteWhoseSdpDoesNotParseGets488AndNeverReachesTheApplication()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var response = await RawRequests.SendAsync(bob, SipMethods.Invite, "application/sdp", "v=0\r\ngarbage\r\n", [], Ct);

        Assert.Equal(488, response.StatusCode);
        Assert.NotNull(response.To.Tag);
        Assert.Contains("does not parse", response.Headers.GetFirst("Warning"), StringComparison.Ordinal);
        Assert.Equal(0, bob.RingingCount);
        using var none = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        none.CancelAfter(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await bob.AcceptAsync(none.Token));
    }
}

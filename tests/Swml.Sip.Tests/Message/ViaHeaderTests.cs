using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

public sealed class ViaHeaderTests
{
    [Fact]
    public void AViaParsesIntoItsParts()
    {
        var via = ViaHeader.Parse("SIP/2.0/UDP pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5067;ttl=16;maddr=224.2.0.1");

        Assert.Equal(("SIP", "2.0", "UDP"), (via.ProtocolName, via.ProtocolVersion, via.Transport));
        Assert.Equal("pc33.atlanta.com", via.Host.Value);
        Assert.Equal(5066, via.Port);
        Assert.Equal("z9hG4bK776asdhds", via.Branch);
        Assert.True(via.HasRfc3261Branch);
        Assert.Equal("192.0.2.1", via.Received);
        Assert.True(via.HasRPort);
        Assert.Equal(5067, via.RPort);
        Assert.Equal(16, via.Ttl);
        Assert.Equal("224.2.0.1", via.Maddr);
    }

    [Fact]
    public void WhitespaceIsAllowedAroundSlashesColonsSemicolonsAndEquals()
    {
        // RFC 3261 §25.1: SLASH, COLON, SEMI and EQUAL all allow SWS (RFC 4475 §3.1.1.1).
        var via = ViaHeader.Parse("SIP  /   2.0 /UDP    192.0.2.2 : 5060 ; branch  =   z9hG4bK9ikj8 ;rport");

        Assert.Equal("UDP", via.Transport);
        Assert.Equal("192.0.2.2", via.Host.Value);
        Assert.Equal(5060, via.Port);
        Assert.Equal("z9hG4bK9ikj8", via.Branch);
        Assert.True(via.HasRPort);
        Assert.Null(via.RPort);
        Assert.Equal("SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK9ikj8;rport", via.ToString());
    }

    [Theory]
    [InlineData("SIP/2.0/TCP [2001:db8::9:1]:5060;branch=z9hG4bKas3;received=2001:db8::9:255", "2001:db8::9:255")]
    [InlineData("SIP/2.0/TCP [2001:db8::9:1];branch=z9hG4bKas3;received=[2001:db8::9:255]", "[2001:db8::9:255]")]
    public void IPv6SentByIsBracketedAndReceivedMayBeBare(string text, string received)
    {
        // RFC 3261 §25.1 via-received takes an IPv6address without brackets; RFC 5118 §4.5 shows both.
        var via = ViaHeader.Parse(text);

        Assert.Equal(SipHostKind.IPv6, via.Host.Kind);
        Assert.Equal("2001:db8::9:1", via.Host.Value);
        Assert.Equal(received, via.Received);
        Assert.Equal(via.ToString(), ViaHeader.Parse(via.ToString()).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0 UDP host")]
    [InlineData("SIP/2.0/UDPhost")]
    [InlineData("SIP/2.0/UDP host:")]
    [InlineData("SIP/2.0/UDP host:99999")]
    [InlineData("SIP/2.0/UDP 192.0.2.15;;")]
    [InlineData("SIP/2.0/UDP host;branch")]
    [InlineData("SIP/2.0/UDP host;branch=")]
    [InlineData("SIP/2.0/UDP host;received=host.example.com")]
    [InlineData("SIP/2.0/UDP host;rport=x")]
    [InlineData("SIP/2.0/UDP host;ttl=256")]
    [InlineData("SIP/2.0/UDP host;maddr=[::1")]
    [InlineData("SIP/2.0/UDP 2001:db8::1")]
    [InlineData("SIP/2.0/UDP host extra")]
    public void MalformedValuesAreRejected(string text) => Assert.False(ViaHeader.TryParse(text, out _));

    [Fact]
    public void CreateAndWithParameterBuildOurOwnVia()
    {
        var via = ViaHeader.Create("udp", "192.0.2.7", 5060, "z9hG4bKabc").WithParameter("rport", null);

        Assert.Equal("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKabc;rport", via.ToString());
        Assert.Equal("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKabc;rport=5062;received=198.51.100.1",
            via.WithParameter("rport", "5062").WithParameter("received", "198.51.100.1").ToString());
        Assert.Throws<ArgumentException>(() => via.WithParameter("received", "not-an-address"));
        Assert.Throws<ArgumentException>(() => ViaHeader.Create("u dp", "h.example", null, "z9hG4bKx"));
        Assert.StartsWith(ViaHeader.MagicCookie, SipIdentifiers.NewBranch());
    }
}

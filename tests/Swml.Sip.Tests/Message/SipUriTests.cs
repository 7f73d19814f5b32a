using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

public sealed class SipUriTests
{
    [Fact]
    public void AFullUriParsesIntoItsParts()
    {
        var uri = SipUri.Parse("sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent");

        Assert.True(uri.IsSecure);
        Assert.Equal("sips", uri.Scheme);
        Assert.Equal("alice", uri.User);
        Assert.Equal("secret", uri.Password);
        Assert.Equal(SipHostKind.Name, uri.Host.Kind);
        Assert.Equal("atlanta.example.com", uri.Host.Value);
        Assert.Equal(5061, uri.Port);
        Assert.Equal("tcp", uri.Transport);
        Assert.True(uri.IsLooseRouter);
        Assert.Equal("project%20x", uri.Headers["subject"]);
        Assert.Equal("urgent", uri.Headers["priority"]);
        Assert.Equal("sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent", uri.ToString());
    }

    [Theory]
    [InlineData("sip:192.0.2.4", SipHostKind.IPv4, "192.0.2.4", null)]
    [InlineData("sip:bob@[2001:db8::10]:5070", SipHostKind.IPv6, "2001:db8::10", 5070)]
    [InlineData("sip:[::ffff:192.0.2.1]", SipHostKind.IPv6, "::ffff:192.0.2.1", null)]
    [InlineData("SIP:host.example.com.", SipHostKind.Name, "host.example.com.", null)]
    public void HostsAreNamesIPv4OrBracketedIPv6(string text, SipHostKind kind, string host, int? port)
    {
        var uri = SipUri.Parse(text);

        Assert.Equal(kind, uri.Host.Kind);
        Assert.Equal(host, uri.Host.Value);
        Assert.Equal(port, uri.Port);
        Assert.Equal(uri.ToString(), SipUri.Parse(uri.ToString()).ToString());
    }

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip:@host")]
    [InlineData("sip:user@")]
    [InlineData("sip:user@host:")]
    [InlineData("sip:user@host:65536")]
    [InlineData("sip:user@host:5x")]
    [InlineData("sip:user@2001:db8::1")]
    [InlineData("sip:user@[2001:db8::1")]
    [InlineData("sip:user@[fe80::1%eth0]")]
    [InlineData("sip:user@256.1.1.1")]
    [InlineData("sip:user@-host.example.com")]
    [InlineData("sip:user@host_name.example.com")]
    [InlineData("sip:us er@host")]
    [InlineData("sip:user@host;;lr")]
    [InlineData("sip:user@host;p=")]
    [InlineData("sip:user@host?x")]
    [InlineData("sip:user@host?=v")]
    [InlineData("sip:%4@host")]
    [InlineData("sip:%zz@host")]
    [InlineData("sip:user@host>")]
    [InlineData("sip:a#b@host")]
    [InlineData("http://example.com")]
    public void MalformedUrisAreRejected(string text)
    {
        Assert.False(SipUri.TryParse(text, out _));
        Assert.Throws<FormatException>(() => SipUri.Parse(text));
    }

    [Fact]
    public void TheUserPartMayHoldSemicolonsAndQuestionMarksBeforeTheAt()
    {
        // RFC 3261 §25.1 user-unreserved; RFC 4475 §3.1.1.9.
        var uri = SipUri.Parse("sip:user;par=u%40example.net@example.com;maddr=239.255.255.1");

        Assert.Equal("user;par=u%40example.net", uri.User);
        Assert.Equal("user;par=u@example.net", uri.UnescapedUser);
        Assert.Equal("239.255.255.1", uri.Parameters["maddr"]);
    }

    [Fact]
    public void CreateEscapesTheUserAndBuildersReturnCopies()
    {
        var uri = SipUri.Create("example.com", user: "I have spaces#", port: 5060);

        Assert.Equal("sip:I%20have%20spaces%23@example.com:5060", uri.ToString());
        Assert.Equal("I have spaces#", uri.UnescapedUser);

        var routed = uri.WithParameter("lr").WithParameter("transport", "tcp");
        Assert.Equal("sip:I%20have%20spaces%23@example.com:5060;lr;transport=tcp", routed.ToString());
        Assert.Equal(uri.ToString() + ";lr", routed.WithoutParameter("transport").ToString());

        var referred = SipUri.Create("c.example.com", "carol").WithHeader("Replaces", "abc@x;to-tag=1;from-tag=2");
        Assert.Equal("sip:carol@c.example.com?Replaces=abc%40x%3Bto-tag%3D1%3Bfrom-tag%3D2", referred.ToString());
        Assert.Equal("sip:carol@c.example.com", referred.WithoutHeaders().ToString());
    }

    [Theory]
    [InlineData("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp", true)]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5", true)]
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5", true)]
    [InlineData("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com", "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com", true)]
    [InlineData("sip:alice@atlanta.com?subject=project%20x&priority=urgent", "sip:alice@atlanta.com?priority=urgent&subject=project%20x", true)]
    [InlineData("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP", false)]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060", false)]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp", false)]
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off", false)]
    [InlineData("sip:alice@atlanta.com?subject=project%20x", "sip:alice@atlanta.com", false)]
    [InlineData("sip:[2001:db8::1]", "sip:[2001:DB8:0::1]", true)]
    public void EquivalenceFollowsRfc3261Section19_1_4(string a, string b, bool equivalent)
    {
        Assert.Equal(equivalent, SipUri.Parse(a).IsEquivalentTo(SipUri.Parse(b)));
        Assert.Equal(equivalent, SipUri.Parse(b).IsEquivalentTo(SipUri.Parse(a)));
    }

    [Fact]
    public void AddressUriChoosesTheTypeFromTheScheme()
    {
        Assert.IsType<SipUri>(AddressUri.Parse("sip:a@b.example"));
        Assert.IsType<SipUri>(AddressUri.Parse("SIPS:a@b.example"));
        Assert.IsType<TelUri>(AddressUri.Parse("tel:+1-201-555-0123"));
        var other = Assert.IsType<GenericUri>(AddressUri.Parse("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
        Assert.Equal("urn", other.Scheme);
        Assert.Equal("uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", other.SchemeSpecificPart);
        Assert.Equal("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", other.ToString());

        Assert.False(AddressUri.TryParse("nocolon", out _));
        Assert.False(AddressUri.TryParse("1abc:x", out _));
        Assert.False(AddressUri.TryParse("x:", out _));
        Assert.False(AddressUri.TryParse("x:a b", out _));
        Assert.False(AddressUri.TryParse("x:a<b", out _));
        Assert.False(AddressUri.TryParse("x:%G0", out _));
        Assert.Equal(AddressUri.Parse("sip:a@b.example"), AddressUri.Parse("sip:a@b.example"));
    }
}

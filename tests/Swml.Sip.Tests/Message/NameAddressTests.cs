using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

public sealed class NameAddressTests
{
    [Theory]
    [InlineData("\"A. G. Bell\" <sip:agb@bell-telephone.com>;tag=a48s", "A. G. Bell")]
    [InlineData("Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8", "Anonymous")]
    [InlineData("Bob Smith<sip:bob@example.com>;tag=1", "Bob Smith")]
    [InlineData("\"\" <sip:x@example.com>;tag=1", "")]
    [InlineData("\"Quoted \\\"name\\\" with \\\\ slash\"<sip:x@example.com>;tag=1", "Quoted \"name\" with \\ slash")]
    [InlineData("\"Ünïcödé\" <sip:x@example.com>;tag=1", "Ünïcödé")]
    public void DisplayNamesAreTokensOrQuotedStrings(string text, string displayName)
    {
        var value = NameAddress.Parse(text);

        Assert.Equal(displayName, value.DisplayName);
        Assert.NotNull(value.Tag);
        var again = NameAddress.Parse(value.ToString());
        Assert.Equal(displayName, again.DisplayName);
        Assert.Equal(value.Uri, again.Uri);
        Assert.Equal(value.Parameters.ToString(), again.Parameters.ToString());
    }

    [Fact]
    public void ParametersAfterABareAddrSpecBelongToTheHeader()
    {
        // RFC 3261 §20.10; RFC 4475 §3.3.12 and §3.3.13.
        var bare = NameAddress.Parse("sip:+12125551212@server.phone2net.com;tag=887s ; user = phone");
        Assert.Null(bare.DisplayName);
        Assert.Equal("887s", bare.Tag);
        Assert.Equal("phone", bare.Parameters["user"]);
        Assert.Empty(((SipUri)bare.Uri).Parameters);
        Assert.Equal("<sip:+12125551212@server.phone2net.com>;tag=887s;user=phone", bare.ToString());

        var enclosed = NameAddress.Parse("<sip:+12125551212@server.phone2net.com;user=phone>;tag=887s");
        Assert.Equal("phone", ((SipUri)enclosed.Uri).Parameters["user"]);
        Assert.False(enclosed.Parameters.Contains("user"));
    }

    [Fact]
    public void OtherSchemesAndTelUrisAreAccepted()
    {
        Assert.IsType<TelUri>(NameAddress.Parse("<tel:+1-201-555-0123;ext=1>;tag=x").Uri);
        Assert.IsType<TelUri>(NameAddress.Parse("tel:+12015550123;tag=x").Uri);
        Assert.IsType<GenericUri>(NameAddress.Parse("\"Web\" <http://www.example.com/a?b=c,d>").Uri);
        Assert.IsType<GenericUri>(NameAddress.Parse("isbn:2983792873").Uri);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<>")]
    [InlineData("<sip:a@b.example")]
    [InlineData("< sip:a@b.example >")]
    [InlineData("<sip:a@b.example >")]
    [InlineData("\"unterminated <sip:a@b.example>")]
    [InlineData("\"name\" sip:a@b.example")]
    [InlineData("Bell, Alexander <sip:a@b.example>")]
    [InlineData("name")]
    [InlineData("sip:a@b.example?Route=x")]
    [InlineData("sip:a@b.example;;tag=1")]
    [InlineData("<sip:a@b.example>;tag=")]
    [InlineData("<sip:a@b.example>;tag=1 x")]
    [InlineData("<sip:a@b.example> junk")]
    [InlineData("<sip:a@b.example><sip:c@d.example>")]
    [InlineData("<sip:a@b.example>;p=\"open")]
    [InlineData("<nocolon>")]
    public void MalformedValuesAreRejected(string text)
    {
        Assert.False(NameAddress.TryParse(text, out _));
        Assert.Throws<FormatException>(() => NameAddress.Parse(text));
    }

    [Fact]
    public void ParameterValuesMayBeTokensHostsOrQuotedStrings()
    {
        var value = NameAddress.Parse("<sip:a@b.example>;q=0.7;expires=3600;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\";maddr=[2001:db8::1];flag");

        Assert.Equal("0.7", value.Parameters["q"]);
        Assert.Equal("\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"", value.Parameters["+sip.instance"]);
        Assert.Equal("<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>", value.Parameters.GetUnquoted("+sip.instance"));
        Assert.Equal("[2001:db8::1]", value.Parameters["maddr"]);
        Assert.True(value.Parameters.Contains("FLAG"));
        Assert.Null(value.Parameters["flag"]);
    }

    [Fact]
    public void BuildersReturnCopiesAndWriteTheCanonicalForm()
    {
        var value = new NameAddress(SipUri.Create("example.com", "bob"), "Bob \"B\"");
        var tagged = value.WithTag("abc");

        Assert.Null(value.Tag);
        Assert.Equal("abc", tagged.Tag);
        Assert.Equal("\"Bob \\\"B\\\"\" <sip:bob@example.com>;tag=abc", tagged.ToString());
        Assert.Equal("<sip:bob@example.com>;tag=abc", tagged.WithDisplayName(null).ToString());
        Assert.Throws<ArgumentException>(() => new NameAddress(SipUri.Create("example.com"), "two\r\nlines"));
    }
}

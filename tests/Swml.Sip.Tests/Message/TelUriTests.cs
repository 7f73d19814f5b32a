using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

public sealed class TelUriTests
{
    [Fact]
    public void AGlobalNumberKeepsItsSeparatorsAndParameters()
    {
        var uri = TelUri.Parse("tel:+1-201-555-0123;ext=1234;isub=1411;foo=bar");

        Assert.True(uri.IsGlobal);
        Assert.Equal("+1-201-555-0123", uri.Number);
        Assert.Equal("+12015550123", uri.Digits);
        Assert.Equal("1234", uri.Extension);
        Assert.Equal("bar", uri.Parameters["foo"]);
        Assert.Equal("tel:+1-201-555-0123;ext=1234;isub=1411;foo=bar", uri.ToString());
    }

    [Theory]
    [InlineData("tel:7042;phone-context=example.com", "example.com")]
    [InlineData("tel:863-1234;phone-context=+1-914-555", "+1-914-555")]
    [InlineData("tel:*67#;phone-context=example.net", "example.net")]
    public void ALocalNumberNeedsAPhoneContext(string text, string context)
    {
        var uri = TelUri.Parse(text);

        Assert.False(uri.IsGlobal);
        Assert.Equal(context, uri.PhoneContext);
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("tel:")]
    [InlineData("tel:+")]
    [InlineData("tel:+1-a")]
    [InlineData("tel:7042")]
    [InlineData("tel:---;phone-context=x")]
    [InlineData("tel:+1;")]
    [InlineData("tel:+1;=x")]
    [InlineData("tel:+1;ext=")]
    [InlineData("tel:+1 2")]
    [InlineData("sip:+1@x")]
    public void MalformedTelUrisAreRejected(string text) => Assert.False(TelUri.TryParse(text, out _));
}

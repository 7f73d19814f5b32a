using Swml.Runtime.Media;

namespace Swml.Runtime.Tests.Media;

public class PlayableUrlTests
{
    [Theory]
    [InlineData("say:Hello world", "Hello world")]
    [InlineData("say: Hello world", "Hello world")]
    [InlineData("say:  two spaces", " two spaces")]
    [InlineData("say:", "")]
    [InlineData("say: a: b", "a: b")]
    public void SayTakesTheTextAfterOneOptionalSpace(string url, string text) =>
        Assert.Equal(new PlayableUrl.Say(text), PlayableUrl.Parse(url));

    [Theory]
    [InlineData("silence:3", 3.0)]
    [InlineData("silence: 3.0", 3.0)]
    [InlineData("silence:0.25", 0.25)]
    [InlineData("silence:.5", 0.5)]
    [InlineData("silence:0", 0.0)]
    public void SilenceTakesDecimalSeconds(string url, double seconds) =>
        Assert.Equal(new PlayableUrl.Silence(TimeSpan.FromSeconds(seconds)), PlayableUrl.Parse(url));

    [Theory]
    [InlineData("ring:us", "us", null)]
    [InlineData("ring: uk", "uk", null)]
    [InlineData("ring:DE", "de", null)]
    [InlineData("ring::fr", "fr", null)]
    [InlineData("ring:10.0:us", "us", 10.0)]
    [InlineData("ring: 2.5: jp", "jp", 2.5)]
    [InlineData("ring:3:it", "it", 3.0)]
    public void RingTakesACountryAndAnOptionalDuration(string url, string country, double? seconds) =>
        Assert.Equal(new PlayableUrl.Ring(country, seconds is { } s ? TimeSpan.FromSeconds(s) : null), PlayableUrl.Parse(url));

    [Theory]
    [InlineData("http://example.com/a.wav")]
    [InlineData("https://example.com/a.wav?x=1")]
    [InlineData("https://user:pass@example.com/a.wav")]
    public void HttpUrlsAreKeptAsWritten(string url) =>
        Assert.Equal(new PlayableUrl.Http(url), PlayableUrl.Parse(url));

    [Theory]
    [InlineData("foo:bar", "is not http(s)://, say:, silence: or ring:")]
    [InlineData("", "is not http(s)://, say:, silence: or ring:")]
    [InlineData("ftp://example.com/a.wav", "is not http(s)://")]
    [InlineData("HTTP://example.com/a.wav", "is not http(s)://")]
    [InlineData("Say:hello", "is not http(s)://")]
    [InlineData(" say:hello", "is not http(s)://")]
    [InlineData("silence:", "silence needs a duration")]
    [InlineData("silence:abc", "silence needs a duration")]
    [InlineData("silence:-1", "silence needs a duration")]
    [InlineData("silence:1e3", "silence needs a duration")]
    [InlineData("silence:1.2.3", "silence needs a duration")]
    [InlineData("silence:  1", "silence needs a duration")]
    [InlineData("ring:", "two-letter country code")]
    [InlineData("ring:usa", "two-letter country code")]
    [InlineData("ring:us-old", "two-letter country code")]
    [InlineData("ring:10", "two-letter country code")]
    [InlineData("ring:x:us", "duration in seconds")]
    [InlineData("ring:10:u1", "two-letter country code")]
    public void OtherFormsAreRefusedWithTheUrlAndWhatIsWrong(string url, string expected)
    {
        var error = Assert.Throws<PlaybackException>(() => PlayableUrl.Parse(url));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{url}'", error.Message, StringComparison.Ordinal);
        Assert.False(PlayableUrl.TryParse(url, out _, out var message));
        Assert.Equal(error.Message, message);
    }

    [Fact]
    public void ARefusedUrlIsQuotedWithoutItsCredentials()
    {
        var error = Assert.Throws<PlaybackException>(() => PlayableUrl.Parse("ftp://user:secret@example.com/a.wav"));
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnHttpUrlPrintsWithoutItsCredentials() =>
        Assert.DoesNotContain("secret", PlayableUrl.Parse("https://user:secret@example.com/a.wav").ToString(), StringComparison.Ordinal);
}

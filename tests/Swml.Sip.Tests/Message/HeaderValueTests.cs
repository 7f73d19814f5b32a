using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

/// <summary>The small header types, the list splitter, quoted strings and header names.</summary>
public sealed class HeaderValueTests
{
    [Theory]
    [InlineData("4711 INVITE", 4711u, "INVITE")]
    [InlineData("0009\t  INVITE", 9u, "INVITE")]
    [InlineData("4294967295 NOTIFY", 4294967295u, "NOTIFY")]
    [InlineData(" 1 !interesting-Method0123456789_*+`.%indeed'~ ", 1u, "!interesting-Method0123456789_*+`.%indeed'~")]
    public void CSeqParsesANumberUpTo32BitsAndAMethod(string text, uint number, string method)
    {
        var cseq = CSeqHeader.Parse(text);
        Assert.Equal(new CSeqHeader(number, method), cseq);
        Assert.Equal(cseq, CSeqHeader.Parse(cseq.ToString()));
    }

    [Theory]
    [InlineData("4294967296 INVITE")]
    [InlineData("36893488147419103232 REGISTER")]
    [InlineData("-1 INVITE")]
    [InlineData("1INVITE")]
    [InlineData("1")]
    [InlineData("INVITE")]
    [InlineData("1 INVITE extra")]
    [InlineData("1 INV@TE")]
    public void MalformedCSeqsAreRejected(string text) => Assert.False(CSeqHeader.TryParse(text, out _));

    [Fact]
    public void OurOwnCSeqStaysBelow2To31()
    {
        Assert.Equal(2147483647u, CSeqHeader.Create(2147483647, "REFER").Number);
        Assert.Throws<ArgumentOutOfRangeException>(() => CSeqHeader.Create(2147483648, "REFER"));
        Assert.Throws<ArgumentException>(() => CSeqHeader.Create(1, "RE FER"));
    }

    [Theory]
    [InlineData("0", true, 0)]
    [InlineData(" 0150 ", true, 150)]
    [InlineData("2147483647", true, 2147483647)]
    [InlineData("2147483648", false, 0)]
    [InlineData("-999", false, 0)]
    [InlineData("13, 5", false, 0)]
    [InlineData("", false, 0)]
    public void ContentLengthIsANonNegativeInteger(string text, bool ok, int length)
    {
        Assert.Equal(ok, ContentLengthHeader.TryParse(text, out var parsed));
        Assert.Equal(length, parsed);
        Assert.Equal(ok, ContentLengthHeader.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out parsed));
        Assert.Equal(length, parsed);
    }

    [Theory]
    [InlineData("70", true, 70)]
    [InlineData("0068", true, 68)]
    [InlineData("255", true, 255)]
    [InlineData("256", false, 0)]
    [InlineData("300", false, 0)]
    [InlineData("x", false, 0)]
    public void MaxForwardsIsFrom0To255(string text, bool ok, int hops)
    {
        Assert.Equal(ok, MaxForwardsHeader.TryParse(text, out var parsed));
        Assert.Equal(hops, parsed);
    }

    [Theory]
    [InlineData("a84b4c76e66710@pc33.atlanta.com", true)]
    [InlineData("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", true)]
    [InlineData("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", true)]
    [InlineData("a@b@c", false)]
    [InlineData("a b", false)]
    [InlineData("@host", false)]
    [InlineData("", false)]
    public void CallIdIsAWordWithAnOptionalAtWord(string text, bool ok) => Assert.Equal(ok, CallIdHeader.IsValid(text));

    [Fact]
    public void DateIsAnRfc1123DateInGmt()
    {
        Assert.True(DateHeader.TryParse("Sat, 13 Nov 2010 23:29:00 GMT", out var date));
        Assert.Equal(new DateTimeOffset(2010, 11, 13, 23, 29, 0, TimeSpan.Zero), date);
        Assert.Equal("Sat, 13 Nov 2010 23:29:00 GMT", DateHeader.Format(date));

        Assert.False(DateHeader.TryParse("Fri, 01 Jan 2010 16:00:00 EST", out _));
        Assert.False(DateHeader.TryParse("Fri, 31 Feb 2010 16:00:00 GMT", out _));
        Assert.False(DateHeader.TryParse("Fri, 01 Jan 2010 24:00:00 GMT", out _));
        Assert.False(DateHeader.TryParse("Fry, 01 Jan 2010 16:00:00 GMT", out _));
        Assert.False(DateHeader.TryParse("Fri, 1 Jan 2010 16:00:00 GMT", out _));
    }

    [Fact]
    public void TheListSplitterRespectsQuotesEscapesAndAngleBrackets()
    {
        var parts = HeaderValueList.Split("\"Smith, John \\\" ,\" <sip:a@b.example>;tag=1 , <http://x.example/?a=1,2>,sip:c@d.example,,");

        Assert.Equal(["\"Smith, John \\\" ,\" <sip:a@b.example>;tag=1", "<http://x.example/?a=1,2>", "sip:c@d.example", "", ""], parts);
        Assert.Equal([""], HeaderValueList.Split(""));
    }

    [Fact]
    public void QuotedStringsUnescapeQuotedPairs()
    {
        Assert.True(QuotedString.TryParse("\"a \\\"b\\\" \\\\ c\"", out var value));
        Assert.Equal("a \"b\" \\ c", value);
        Assert.Equal("\"a \\\"b\\\" \\\\ c\"", QuotedString.Quote(value));
        Assert.Equal("\"bell\\\a\"", QuotedString.Quote("bell\a"));
        Assert.Equal("plain", QuotedString.Unquote("plain"));

        Assert.False(QuotedString.TryParse("\"open", out _));
        Assert.False(QuotedString.TryParse("\"a\\", out _));
        Assert.False(QuotedString.TryParse("\"raw\abell\"", out _));
        Assert.False(QuotedString.TryParse("\"a\" b", out _));
        Assert.False(QuotedString.TryParse("no quotes", out _));
        Assert.Throws<ArgumentException>(() => QuotedString.Quote("cr\r"));
    }

    [Theory]
    [InlineData("i", "Call-ID")]
    [InlineData("m", "Contact")]
    [InlineData("F", "From")]
    [InlineData("t", "To")]
    [InlineData("V", "Via")]
    [InlineData("l", "Content-Length")]
    [InlineData("c", "Content-Type")]
    [InlineData("e", "Content-Encoding")]
    [InlineData("k", "Supported")]
    [InlineData("s", "Subject")]
    [InlineData("o", "Event")]
    [InlineData("r", "Refer-To")]
    [InlineData("b", "Referred-By")]
    [InlineData("u", "Allow-Events")]
    [InlineData("x", "Session-Expires")]
    [InlineData("a", "Accept-Contact")]
    [InlineData("j", "Reject-Contact")]
    [InlineData("d", "Request-Disposition")]
    [InlineData("y", "Identity")]
    [InlineData("n", "Identity-Info")]
    [InlineData("cALL-iD", "Call-ID")]
    [InlineData("www-authenticate", "WWW-Authenticate")]
    [InlineData("X-Unknown-Thing", "X-Unknown-Thing")]
    public void CompactAndOddlyCasedNamesHaveOneCanonicalSpelling(string name, string canonical)
    {
        Assert.Equal(canonical, HeaderNames.Canonicalize(name));
        Assert.True(HeaderNames.Matches(name, canonical.ToUpperInvariant()));
    }

    [Fact]
    public void ListFieldsAreSplitAndOthersAreNot()
    {
        Assert.True(HeaderNames.IsList("v"));
        Assert.True(HeaderNames.IsList("Record-Route"));
        Assert.False(HeaderNames.IsList("Date"));
        Assert.False(HeaderNames.IsList("WWW-Authenticate"));
        Assert.False(HeaderNames.IsList("r"));
        Assert.Equal("r", HeaderNames.CompactFormOf("Refer-To"));
        Assert.Null(HeaderNames.CompactFormOf("Route"));
    }
}

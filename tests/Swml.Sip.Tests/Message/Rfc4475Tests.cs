using System.Text;
using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

/// <summary>
/// The 49 torture messages of RFC 4475 through the datagram parser, classified below by the RFC's
/// own text. §3.1.1 (valid) and §3.4 (RFC 2543 backward compatibility) must parse. §3.1.2
/// (invalid) must be rejected; this parser takes none of the "may be liberal" options. §3.2
/// (transaction layer) is valid syntax left to the transaction layer. §3.3 (application layer)
/// is valid syntax for the application to refuse (416, 415, 420, ...), except where the RFC says
/// the message itself gets a 400 for a fault at the message level: missing mandatory fields
/// (§3.3.1), several values in single-valued fields (§3.3.8) and two Content-Lengths (§3.3.9).
/// </summary>
public sealed class Rfc4475Tests
{
    /// <summary>What the message layer does with a message.</summary>
    public enum Outcome
    {
        /// <summary>Parses, and serializes back to a message with the same values.</summary>
        Parses,

        /// <summary>Rejected, and a 400 naming the fault can be built.</summary>
        Answer400,

        /// <summary>Rejected with a 505 (another SIP version).</summary>
        Answer505,

        /// <summary>Rejected and cannot be answered: a response, or a request whose Via, From, To, Call-ID or CSeq is broken.</summary>
        Dropped,
    }

    private sealed record Row(string File, string Section, string Class, Outcome Outcome, SipParseErrorReason Reason = SipParseErrorReason.None, string? Header = null);

    private const string Valid = "valid (3.1.1)";
    private const string Invalid = "invalid (3.1.2)";
    private const string Transaction = "transaction-layer semantics (3.2)";
    private const string Application = "application-layer semantics (3.3)";
    private const string Backward = "backward compatibility, valid (3.4)";

    private static readonly Row[] Table =
    [
        new("wsinv.dat", "3.1.1.1", Valid, Outcome.Parses),
        new("intmeth.dat", "3.1.1.2", Valid, Outcome.Parses),
        new("esc01.dat", "3.1.1.3", Valid, Outcome.Parses),
        new("escnull.dat", "3.1.1.4", Valid, Outcome.Parses),
        new("esc02.dat", "3.1.1.5", Valid, Outcome.Parses),
        new("lwsdisp.dat", "3.1.1.6", Valid, Outcome.Parses),
        new("longreq.dat", "3.1.1.7", Valid, Outcome.Parses),
        new("dblreq.dat", "3.1.1.8", Valid, Outcome.Parses),
        new("semiuri.dat", "3.1.1.9", Valid, Outcome.Parses),
        new("transports.dat", "3.1.1.10", Valid, Outcome.Parses),
        new("mpart01.dat", "3.1.1.11", Valid, Outcome.Parses),
        new("unreason.dat", "3.1.1.12", Valid, Outcome.Parses),
        new("noreason.dat", "3.1.1.13", Valid, Outcome.Parses),

        new("badinv01.dat", "3.1.2.1", Invalid, Outcome.Dropped, SipParseErrorReason.InvalidHeaderValue, "Via"),
        new("clerr.dat", "3.1.2.2", Invalid, Outcome.Answer400, SipParseErrorReason.TruncatedBody, "Content-Length"),
        new("ncl.dat", "3.1.2.3", Invalid, Outcome.Answer400, SipParseErrorReason.InvalidContentLength, "Content-Length"),
        new("scalar02.dat", "3.1.2.4", Invalid, Outcome.Dropped, SipParseErrorReason.InvalidHeaderValue, "CSeq"),
        new("scalarlg.dat", "3.1.2.5", Invalid, Outcome.Dropped, SipParseErrorReason.InvalidHeaderValue, "CSeq"),
        new("quotbal.dat", "3.1.2.6", Invalid, Outcome.Dropped, SipParseErrorReason.InvalidHeaderValue, "To"),
        new("ltgtruri.dat", "3.1.2.7", Invalid, Outcome.Answer400, SipParseErrorReason.InvalidRequestUri),
        new("lwsruri.dat", "3.1.2.8", Invalid, Outcome.Answer400, SipParseErrorReason.InvalidRequestUri),
        new("lwsstart.dat", "3.1.2.9", Invalid, Outcome.Answer400, SipParseErrorReason.InvalidRequestLine),
        new("trws.dat", "3.1.2.10", Invalid, Outcome.Answer400, SipParseErrorReason.InvalidRequestLine),
        new("escruri.dat", "3.1.2.11", Invalid, Outcome.Answer400, SipParseErrorReason.InvalidRequestUri),
        new("baddate.dat", "3.1.2.12", Invalid, Outcome.Answer400, SipParseErrorReason.InvalidHeaderValue, "Date"),
        new("regbadct.dat", "3.1.2.13", Invalid, Outcome.Answer400, SipParseErrorReason.InvalidHeaderValue, "Contact"),
        new("badaspec.dat", "3.1.2.14", Invalid, Outcome.Dropped, SipParseErrorReason.InvalidHeaderValue, "To"),
        new("baddn.dat", "3.1.2.15", Invalid, Outcome.Dropped, SipParseErrorReason.InvalidHeaderValue, "From"),
        new("badvers.dat", "3.1.2.16", Invalid, Outcome.Answer505, SipParseErrorReason.UnsupportedVersion),
        new("mismatch01.dat", "3.1.2.17", Invalid, Outcome.Answer400, SipParseErrorReason.CSeqMethodMismatch, "CSeq"),
        new("mismatch02.dat", "3.1.2.18", Invalid, Outcome.Answer400, SipParseErrorReason.CSeqMethodMismatch, "CSeq"),
        new("bigcode.dat", "3.1.2.19", Invalid, Outcome.Dropped, SipParseErrorReason.InvalidStatusCode),

        new("badbranch.dat", "3.2.1", Transaction, Outcome.Parses),

        // No From, To or Call-ID: the RFC hopes for a 400, but there is nothing to build it from (§8.2.6.2).
        new("insuf.dat", "3.3.1", Application, Outcome.Dropped, SipParseErrorReason.MissingHeader, "From"),
        new("unkscm.dat", "3.3.2", Application, Outcome.Parses),
        new("novelsc.dat", "3.3.3", Application, Outcome.Parses),
        new("unksm2.dat", "3.3.4", Application, Outcome.Parses),
        new("bext01.dat", "3.3.5", Application, Outcome.Parses),
        new("invut.dat", "3.3.6", Application, Outcome.Parses),
        new("regaut01.dat", "3.3.7", Application, Outcome.Parses),
        new("multi01.dat", "3.3.8", Application, Outcome.Answer400, SipParseErrorReason.DuplicateHeader, "CSeq"),
        new("mcl01.dat", "3.3.9", Application, Outcome.Answer400, SipParseErrorReason.DuplicateHeader, "Content-Length"),
        new("bcast.dat", "3.3.10", Application, Outcome.Parses),
        new("zeromf.dat", "3.3.11", Application, Outcome.Parses),
        new("cparam01.dat", "3.3.12", Application, Outcome.Parses),
        new("cparam02.dat", "3.3.13", Application, Outcome.Parses),
        new("regescrt.dat", "3.3.14", Application, Outcome.Parses),
        new("sdp01.dat", "3.3.15", Application, Outcome.Parses),

        new("inv2543.dat", "3.4.1", Backward, Outcome.Parses),
    ];

    public static TheoryData<string> Files => [.. Table.Select(r => r.File)];

    [Fact]
    public void TheTableCoversEveryMessageInTheCorpusWithTheReadmesSections()
    {
        var dir = Rfc4475Corpus.Directory;
        var files = Directory.GetFiles(dir, "*.dat").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(49, Table.Length);
        Assert.Equal(files, Table.Select(r => r.File).Order(StringComparer.Ordinal).ToList());

        // The README's table gives each file's section and class; ours must agree.
        var readme = File.ReadAllLines(Path.Combine(dir, "README.md"));
        foreach (var row in Table)
        {
            var line = Assert.Single(readme, l => l.StartsWith($"| `{row.File}` |", StringComparison.Ordinal));
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(row.Section, cells[2]);
            Assert.Equal(row.Class, cells[3]);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EachMessageGetsTheOutcomeItsSectionCallsFor(string file)
    {
        var row = Table.Single(r => r.File == file);
        var result = SipParser.ParseDatagram(Rfc4475Corpus.Read(file));

        if (row.Outcome == Outcome.Parses)
        {
            Assert.True(result.IsSuccess, $"{file} (§{row.Section}) was rejected: {result.Error}");
            MessageComparer.AssertRoundTrips(result.Message!);
            return;
        }

        Assert.False(result.IsSuccess, $"{file} (§{row.Section}) was accepted");
        var error = result.Error!.Value;
        Assert.Equal(row.Reason, error.Reason);
        Assert.Equal(row.Header, error.HeaderName);
        Assert.False(string.IsNullOrWhiteSpace(error.Description));
        Assert.Equal(row.Outcome != Outcome.Dropped, result.CanRespond);

        var response = result.CreateErrorResponse();
        if (row.Outcome == Outcome.Dropped)
        {
            Assert.Null(response);
            return;
        }

        Assert.NotNull(response);
        Assert.Equal(row.Outcome == Outcome.Answer505 ? 505 : 400, response.StatusCode);
        Assert.Equal(error.Description, response.ReasonPhrase);
        Assert.NotNull(response.To.Tag);
        MessageComparer.AssertRoundTrips(response);
    }

    [Fact]
    public void ValidMessagesCarryWhatTheRfcTextDescribes()
    {
        SipRequest Request(string file) => Assert.IsType<SipRequest>(SipParser.ParseDatagram(Rfc4475Corpus.Read(file)).Message);

        // §3.1.1.1: folding, odd spacing, escaped quotes, compact and odd-case names, leading zeros.
        var wsinv = Request("wsinv.dat");
        Assert.Equal("1918181833n", wsinv.To.Tag);
        Assert.Equal("J Rosenberg \\\"", wsinv.From.DisplayName);
        Assert.Equal("98asjd8", wsinv.From.Tag);
        Assert.Equal(68, wsinv.MaxForwards);
        Assert.Equal(new CSeqHeader(9, "INVITE"), wsinv.CSeq);
        Assert.Equal(["390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239"], wsinv.Vias.Select(v => v.Branch));
        Assert.Equal(["UDP", "TCP", "UDP"], wsinv.Vias.Select(v => v.Transport));
        Assert.Equal(string.Empty, wsinv.Headers.GetFirst("Subject"));
        Assert.Equal("newfangled value continued newfangled value", Collapse(wsinv.Headers.GetFirst("NewFangledHeader")!));
        Assert.Equal(";;,,;;,;", wsinv.Headers.GetFirst("UnknownHeaderWithUnusualValue"));
        var contact = Assert.Single(wsinv.Contacts);
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("0.33", contact.Parameters["q"]);
        Assert.Equal(150, wsinv.Body.Length);

        // §3.1.1.2: every token character in the method, kept case-exact in CSeq; escaped BEL, NUL, DEL.
        var intmeth = Request("intmeth.dat");
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", intmeth.Method);
        Assert.Equal(intmeth.Method, intmeth.CSeq.Method);
        Assert.Equal("BEL:\a NUL:\0 DEL:\u007f", intmeth.To.DisplayName);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", ((SipUri)intmeth.RequestUri).Password);
        Assert.NotNull(intmeth.Headers.GetFirst("extensionHeader-!.%*+_`'~"));

        // §3.1.1.3: escapes in the Request-URI user, and escaped and unescaped forms comparing equal.
        var esc01 = Request("esc01.dat");
        Assert.Equal("sips:user@example.com", ((SipUri)esc01.RequestUri).UnescapedUser);
        Assert.True(((SipUri)esc01.To.Uri).IsEquivalentTo(SipUri.Parse("sip:user@example.com")));
        Assert.Equal("I have spaces", ((SipUri)esc01.From.Uri).UnescapedUser);
        Assert.True(((SipUri)esc01.Contacts[0].Uri).IsEquivalentTo(SipUri.Parse("sip:caller@host5.example.net;lr;name=value%25%34%31")));

        // §3.1.1.4: %00 stays data, not a terminator.
        var escnull = Request("escnull.dat");
        Assert.Equal("null-\0-null", ((SipUri)escnull.To.Uri).UnescapedUser);
        Assert.Equal(["\0", "\0\0"], escnull.Contacts.Select(c => ((SipUri)c.Uri).UnescapedUser));

        // §3.1.1.5: '%' that is not an escape: an extension method, and C%6Fntact is not Contact.
        var esc02 = Request("esc02.dat");
        Assert.Equal("RE%47IST%45R", esc02.Method);
        Assert.Equal(2, esc02.Contacts.Count);
        Assert.Equal("<sip:alias2@host2.example.com>", esc02.Headers.GetFirst("C%6Fntact"));
        Assert.Equal("%Z%45", esc02.To.DisplayName);

        Assert.Equal("caller", Request("lwsdisp.dat").From.DisplayName);
        Assert.Equal(34, Request("longreq.dat").Vias.Count);

        // §3.1.1.8: only the REGISTER; the INVITE after it is discarded.
        var dblreq = Request("dblreq.dat");
        Assert.Equal("REGISTER", dblreq.Method);
        Assert.True(dblreq.Body.IsEmpty);

        // §3.1.1.9: the ';' before '@' is part of the user.
        var semiuri = (SipUri)Request("semiuri.dat").RequestUri;
        Assert.Equal("user;par=u%40example.net", semiuri.User);
        Assert.Empty(semiuri.Parameters);

        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], Request("transports.dat").Vias.Select(v => v.Transport));
        Assert.Equal(553, Request("mpart01.dat").Body.Length);

        var unreason = Assert.IsType<SipResponse>(SipParser.ParseDatagram(Rfc4475Corpus.Read("unreason.dat")).Message);
        Assert.Equal(200, unreason.StatusCode);
        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", unreason.ReasonPhrase);
        var noreason = Assert.IsType<SipResponse>(SipParser.ParseDatagram(Rfc4475Corpus.Read("noreason.dat")).Message);
        Assert.Equal((100, ""), (noreason.StatusCode, noreason.ReasonPhrase));

        // §3.2.1: a bare magic cookie parses; the transaction layer decides.
        Assert.Equal(ViaHeader.MagicCookie, Request("badbranch.dat").TopVia.Branch);

        // §3.3: other schemes parse as generic URIs for the application to refuse.
        Assert.Equal("nobodyknowsthisscheme", Assert.IsType<GenericUri>(Request("unkscm.dat").RequestUri).Scheme);
        Assert.Equal("soap.beep", Assert.IsType<GenericUri>(Request("novelsc.dat").RequestUri).Scheme);
        var unksm2 = Request("unksm2.dat");
        Assert.Equal(["isbn", "http", "name"], new[] { unksm2.To.Uri.Scheme, unksm2.From.Uri.Scheme, unksm2.Contacts[0].Uri.Scheme });
        Assert.Equal("255.255.255.255", SipParser.ParseDatagram(Rfc4475Corpus.Read("bcast.dat")).Message!.Vias[1].Host.Value);
        Assert.Equal(0, Request("zeromf.dat").MaxForwards);

        // §3.3.12 and §3.3.13: outside <> the parameter belongs to the header, inside to the URI.
        var cparam01 = Request("cparam01.dat").Contacts[0];
        Assert.True(cparam01.Parameters.Contains("unknownparam"));
        Assert.Empty(((SipUri)cparam01.Uri).Parameters);
        var cparam02 = Request("cparam02.dat").Contacts[0];
        Assert.Empty(cparam02.Parameters);
        Assert.True(((SipUri)cparam02.Uri).Parameters.Contains("unknownparam"));

        // §3.3.14: the escaped Route in a Contact URI is kept intact.
        Assert.Equal("%3Csip:sip.example.com%3E", ((SipUri)Request("regescrt.dat").Contacts[0].Uri).Headers["Route"]);

        // §3.4.1: RFC 2543 style - no branch, no Max-Forwards, no Content-Length, user=phone outside <>.
        var inv2543 = Request("inv2543.dat");
        Assert.Null(inv2543.TopVia.Branch);
        Assert.Null(inv2543.MaxForwards);
        Assert.Equal("phone", inv2543.To.Parameters["user"]);
        Assert.False(inv2543.Body.IsEmpty);
    }

    [Fact]
    public void EveryMessageGoesThroughTheStreamReaderLikeTheDatagramParser()
    {
        foreach (var row in Table)
        {
            var bytes = Rfc4475Corpus.Read(row.File);
            var status = SipStreamReader.TryRead(bytes, out var consumed, out var result);
            var datagram = SipParser.ParseDatagram(bytes);

            // Framing needs a sound Content-Length; a message framed by it parses as the datagram does.
            if (status is SipStreamReadStatus.Message or SipStreamReadStatus.Rejected)
            {
                Assert.True(consumed > 0 && consumed <= bytes.Length, row.File);
                Assert.Equal(datagram.IsSuccess, result!.IsSuccess);
                if (result.IsSuccess)
                {
                    MessageComparer.AssertSameValues(datagram.Message!, result.Message!);
                }
            }
            else
            {
                Assert.True(status is SipStreamReadStatus.FramingError or SipStreamReadStatus.NeedMoreData, $"{row.File}: {status}");
                Assert.Equal(0, consumed);
            }
        }
    }

    private static string Collapse(string text) => string.Join(' ', text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}

using System.Net;
using System.Text;
using Swml.Sip.Sdp;

namespace Swml.Sip.Tests.Sdp;

/// <summary>
/// Random and mutated descriptions from a fixed seed: parsing never throws and every failure has a reason;
/// whatever parses writes text that parses back to the same text, and can be answered without an exception.
/// </summary>
public sealed class SdpRobustnessTests
{
    private const int Cases = 20_000;

    private static readonly string[] Samples =
    [
        SdpSamples.Sipp, SdpSamples.Baresip, SdpSamples.FreeSwitch, SdpSamples.WithVideo,
        SdpSamples.Ipv6, SdpSamples.OnHold, SdpSamples.OnHoldRfc2543, SdpSamples.EveryLine,
    ];

    // Lines that poke at the places where values are read as numbers, lists or addresses.
    private static readonly string[] TrickyLines =
    [
        "m=", "m=audio", "m=audio 4000", "m=audio 99999999999 RTP/AVP 0", "m=audio 4000/ RTP/AVP 0", "m=audio /2 RTP/AVP",
        "m=audio 0 RTP/AVP", "m=audio 4000 rtp/avp 0 8 8 0 101 300 -1 abc", "m=video 4000 RTP/AVP 96",
        "c=", "c=IN IP4", "c=IN IP4 0.0.0.0", "c=IN IP6 ::", "c=IN IP4 example.com", "c=XX YY ZZ", "c=IN IP4 224.2.1.1/127/3",
        "a=", "a=:", "a=rtpmap:", "a=rtpmap:101", "a=rtpmap:101 telephone-event", "a=rtpmap:101 telephone-event/0",
        "a=rtpmap:101 telephone-event/8000/0", "a=rtpmap:999 PCMU/8000", "a=rtpmap:0 PCMA/8000", "a=rtpmap:8 /8000",
        "a=fmtp:101", "a=fmtp:101 0-99999", "a=fmtp:101 16-0", "a=fmtp:101 ,,,-", "a=fmtp:101 0-255", "a=fmtp:101 255-255",
        "a=ptime:", "a=ptime:-5", "a=ptime:99999999999", "a=sendonly", "a=inactive", "a=recvonly", "a=SENDRECV",
        "o=", "o=- 1 1 IN IP4", "s=", "t=", "t=0", "r=", "z=", "k=", "b=", "b=:", "b=AS:", "v=0", "v=1", "x=", "=", "q",
        "a=rtpmap:101 telephone-event/8000\ra=fmtp:101 0-16", "\uFEFF", "a=\u0085", "a=x\u0000y", "m=audio\t4000\tRTP/AVP\t0",
    ];

    private const string Alphabet = "v=oscmtarbkiuepz0123456789 -/:.\r\n\t,IPNAVRTGMCU#*\u00e9\u0085\u2028\u0000";

    [Fact]
    public void RandomAndMutatedDescriptionsNeverThrowAndAlwaysExplainFailures()
    {
        var random = new Random(20261126);
        var parsed = 0;
        for (var i = 0; i < Cases; i++)
        {
            var text = i % 10 == 0 ? RandomText(random) : Mutate(random, Samples[random.Next(Samples.Length)]);
            if (Check(text))
            {
                parsed++;
            }
        }

        // The mutations must leave a good share parseable, or the checks after parsing would test little.
        Assert.InRange(parsed, Cases / 5, Cases);
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(4566);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            var ok = SessionDescription.TryParse(bytes, out var description, out var error);
            Assert.True(ok ? description is not null : !string.IsNullOrEmpty(error));
        }
    }

    private static bool Check(string text)
    {
        bool ok;
        SessionDescription? description;
        string? error;
        try
        {
            ok = SessionDescription.TryParse(text, out description, out error);
        }
        catch (Exception exception)
        {
            Assert.Fail($"TryParse threw {exception.GetType().Name} for:\n{Escape(text)}\n{exception}");
            throw;
        }

        if (!ok)
        {
            Assert.False(string.IsNullOrWhiteSpace(error), $"no reason for:\n{Escape(text)}");
            Assert.Null(description);
            return false;
        }

        Assert.NotNull(description);
        var written = description.ToString();
        Assert.True(SessionDescription.TryParse(written, out var again, out var rereadError), $"{rereadError}\nfor what we wrote:\n{Escape(written)}");
        Assert.Equal(written, again.ToString());

        // Anything that parses can be answered, and our answer reads back.
        var session = new SdpSession(sessionId: 1);
        var answer = session.CreateAnswer(description, IPAddress.Loopback, 5000);
        Assert.Equal(description.Media.Count, answer.Description.Media.Count);
        Assert.True(answer.IsAccepted ^ answer.RejectionReason is not null);
        var answerText = answer.Description.ToString();
        Assert.Equal(answerText, SessionDescription.Parse(answerText).ToString());

        // And read as an answer to our offer, it is either usable or refused with a reason.
        var offer = session.CreateOffer(IPAddress.Loopback, 4000);
        var read = SdpSession.TryReadAnswer(offer, description, out var audio, out var answerError);
        Assert.True(read ? audio is { Codecs.Count: > 0 } : !string.IsNullOrEmpty(answerError));
        return true;
    }

    private static string Mutate(Random random, string sample)
    {
        var text = new StringBuilder(sample);
        var count = random.Next(1, 5);
        for (var m = 0; m < count; m++)
        {
            switch (random.Next(9))
            {
                case 0 when text.Length > 0:
                    var start = random.Next(text.Length);
                    text.Remove(start, Math.Min(text.Length - start, random.Next(1, 12)));
                    break;
                case 1:
                    text.Insert(random.Next(text.Length + 1), RandomChars(random, random.Next(1, 6)));
                    break;
                case 2 when text.Length > 0:
                    text[random.Next(text.Length)] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 3:
                    text = new StringBuilder(InsertLine(random, text.ToString(), TrickyLines[random.Next(TrickyLines.Length)]));
                    break;
                case 4:
                    text = new StringBuilder(ShuffleLines(random, text.ToString()));
                    break;
                case 5:
                    var lines = Lines(text.ToString());
                    text = new StringBuilder(InsertLine(random, text.ToString(), lines[random.Next(lines.Length)]));
                    break;
                case 6 when text.Length > 0:
                    text.Length = random.Next(text.Length);
                    break;
                case 7:
                    text.Replace("\r\n", random.Next(3) switch { 0 => "\n", 1 => "\r", _ => " \r\n\r\n" });
                    break;
                default:
                    text = new StringBuilder(ReplaceNumber(random, text.ToString()));
                    break;
            }
        }

        return text.ToString();
    }

    private static string RandomText(Random random)
    {
        if (random.Next(2) == 0)
        {
            return RandomChars(random, random.Next(0, 200));
        }

        // Random lines of known types after v=0, so that the parser gets past the first line.
        var builder = new StringBuilder("v=0\r\n");
        var lines = random.Next(0, 20);
        for (var i = 0; i < lines; i++)
        {
            builder.Append(random.Next(3) == 0 ? TrickyLines[random.Next(TrickyLines.Length)] : "o=- 1 1 IN IP4 1.2.3.4")
                .Append(random.Next(2) == 0 ? "\r\n" : "\n");
        }

        return builder.ToString();
    }

    private static string RandomChars(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = random.Next(8) == 0 ? (char)random.Next(0, 0xD800) : Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    private static string[] Lines(string text) => text.Split("\r\n");

    private static string InsertLine(Random random, string text, string line)
    {
        var lines = Lines(text).ToList();
        lines.Insert(random.Next(lines.Count + 1), line);
        return string.Join("\r\n", lines);
    }

    private static string ShuffleLines(Random random, string text)
    {
        var lines = Lines(text);
        if (lines.Length < 2)
        {
            return text;
        }

        var a = random.Next(1, lines.Length);
        var b = random.Next(1, lines.Length);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join("\r\n", lines);
    }

    private static string ReplaceNumber(Random random, string text)
    {
        string[] numbers = ["0", "-1", "65535", "65536", "127", "128", "255", "256", "4294967296", "99999999999999999999", ""];
        var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i])).ToArray();
        if (digits.Length == 0)
        {
            return text;
        }

        var at = digits[random.Next(digits.Length)];
        var end = at;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return string.Concat(text.AsSpan(0, at), numbers[random.Next(numbers.Length)], text.AsSpan(end));
    }

    private static string Escape(string text) => text.Replace("\r", "\\r").Replace("\n", "\\n\n");
}

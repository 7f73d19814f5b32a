using System.Diagnostics;
using System.Text;
using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

/// <summary>
/// Mutated messages through the datagram parser and the stream reader, from a fixed seed so a
/// failure names an input that can be replayed: no exception escapes, no call takes long, every
/// stream call either waits, stops, or consumes bytes (so a read loop cannot spin), every message
/// that parses re-serializes to one with the same values, and every 400 that can be built does
/// round-trip. Seeds are the RFC 4475 messages when SWML_CONFORMANCE_DIR is set, plus our own.
/// </summary>
public sealed class SipFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20260326;
    private const int Iterations = 120_000;
    // A guard against a parse that never ends (a loop, runaway backtracking), not a speed measure:
    // on a loaded 2-core machine one call can stall for a few hundred ms (a GC, a preemption), so
    // 250 ms flaked. Parsing speed is measured in bench/ (sip-message.md).
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(5);

    private static readonly string[] Fragments =
    [
        "\r\n", "\r\n ", "\r\n\t", "\r\n\r\n", "\r", "\n", " ", "\t", ":", ";", ",", "=", "\"", "\\", "\\\"", "<", ">", "@", "%", "%00",
        "%zz", "[", "]", "[::1]", "[2001:db8::1]:5060", "sip:", "sips:", "tel:+1-555", "tel:12;phone-context=x", "urn:x:y", ";tag=", ";branch=z9hG4bK",
        ";received=", ";rport", ";lr", "?Route=%3Csip:x%3E", "SIP/2.0", "SIP/2.0/UDP", "SIP/3.0", " 4294967296 ", "-1", "0", "99999999999",
        "Content-Length: 5\r\n", "l: 0\r\n", "v: SIP/2.0/TCP h.example;branch=z9hG4bKf\r\n", "t: <sip:x@y>\r\n", "i: fuzz\r\n", "CSeq: 1 BYE\r\n",
        "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n", "Contact: *\r\n", "é", "\u00ff", "\ufffd", "\0", "\u0007", "\u007f",
    ];

    [Fact]
    public void MutatedMessagesNeverCrashHangOrLoseValues()
    {
        var random = new Random(Seed);
        var seeds = Rfc4475Corpus.TryReadAll().Concat(BuiltInSeeds().Select(Encoding.UTF8.GetBytes)).ToList();
        var options = new SipParserOptions { MaxMessageSize = 8 * 1024, MaxHeaderCount = 64, MaxLineLength = 2048 };
        var clock = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        int parsed = 0, answered = 0, dropped = 0, framed = 0;
        var reasons = new Dictionary<SipParseErrorReason, int>();

        for (var n = 0; n < Iterations; n++)
        {
            var input = Mutate(random, seeds[random.Next(seeds.Count)]);
            try
            {
                var started = clock.Elapsed;
                var result = SipParser.ParseDatagram(input, random.Next(4) == 0 ? options : null);
                slowest = Max(slowest, clock.Elapsed - started);

                if (result.IsSuccess)
                {
                    parsed++;
                    var again = SipParser.ParseDatagram(result.Message!.ToBytes());
                    Assert.True(again.IsSuccess, $"re-serialized message rejected: {again.Error}");
                    Assert.Null(MessageComparer.Difference(result.Message, again.Message!));
                }
                else
                {
                    var reason = result.Error!.Value.Reason;
                    Assert.NotEqual(SipParseErrorReason.None, reason);
                    reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                    if (result.CreateErrorResponse() is { } response)
                    {
                        answered++;
                        Assert.True(response.StatusCode is 400 or 505);
                        Assert.Null(MessageComparer.Difference(response, SipParser.ParseDatagram(response.ToBytes()).Message!));
                    }
                    else
                    {
                        dropped++;
                    }
                }

                framed += ReadStream(input, random.Next(input.Length + 1), options, clock, ref slowest);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"input {n} threw {e.GetType().Name}: {e.Message}\n{Describe(input)}\n{e.StackTrace}");
            }
            catch (Xunit.Sdk.XunitException e)
            {
                Assert.Fail($"input {n}: {e.Message}\n{Describe(input)}");
            }
        }

        Assert.True(slowest < CallBound, $"slowest call took {slowest.TotalMilliseconds} ms");
        output.WriteLine($"{Iterations} inputs from {seeds.Count} seeds in {clock.Elapsed.TotalSeconds:F1} s: {parsed} parsed and round-tripped, " +
            $"{answered} rejected with a 400/505, {dropped} rejected without one, {framed} messages framed on the stream; slowest call {slowest.TotalMilliseconds:F2} ms.");
        output.WriteLine(string.Join(", ", reasons.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
    }

    /// <summary>Feeds the input to the stream reader in two writes, reading until it waits or stops.</summary>
    private static int ReadStream(byte[] input, int split, SipParserOptions options, Stopwatch clock, ref TimeSpan slowest)
    {
        var framed = 0;
        var buffer = new List<byte>(input[..split]);
        var delivered = split;
        for (var calls = 0; ; calls++)
        {
            Assert.True(calls <= input.Length + 2, "the stream reader kept returning without progress");
            var started = clock.Elapsed;
            var status = SipStreamReader.TryRead(buffer.ToArray(), out var consumed, out var result, options);
            slowest = Max(slowest, clock.Elapsed - started);

            switch (status)
            {
                case SipStreamReadStatus.NeedMoreData:
                    Assert.Equal(0, consumed);
                    if (delivered == input.Length)
                    {
                        return framed;
                    }

                    buffer.AddRange(input[delivered..]);
                    delivered = input.Length;
                    continue;
                case SipStreamReadStatus.FramingError:
                    Assert.Equal(0, consumed);
                    Assert.NotNull(result!.Error);
                    return framed;
                case SipStreamReadStatus.Message:
                    Assert.Null(MessageComparer.Difference(result!.Message!, SipParser.ParseDatagram(result.Message!.ToBytes()).Message!));
                    framed++;
                    break;
                case SipStreamReadStatus.Rejected:
                    Assert.NotNull(result!.Error);
                    result.CreateErrorResponse();
                    break;
            }

            Assert.True(consumed > 0 && consumed <= buffer.Count, $"{status} consumed {consumed} of {buffer.Count}");
            buffer.RemoveRange(0, consumed);
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var count = random.Next(3) == 0 ? random.Next(2, 5) : 1;
        for (var m = 0; m < count; m++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(9))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at));
                    break;
                case 3:
                    // Repeat or drop a whole line.
                    var lines = Lines(bytes);
                    var line = lines[random.Next(lines.Count)];
                    if (random.Next(2) == 0)
                    {
                        bytes.InsertRange(line.Start, bytes.GetRange(line.Start, line.Length));
                    }
                    else
                    {
                        bytes.RemoveRange(line.Start, line.Length);
                    }

                    break;
                case 4:
                    var all = Lines(bytes);
                    var (a, b) = (all[random.Next(all.Count)], all[random.Next(all.Count)]);
                    if (a.Start != b.Start)
                    {
                        var (first, second) = a.Start < b.Start ? (a, b) : (b, a);
                        var secondBytes = bytes.GetRange(second.Start, second.Length);
                        var firstBytes = bytes.GetRange(first.Start, first.Length);
                        bytes.RemoveRange(second.Start, second.Length);
                        bytes.InsertRange(second.Start, firstBytes);
                        bytes.RemoveRange(first.Start, first.Length);
                        bytes.InsertRange(first.Start, secondBytes);
                    }

                    break;
                case 5:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 6 when bytes.Count > 0:
                    // Flip the case of a short run, as header names and schemes are case-insensitive.
                    for (var k = at; k < Math.Min(bytes.Count, at + random.Next(1, 12)); k++)
                    {
                        bytes[k] = bytes[k] is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' ? (byte)(bytes[k] ^ 0x20) : bytes[k];
                    }

                    break;
                case 7 when bytes.Count > 0:
                    bytes.Insert(at, (byte)"0123456789"[random.Next(10)]);
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "\r\n " : " "));
                    break;
            }
        }

        return [.. bytes];
    }

    private static List<(int Start, int Length)> Lines(List<byte> bytes)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < bytes.Count; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add((start, i + 1 - start));
                start = i + 1;
            }
        }

        lines.Add((start, bytes.Count - start));
        return lines;
    }

    private static IEnumerable<string> BuiltInSeeds()
    {
        yield return SipParserTests.Invite;
        yield return
            "REFER sip:%62ob@[2001:db8::10]:5070;transport=tcp SIP/2.0\r\n" +
            "v: SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKa , SIP / 2.0 / UDP\r\n   192.0.2.1;branch=z9hG4bKb;received=2001:db8::99;rport=5061\r\n" +
            "f:\"Alice \\\"the\\\" Great\"<sip:alice@atlanta.example.com>\r\n  ;tag = 88sja8x\r\n" +
            "t:    tel:+1-201-555-0123;tag=x9\r\ni: 3848276298220188511@atlanta.example.com\r\ncSeQ: 93809823\r\n\t  REFER\r\n" +
            "m: <sip:alice@[2001:db8::1]:5060;transport=tcp>;expires=60, \"x,y\" <sip:x@y.example>\r\n" +
            "r: <sip:carol@chicago.example.com?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>\r\n" +
            "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\nRoute: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n" +
            "c: message/sipfrag;version=2.0\r\nl: 18\r\n\r\nSIP/2.0 100 Trying";
        yield return
            "SIP/2.0 202 Accepted\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnashds8;received=192.0.2.1;rport=5060\r\n" +
            "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\nTo: <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n" +
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\nCSeq: 314160 REFER\r\nContact: <sip:bob@192.0.2.4>\r\n" +
            "Allow-Events: refer\r\nExpires: 60\r\nContent-Length: 0\r\n\r\n";
        yield return
            "NOTIFY sip:alice@192.0.2.1:5060 SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.4;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n" +
            "To: <sip:alice@atlanta.example.com>;tag=1928301774\r\nFrom: <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n" +
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\nCSeq: 1 NOTIFY\r\nEvent: refer;id=314160\r\n" +
            "Subscription-State: terminated;reason=noresource\r\nContent-Type: message/sipfrag;version=2.0\r\nContent-Length: 16\r\n\r\nSIP/2.0 200 OK\r\n";
        yield return
            "REGISTER sip:registrar.biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7\r\n" +
            "Max-Forwards: 70\r\nTo: Bob <sip:bob@biloxi.example.com>\r\nFrom: Bob <sip:bob@biloxi.example.com>;tag=456248\r\n" +
            "Call-ID: 843817637684230@998sdasdh09\r\nCSeq: 1826 REGISTER\r\nContact: *\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n";
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Describe(byte[] input) =>
        Convert.ToBase64String(input) + "\n" + Encoding.UTF8.GetString(input[..Math.Min(input.Length, 400)]).Replace("\r", "\\r").Replace("\n", "\\n\n");
}

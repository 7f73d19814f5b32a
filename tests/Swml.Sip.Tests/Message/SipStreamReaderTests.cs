using System.Buffers;
using System.Text;
using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

public sealed class SipStreamReaderTests
{
    private static readonly byte[] First = Encoding.UTF8.GetBytes(SipParserTests.Invite);

    private static readonly byte[] Second = Encoding.UTF8.GetBytes(
        "SIP/2.0 202 Accepted\r\nv: SIP/2.0/TCP h.example;branch=z9hG4bK1\r\nf: <sip:a@b.example>;tag=1\r\n" +
        "t: <sip:x@y.example>;tag=2\r\ni: c1\r\nCSeq: 1 REFER\r\nl :\r\n 0\r\n\r\n");

    [Fact]
    public void EveryPrefixOfAMessageNeedsMoreData()
    {
        foreach (var message in new[] { First, Second })
        {
            for (var length = 0; length < message.Length; length++)
            {
                var status = SipStreamReader.TryRead(message.AsSpan(0, length), out var consumed, out var result);

                Assert.True(status == SipStreamReadStatus.NeedMoreData, $"prefix of {length} bytes gave {status}: {result?.Error}");
                Assert.Equal(0, consumed);
                Assert.Null(result);
            }
        }
    }

    [Fact]
    public void TwoMessagesBackToBackComeOutAsTwo()
    {
        var buffer = new ReadOnlySequence<byte>([.. First, .. Second]);

        Assert.Equal(SipStreamReadStatus.Message, SipStreamReader.TryRead(ref buffer, out var one));
        Assert.Equal(Second.Length, buffer.Length);
        Assert.Equal(SipStreamReadStatus.Message, SipStreamReader.TryRead(ref buffer, out var two));
        Assert.True(buffer.IsEmpty);
        Assert.Equal(SipStreamReadStatus.NeedMoreData, SipStreamReader.TryRead(ref buffer, out _));

        Assert.Equal("INVITE", one!.Request!.Method);
        Assert.Equal("v=0\n", Encoding.UTF8.GetString(one.Request.Body.Span));
        Assert.Equal(202, two!.Response!.StatusCode);
        MessageComparer.AssertSameValues(SipParser.ParseDatagram(First).Message!, one.Message!);
    }

    [Fact]
    public void MessagesSplitAtEveryByteBoundaryReassemble()
    {
        byte[] stream = [.. First, .. "\r\n\r\n"u8, .. Second, .. "\r\n"u8, .. First];
        for (var split = 0; split <= stream.Length; split++)
        {
            // As a pipe sees it: the first part alone, then both parts in two segments.
            var read = new List<SipMessage>();
            var pending = new ReadOnlySequence<byte>(stream, 0, split);
            var keepAlives = Drain(ref pending, read);
            pending = Segments(stream[(split - (int)pending.Length)..split], stream[split..]);
            keepAlives += Drain(ref pending, read);

            Assert.True(pending.IsEmpty, $"split at {split}: {pending.Length} bytes left");
            Assert.Equal(3, read.Count);
            Assert.Equal(2, keepAlives);
            MessageComparer.AssertSameValues(SipParser.ParseDatagram(Second).Message!, read[1]);
            MessageComparer.AssertSameValues(read[0], read[2]);
        }
    }

    [Fact]
    public void ByteByByteDeliveryYieldsEachMessageOnceItIsComplete()
    {
        byte[] stream = [.. Second, .. First];
        var buffered = new List<byte>();
        var completedAt = new List<int>();
        for (var i = 0; i < stream.Length; i++)
        {
            buffered.Add(stream[i]);
            var status = SipStreamReader.TryRead(buffered.ToArray(), out var consumed, out _);
            if (status == SipStreamReadStatus.Message)
            {
                completedAt.Add(i + 1);
                buffered.RemoveRange(0, consumed);
            }
            else
            {
                Assert.Equal(SipStreamReadStatus.NeedMoreData, status);
            }
        }

        Assert.Equal([Second.Length, stream.Length], completedAt);
    }

    [Fact]
    public void KeepAlivesArePingsAndPongs()
    {
        Assert.Equal(SipStreamReadStatus.Ping, SipStreamReader.TryRead("\r\n\r\nINVITE"u8, out var consumed, out _));
        Assert.Equal(4, consumed);
        Assert.Equal(SipStreamReadStatus.Pong, SipStreamReader.TryRead("\r\nINVITE"u8, out consumed, out _));
        Assert.Equal(2, consumed);
        Assert.Equal(SipStreamReadStatus.NeedMoreData, SipStreamReader.TryRead("\r\n\r"u8, out consumed, out _));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void AMalformedButFramedMessageIsRejectedAndTheStreamGoesOn()
    {
        var bad = Encoding.UTF8.GetBytes(SipParserTests.Invite.Replace("CSeq: 314159 INVITE", "CSeq: 314159 BYE"));
        var buffer = new ReadOnlySequence<byte>([.. bad, .. Second]);

        Assert.Equal(SipStreamReadStatus.Rejected, SipStreamReader.TryRead(ref buffer, out var rejected));
        Assert.Equal(SipParseErrorReason.CSeqMethodMismatch, rejected!.Error!.Value.Reason);
        Assert.Equal(400, rejected.CreateErrorResponse()!.StatusCode);
        Assert.Equal(SipStreamReadStatus.Message, SipStreamReader.TryRead(ref buffer, out _));
    }

    [Fact]
    public void AMessageWithoutContentLengthCannotBeFramed()
    {
        var message = SipParserTests.Invite.Replace("Content-Length: 4\r\n", "");

        AssertFramingError(message, SipParseErrorReason.MissingContentLength);
    }

    [Theory]
    [InlineData("Content-Length: -4", SipParseErrorReason.InvalidContentLength)]
    [InlineData("Content-Length: 4\r\nl: 4", SipParseErrorReason.DuplicateHeader)]
    [InlineData("Content-Length: 99999999", SipParseErrorReason.MessageTooLarge)]
    [InlineData("Content-Length\n: 4", SipParseErrorReason.InvalidLineEnding)]
    public void ContentLengthFaultsStopTheStream(string replacement, SipParseErrorReason reason) =>
        AssertFramingError(SipParserTests.Invite.Replace("Content-Length: 4", replacement), reason);

    [Theory]
    [InlineData("\0\u0001\u0002binary")]
    [InlineData("<html>")]
    [InlineData(" INVITE sip:a@b SIP/2.0\r\n")]
    [InlineData("INVITE\tsip:a@b SIP/2.0\r\n")]
    public void GarbageIsAnErrorAtOnce(string garbage) => AssertFramingError(garbage, SipParseErrorReason.InvalidRequestLine);

    [Fact]
    public void EndlessGarbageHitsALimitAndNeverSpins()
    {
        var options = new SipParserOptions { MaxMessageSize = 4096, MaxLineLength = 512 };
        var random = new Random(4475);
        foreach (var chunk in new Func<int, byte>[] { _ => (byte)'A', i => i % 50 == 49 ? (byte)'\r' : (byte)'a', i => (byte)"INVITE x\r\nX: y\r\n"[i % 16] })
        {
            var buffered = new List<byte>();
            var calls = 0;
            SipStreamReadStatus status;
            do
            {
                for (var k = 0; k < 64; k++)
                {
                    buffered.Add(chunk(buffered.Count));
                }

                status = SipStreamReader.TryRead(buffered.ToArray(), out var consumed, out _, options);
                Assert.Equal(0, consumed);
                calls++;
            }
            while (status == SipStreamReadStatus.NeedMoreData && calls < 1000);

            Assert.Equal(SipStreamReadStatus.FramingError, status);
            Assert.True(buffered.Count <= options.MaxMessageSize + 64, $"waited for {buffered.Count} bytes");
        }

        for (var n = 0; n < 200; n++)
        {
            var garbage = new byte[random.Next(1, 300)];
            random.NextBytes(garbage);
            var status = SipStreamReader.TryRead(garbage, out var consumed, out _, options);
            Assert.True(status is SipStreamReadStatus.FramingError or SipStreamReadStatus.NeedMoreData or SipStreamReadStatus.Pong or SipStreamReadStatus.Ping);
            Assert.True(consumed <= 4);
        }
    }

    [Fact]
    public void AFramingErrorConsumesNothingAndRepeats()
    {
        var buffer = new ReadOnlySequence<byte>("\u0001junk\r\n\r\n"u8.ToArray());

        Assert.Equal(SipStreamReadStatus.FramingError, SipStreamReader.TryRead(ref buffer, out var first));
        Assert.Equal(SipStreamReadStatus.FramingError, SipStreamReader.TryRead(ref buffer, out var second));
        Assert.Equal(9, buffer.Length);
        Assert.Equal(first!.Error, second!.Error);
    }

    private static void AssertFramingError(string text, SipParseErrorReason reason)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var status = SipStreamReader.TryRead(bytes, out var consumed, out var result);

        Assert.Equal(SipStreamReadStatus.FramingError, status);
        Assert.Equal(0, consumed);
        Assert.Equal(reason, result!.Error!.Value.Reason);
        Assert.False(result.CanRespond);
    }

    private static int Drain(ref ReadOnlySequence<byte> buffer, List<SipMessage> read)
    {
        var keepAlives = 0;
        while (true)
        {
            var status = SipStreamReader.TryRead(ref buffer, out var result);
            switch (status)
            {
                case SipStreamReadStatus.NeedMoreData:
                    return keepAlives;
                case SipStreamReadStatus.Message:
                    read.Add(result!.Message!);
                    break;
                case SipStreamReadStatus.Ping or SipStreamReadStatus.Pong:
                    keepAlives++;
                    break;
                default:
                    Assert.Fail($"unexpected {status}: {result?.Error}");
                    break;
            }
        }
    }

    private static ReadOnlySequence<byte> Segments(byte[] first, byte[] second)
    {
        var head = new Segment(first, 0);
        var tail = head.Append(second);
        return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

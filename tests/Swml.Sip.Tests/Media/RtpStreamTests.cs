using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Swml.Sip.Media;
using Swml.Sip.Sdp;
using Swml.Tests.Waiting;

namespace Swml.Sip.Tests.Media;

/// <summary>A call's RTP on fake time: pacing, the header fields, hold, symmetric RTP, stopping.</summary>
public sealed class RtpStreamTests : IDisposable
{
    private static readonly RtpPortRange Ports = new(42_000, 42_999);
    private readonly FakeTimeProvider _time = new();
    private readonly MediaClock _clock;
    private readonly RtpStream _stream;
    private readonly Socket _peer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public RtpStreamTests()
    {
        _clock = new MediaClock(_time, NullLogger.Instance);
        _stream = RtpStream.Open(IPAddress.Loopback, Ports, _clock, NullLogger.Instance, symmetric: true);
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _peer.ReceiveTimeout = 2000;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IPEndPoint PeerEndPoint => (IPEndPoint)_peer.LocalEndPoint!;

    private static NegotiatedAudio AudioTo(IPEndPoint peer, AudioCodec codec, MediaDirection remote = MediaDirection.SendRecv) => new()
    {
        MediaIndex = 0,
        Codecs = [codec],
        RemoteAddress = peer.Address.ToString(),
        RemotePort = peer.Port,
        RemoteDirection = remote,
    };

    /// <summary>A ramp, so each frame's samples differ and a misplaced frame shows.</summary>
    private static short[] Ramp(int samples) => Enumerable.Range(0, samples).Select(i => (short)((i % 400) * 40)).ToArray();

    private (RtpHeader Header, byte[] Payload)? Receive(int timeoutMs = 2000)
    {
        _peer.ReceiveTimeout = timeoutMs;
        var buffer = new byte[2048];
        try
        {
            var length = _peer.Receive(buffer);
            Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, length), out var header));
            return (header, buffer[RtpHeader.Size..length]);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
        {
            return null;
        }
    }

    private void Tick() => _time.Advance(RtpAudio.FrameDuration);

    [Fact]
    public async Task APlayIsOnePacketPerFrameWithContiguousSequenceAndTimestampSteps()
    {
        _stream.Follow(AudioTo(PeerEndPoint, AudioCodec.Pcmu));
        var audio = Ramp(1000); // 6.25 frames: 7 packets, the last padded with silence
        var playing = _stream.PlayAsync(new PcmAudioSource(audio), Ct);

        var packets = new List<(RtpHeader Header, byte[] Payload)>();
        for (var frame = 0; frame < 7; frame++)
        {
            Assert.Null(Receive(timeoutMs: 50)); // nothing before its time
            Tick();
            packets.Add(Receive() ?? throw new Xunit.Sdk.XunitException($"no packet for frame {frame}"));
        }

        Assert.False(playing.IsCompleted); // until the last packet's 20 ms have passed
        Tick();
        Assert.Equal(PlaybackEnd.Finished, await playing.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Null(Receive(timeoutMs: 100));

        Assert.All(packets, p => Assert.Equal(0, p.Header.PayloadType));
        Assert.All(packets, p => Assert.Equal(_stream.Ssrc, p.Header.Ssrc));
        Assert.All(packets, p => Assert.Equal(RtpAudio.SamplesPerFrame, p.Payload.Length));
        Assert.Equal([true, false, false, false, false, false, false], packets.Select(p => p.Header.Marker));
        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(packets[0].Header.SequenceNumber + i), packets[i].Header.SequenceNumber);
            Assert.Equal(unchecked(packets[0].Header.Timestamp + (uint)(160 * i)), packets[i].Header.Timestamp);
        }

        // The payload is the audio, G.711-encoded, in order; the tail of the last frame is silence.
        var decoded = new short[packets.Count * 160];
        for (var i = 0; i < packets.Count; i++)
        {
            G711.Decode(packets[i].Payload, decoded.AsSpan(i * 160, 160), G711Law.MuLaw);
        }

        var reencoded = new byte[1000];
        G711.Encode(audio, reencoded, G711Law.MuLaw);
        Assert.Equal(reencoded, packets.SelectMany(p => p.Payload).Take(1000));
        Assert.All(decoded[1000..], s => Assert.Equal(0, s));
    }

    [Fact]
    public async Task PcmaIsSentWithItsPayloadType()
    {
        _stream.Follow(AudioTo(PeerEndPoint, AudioCodec.Pcma));
        var playing = _stream.PlayAsync(new PcmAudioSource(new short[160]), Ct);
        Tick();
        var packet = Receive() ?? throw new Xunit.Sdk.XunitException("no packet");
        Assert.Equal(8, packet.Header.PayloadType);
        Assert.All(packet.Payload, b => Assert.Equal(0xD5, b));
        Tick();
        Assert.Equal(PlaybackEnd.Finished, await playing.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task ACancelledPlayStopsAtOnce()
    {
        _stream.Follow(AudioTo(PeerEndPoint, AudioCodec.Pcmu));
        using var stop = new CancellationTokenSource();
        var playing = _stream.PlayAsync(new PcmAudioSource(Ramp(8000)), stop.Token);
        Tick();
        Assert.NotNull(Receive());

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => playing.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Tick();
        Tick();
        Assert.Null(Receive(timeoutMs: 100));
        Assert.Equal(0, _clock.Playing);
    }

    [Fact]
    public async Task ANewPlayTakesOverWithAMarkedPacketAndTheSequenceGoesOn()
    {
        _stream.Follow(AudioTo(PeerEndPoint, AudioCodec.Pcmu));
        var first = _stream.PlayAsync(new PcmAudioSource(Ramp(8000)), Ct);
        Tick();
        var a = Receive()!.Value;

        var second = _stream.PlayAsync(new PcmAudioSource(Ramp(160)), Ct);
        Assert.Equal(PlaybackEnd.Replaced, await first.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Tick();
        var b = Receive()!.Value;
        Tick();
        Assert.Equal(PlaybackEnd.Finished, await second.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.True(b.Header.Marker);
        Assert.Equal((ushort)(a.Header.SequenceNumber + 1), b.Header.SequenceNumber);
    }

    [Fact]
    public async Task TimestampsCountThePauseBetweenPlays()
    {
        _stream.Follow(AudioTo(PeerEndPoint, AudioCodec.Pcmu));
        var first = _stream.PlayAsync(new PcmAudioSource(Ramp(160)), Ct);
        Tick();
        var a = Receive()!.Value;
        Tick();
        await first.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        _time.Advance(TimeSpan.FromSeconds(1) - RtpAudio.FrameDuration); // 50 frames after the first packet
        var second = _stream.PlayAsync(new PcmAudioSource(Ramp(160)), Ct);
        Tick();
        var b = Receive()!.Value;
        Tick();
        await second.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal((ushort)(a.Header.SequenceNumber + 1), b.Header.SequenceNumber);
        Assert.Equal(unchecked(a.Header.Timestamp + (uint)(160 * 51)), b.Header.Timestamp);
        Assert.True(b.Header.Marker);
    }

    [Fact]
    public async Task WhileHeldAPlaysTimePassesUnsentAndResumingSendsAgain()
    {
        _stream.Follow(AudioTo(PeerEndPoint, AudioCodec.Pcmu, MediaDirection.SendOnly)); // the peer holds: we only receive
        var playing = _stream.PlayAsync(new PcmAudioSource(Ramp(160 * 4)), Ct);
        Tick();
        Tick();
        Assert.Null(Receive(timeoutMs: 100));

        _stream.Follow(AudioTo(PeerEndPoint, AudioCodec.Pcmu)); // resumed by a re-INVITE
        Tick();
        Assert.NotNull(Receive());
        Tick();
        Assert.NotNull(Receive());
        Tick();
        Assert.Equal(PlaybackEnd.Finished, await playing.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task AMovedStreamIsFollowedFromTheNextPacket()
    {
        using var moved = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        moved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        moved.ReceiveTimeout = 2000;
        _stream.Follow(AudioTo(PeerEndPoint, AudioCodec.Pcmu));
        var playing = _stream.PlayAsync(new PcmAudioSource(Ramp(160 * 2)), Ct);
        Tick();
        Assert.NotNull(Receive());

        _stream.Follow(AudioTo((IPEndPoint)moved.LocalEndPoint!, AudioCodec.Pcmu));
        Tick();
        Assert.Equal(RtpHeader.Size + 160, moved.Receive(new byte[2048]));
        Assert.Null(Receive(timeoutMs: 100));
        Tick();
        await playing.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task RtpIsSentWhereThePeersRtpComesFrom()
    {
        // The SDP names an address nobody listens at (a peer behind NAT); its RTP comes from _peer.
        using var unused = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        unused.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _stream.Follow(AudioTo((IPEndPoint)unused.LocalEndPoint!, AudioCodec.Pcmu));

        var theirs = new byte[RtpHeader.Size + 160];
        new RtpHeader(true, 0, 1, 1, 0x1234).Write(theirs);
        _peer.SendTo(theirs, new IPEndPoint(IPAddress.Loopback, _stream.LocalPort));
        await Eventually.True(() => _stream.PacketsReceived == 1, "the first packet");
        Assert.Equal(PeerEndPoint, _stream.Target);

        var playing = _stream.PlayAsync(new PcmAudioSource(Ramp(160)), Ct);
        Tick();
        Assert.NotNull(Receive());
        Tick();
        await playing.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task WhatIsNotRtpTeachesNoAddress()
    {
        _stream.Follow(AudioTo(PeerEndPoint, AudioCodec.Pcmu));
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        stranger.SendTo("hello"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, _stream.LocalPort));
        var rtcp = new byte[28];
        rtcp[0] = 0x80;
        rtcp[1] = 200; // an RTCP sender report on the RTP port
        stranger.SendTo(rtcp, new IPEndPoint(IPAddress.Loopback, _stream.LocalPort));
        await Eventually.True(() => _stream.PacketsReceived == 2, "the second packet");
        Assert.Equal(PeerEndPoint, _stream.Target);
    }

    [Fact]
    public async Task EndingTheCallEndsItsPlay()
    {
        _stream.Follow(AudioTo(PeerEndPoint, AudioCodec.Pcmu));
        var playing = _stream.PlayAsync(new PcmAudioSource(Ramp(8000)), Ct);
        Tick();
        _stream.Dispose();
        Assert.Equal(PlaybackEnd.CallEnded, await playing.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal(PlaybackEnd.CallEnded, await _stream.PlayAsync(new PcmAudioSource(Ramp(160)), Ct));
        Assert.Equal(0, _clock.Playing);
    }

    [Fact]
    public void ARangeWithEveryPortTakenSaysSo()
    {
        var one = new RtpPortRange(_stream.LocalPort, _stream.LocalPort + 1);
        var ex = Assert.Throws<RtpPortsExhaustedException>(() => RtpStream.Open(IPAddress.Loopback, one, _clock, NullLogger.Instance, symmetric: true));
        Assert.Contains($"{_stream.LocalPort}-{_stream.LocalPort + 1}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PortsAreEvenAndInTheRange()
    {
        Assert.Equal(0, _stream.LocalPort % 2);
        Assert.InRange(_stream.LocalPort, Ports.First, Ports.Last);
    }

    public void Dispose()
    {
        _stream.Dispose();
        _clock.Dispose();
        _peer.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Swml.Sip.Sdp;
using Swml.Shared;

namespace Swml.Sip.Media;

/// <summary>
/// A call's RTP (RFC 3550): one UDP socket from the endpoint's port range, audio sent on the media
/// clock to where the offer/answer says (or, symmetric RTP, to where the peer's RTP comes from:
/// a peer behind NAT), and whatever arrives read and dropped so nothing fills the socket's buffer.
/// One play at a time; a new one takes over. While the call is held, a play's time still passes
/// but nothing is sent.
/// </summary>
internal sealed class RtpStream : IDisposable
{
    private readonly object _gate = new();
    private readonly Socket _socket;
    private readonly MediaClock _clock;
    private readonly ILogger _logger;
    private readonly bool _symmetric;
    private readonly byte[] _packet = new byte[RtpHeader.Size + RtpAudio.SamplesPerFrame];
    private readonly short[] _frame = new short[RtpAudio.SamplesPerFrame];
    private readonly uint _ssrc;
    private readonly uint _timestampBase;
    private ushort _sequence;
    private long _firstTick = -1;
    private Destination? _destination;
    private IPEndPoint? _latched;
    private Playback? _playback;
    private bool _disposed;
    private long _sent;
    private long _received;
    private readonly HeardAudio _heard = new();

    private RtpStream(Socket socket, MediaClock clock, ILogger logger, bool symmetric)
    {
        _socket = socket;
        _clock = clock;
        _logger = logger;
        _symmetric = symmetric;
        LocalPort = ((IPEndPoint)socket.LocalEndPoint!).Port;

        // RFC 3550 §5.1: random initial sequence number and timestamp, and a random SSRC (§8.1).
        Span<byte> random = stackalloc byte[10];
        SecureRandom.Fill(random);
        _ssrc = BitConverter.ToUInt32(random);
        _timestampBase = BitConverter.ToUInt32(random[4..]);
        _sequence = BitConverter.ToUInt16(random[8..]);
        _ = ReceiveAsync();
    }

    public int LocalPort { get; }

    public uint Ssrc => _ssrc;

    /// <summary>Packets sent and received so far, for diagnostics and tests.</summary>
    public long PacketsSent => Interlocked.Read(ref _sent);

    public long PacketsReceived => Interlocked.Read(ref _received);

    /// <summary>Where packets go now: the peer's RTP source once learned, else its SDP address; null when nowhere.</summary>
    public IPEndPoint? Target => Volatile.Read(ref _latched) ?? Volatile.Read(ref _destination)?.EndPoint;

    /// <summary>
    /// Binds an even port of <paramref name="ports"/>, starting at a random one so that calls of
    /// several processes on one host rarely try the same port first.
    /// </summary>
    public static RtpStream Open(IPAddress bind, RtpPortRange ports, MediaClock clock, ILogger logger, bool symmetric)
    {
        var capacity = ports.Capacity;
        var start = Random.Shared.Next(capacity);
        for (var attempt = 0; attempt < capacity; attempt++)
        {
            var port = ports.EvenFirst + (2 * ((start + attempt) % capacity));
            var socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(bind, port));
                return new RtpStream(socket, clock, logger, symmetric);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                socket.Dispose();
            }
        }

        throw new RtpPortsExhaustedException($"No free RTP port in {ports.First}-{ports.Last} on {bind}: {capacity} calls can have audio at once.");
    }

    /// <summary>Takes up what the offer/answer agreed: address, payload type, and whether to send at all.</summary>
    public void Follow(NegotiatedAudio? audio)
    {
        var destination = audio is null ? null : new Destination(audio.RemoteEndPoint, (byte)audio.Codec.PayloadType, G711.LawOf(audio.Codec.Name), audio.ShouldSend);
        Volatile.Write(ref _destination, destination);

        // A new address is learned afresh from the packets that follow it.
        Volatile.Write(ref _latched, null);
    }

    /// <summary>Plays <paramref name="source"/> from the next frame on; see <see cref="Calls.SipCall.PlayAsync"/>.</summary>
    public Task<PlaybackEnd> PlayAsync(IAudioSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        cancellationToken.ThrowIfCancellationRequested();
        var playback = new Playback(source);
        Playback? replaced;
        lock (_gate)
        {
            if (_disposed)
            {
                return Task.FromResult(PlaybackEnd.CallEnded);
            }

            replaced = _playback;
            _playback = playback;
        }

        replaced?.Completion.TrySetResult(PlaybackEnd.Replaced);
        if (cancellationToken.CanBeCanceled)
        {
            playback.Registration = cancellationToken.UnsafeRegister(static (state, token) =>
            {
                var (stream, stopped) = ((RtpStream, Playback))state!;
                stream.Stop(stopped);
                stopped.Completion.TrySetCanceled(token);
            }, (this, playback));
        }

        _clock.Add(this);
        return playback.Completion.Task;
    }

    private void Stop(Playback playback)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_playback, playback))
            {
                return;
            }

            _playback = null;
        }

        _clock.Remove(this);
    }

    /// <summary>One frame of the current play, on the media clock's thread.</summary>
    internal void OnTick(long tick)
    {
        Playback? playback;
        lock (_gate)
        {
            playback = _playback;
        }

        if (playback is null)
        {
            _clock.Remove(this);
            return;
        }

        // A play finishes a frame after its last packet: when the last of its audio has been heard.
        var count = playback.SourceEnded ? 0 : playback.Source.Read(_frame);
        if (count == 0)
        {
            Stop(playback);
            playback.Completion.TrySetResult(PlaybackEnd.Finished);
            playback.Registration.Dispose();
            return;
        }

        _frame.AsSpan(count).Clear();
        playback.SourceEnded = count < _frame.Length;
        Send(playback, tick);
    }

    private void Send(Playback playback, long tick)
    {
        var destination = Volatile.Read(ref _destination);
        if (destination is not { Sends: true, Law: { } law } || Target is not { } target)
        {
            // Held, or no address: the play's time passes unheard.
            return;
        }

        if (_firstTick < 0)
        {
            _firstTick = tick;
        }

        // The timestamp counts the sampling instants since our first packet, pauses included (§5.1).
        var timestamp = unchecked(_timestampBase + (uint)((tick - _firstTick) * RtpAudio.SamplesPerFrame));
        new RtpHeader(playback.IsFirstPacket, destination.PayloadType, _sequence++, timestamp, _ssrc).Write(_packet);
        G711.Encode(_frame, _packet.AsSpan(RtpHeader.Size), law);
        playback.IsFirstPacket = false;
        try
        {
            _socket.SendTo(_packet, SocketFlags.None, target);
            Interlocked.Increment(ref _sent);
        }
        catch (SocketException ex)
        {
            _logger.LogDebug("RTP to {Target} failed: {Error}", target, ex.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(_socket.AddressFamily);
        while (true)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                if (Volatile.Read(ref _disposed))
                {
                    return;
                }

                // An ICMP error for an earlier send (the peer's port closed) surfaces here.
                _logger.LogDebug("RTP receive on {Port}: {Error}", LocalPort, ex.SocketErrorCode);
                continue;
            }

            // Counted once handled, so that a count seen means its packet's effects are too.
            OnDatagram(buffer.AsSpan(0, length), from);
            Interlocked.Increment(ref _received);
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (!RtpHeader.TryRead(datagram, out var header))
        {
            return;
        }

        Measure(header, datagram[RtpHeader.Size..]);

        // Symmetric RTP (RFC 4961): the first RTP source after each offer/answer is where we send.
        if (_symmetric && Volatile.Read(ref _latched) is null)
        {
            var source = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(from);
            Volatile.Write(ref _latched, source);
            if (!Equals(source, Volatile.Read(ref _destination)?.EndPoint))
            {
                _logger.LogDebug("RTP on {Port} comes from {Source}; sending there (symmetric RTP)", LocalPort, source);
            }
        }
    }

    /// <summary>What the peer sent us in the agreed codec: how much, and how much of it was sound.</summary>
    public ReceivedAudio Received
    {
        get
        {
            lock (_heard)
            {
                return _heard.Summary();
            }
        }
    }

    private void Measure(RtpHeader header, ReadOnlySpan<byte> payload)
    {
        // Only the agreed G.711 stream (a fixed 12-byte header: no CSRCs or extension from a plain peer).
        if (Volatile.Read(ref _destination) is not { Law: { } law } destination || header.PayloadType != destination.PayloadType || payload.IsEmpty)
        {
            return;
        }

        Span<short> pcm = stackalloc short[Math.Min(payload.Length, 480)];
        payload = payload[..pcm.Length];
        G711.Decode(payload, pcm, law);
        double energy = 0;
        foreach (var sample in pcm)
        {
            energy += sample * (double)sample;
        }

        lock (_heard)
        {
            _heard.Add(pcm.Length, energy);
        }
    }

    public void Dispose()
    {
        Playback? playing;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            playing = _playback;
            _playback = null;
        }

        _clock.Remove(this);
        playing?.Completion.TrySetResult(PlaybackEnd.CallEnded);
        playing?.Registration.Dispose();
        _socket.Dispose();
    }

    private sealed record Destination(IPEndPoint? EndPoint, byte PayloadType, G711Law? Law, bool Sends);

    private sealed class Playback(IAudioSource source)
    {
        public IAudioSource Source { get; } = source;

        // Continuations on the pool: never application code on the media clock's thread.
        public TaskCompletionSource<PlaybackEnd> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>The marker bit goes on the first packet of each play: the start of a talkspurt (RFC 3551 §4.1).</summary>
        public bool IsFirstPacket { get; set; } = true;

        /// <summary>The source gave its last, partial frame.</summary>
        public bool SourceEnded { get; set; }
    }
}

/// <summary>Running totals of the peer's audio, packet by packet.</summary>
internal sealed class HeardAudio
{
    // A packet counts as sound above -50 dBFS RMS: well over G.711's idle noise, well under speech.
    private const double SoundRms = 32768 * 0.003162;

    private long _samples;
    private long _soundSamples;
    private double _soundEnergy;

    public void Add(int samples, double energy)
    {
        _samples += samples;
        if (Math.Sqrt(energy / samples) > SoundRms)
        {
            _soundSamples += samples;
            _soundEnergy += energy;
        }
    }

    public ReceivedAudio Summary() => new(
        TimeSpan.FromSeconds(_samples / (double)RtpAudio.SampleRate),
        TimeSpan.FromSeconds(_soundSamples / (double)RtpAudio.SampleRate),
        _soundSamples == 0 ? null : 20 * Math.Log10(Math.Sqrt(_soundEnergy / _soundSamples) / 32768));
}

/// <summary>Every RTP port of the range is taken: the call cannot have audio.</summary>
public sealed class RtpPortsExhaustedException(string message) : Exception(message);

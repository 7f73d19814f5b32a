using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Swml.Sip.Media;
using Swml.Sip.Sdp;

// Calls playing at once on one endpoint's media clock, step by step: for each count, that many
// calls' RTP streams play a long PCMU prompt to a receiver in this process, which timestamps every
// packet as it arrives (one thread, one socket: streams are told apart by SSRC). Printed per step:
// the media clock thread's CPU per playing call (user + system, so the sendto system calls count),
// and what the receiver saw: RFC 3550 interarrival jitter (worst stream), the spread of packet
// spacing, and packets lost. A count "plays" when the worst stream's jitter is under 5 ms.
var counts = args.Length > 0 ? args[0].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() : [50, 100, 200, 300, 400];
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;

// --echo: the receiver sends every packet back to the stream that sent it, as a talking peer's RTP,
// so each call also reads 50 packets a second.
var echo = args.Contains("--echo");

Console.WriteLine($"# {Environment.ProcessorCount} cores, {seconds:0} s per step, {(echo ? "peer RTP echoed back" : "no peer RTP")}, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine("| Calls playing | Clock thread CPU per call | Process CPU per call, receiver's thread excluded | Worst stream's RFC 3550 jitter | Mean jitter | Spacing p50 / p99 / max | Lost |");
Console.WriteLine("|---:|---:|---:|---:|---:|---|---:|");
foreach (var count in counts)
{
    Console.WriteLine(Step(count, seconds, echo));
}

static string Step(int count, double seconds, bool echo)
{
    using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    sink.ReceiveBufferSize = 8 * 1024 * 1024;
    sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    var target = (IPEndPoint)sink.LocalEndPoint!;
    var audio = new NegotiatedAudio
    {
        MediaIndex = 0,
        Codecs = [AudioCodec.Pcmu],
        RemoteAddress = target.Address.ToString(),
        RemotePort = target.Port,
        RemoteDirection = MediaDirection.SendRecv,
    };

    using var clock = new MediaClock(TimeProvider.System, NullLogger.Instance);
    var streams = new List<RtpStream>();
    var prompt = Prompt(seconds + 5);
    for (var i = 0; i < count; i++)
    {
        var stream = RtpStream.Open(IPAddress.Loopback, new RtpPortRange(20_000, 59_999), clock, NullLogger.Instance, symmetric: false);
        stream.Follow(audio);
        streams.Add(stream);
    }

    foreach (var stream in streams)
    {
        _ = stream.PlayAsync(new PcmAudioSource(prompt), CancellationToken.None);
    }

    // The receiver reads from the first packet on (a second unread would overflow its buffer), and
    // counts from the end of a one-second warm-up.
    var arrivals = new Dictionary<uint, List<(long Arrival, ushort Sequence, uint Timestamp)>>();
    var measureFrom = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
    var stopAt = measureFrom + (long)(seconds * Stopwatch.Frequency);
    var measuring = false;
    int clockThread = 0;
    double cpu0 = 0;
    var process0 = TimeSpan.Zero;
    double receiver0 = 0;
    var from = new SocketAddress(AddressFamily.InterNetwork);
    var buffer = new byte[2048];
    sink.ReceiveTimeout = 200;
    while (true)
    {
        int length;
        try
        {
            length = sink.ReceiveFrom(buffer, SocketFlags.None, from);
            if (echo && length > 0)
            {
                sink.SendTo(buffer.AsSpan(0, length), SocketFlags.None, from);
            }
        }
        catch (SocketException)
        {
            length = 0;
        }

        var now = Stopwatch.GetTimestamp();
        if (now >= stopAt)
        {
            break;
        }

        if (!measuring && now >= measureFrom)
        {
            measuring = true;
            clockThread = ClockThreadId();
            cpu0 = ThreadCpu(clockThread);
            process0 = Process.GetCurrentProcess().TotalProcessorTime;
            receiver0 = OwnCpu();
        }

        if (!measuring || length < 12)
        {
            continue;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8));
        if (!arrivals.TryGetValue(ssrc, out var list))
        {
            arrivals[ssrc] = list = new List<(long, ushort, uint)>(capacity: (int)(seconds * 50) + 10);
        }

        list.Add((now, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)), BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4))));
    }

    var cpu = ThreadCpu(clockThread) - cpu0;
    var processCpu = (Process.GetCurrentProcess().TotalProcessorTime - process0).TotalMilliseconds - (OwnCpu() - receiver0);
    foreach (var stream in streams)
    {
        stream.Dispose();
    }

    // RFC 3550 A.8: J += (|D(i-1,i)| - J) / 16, D from arrival time against RTP timestamp (8 kHz).
    var jitters = new List<double>();
    var spacings = new List<double>();
    long lost = 0;
    foreach (var list in arrivals.Values)
    {
        double jitter = 0;
        for (var i = 1; i < list.Count; i++)
        {
            var arrival = (list[i].Arrival - list[i - 1].Arrival) * 1000.0 / Stopwatch.Frequency;
            var sent = unchecked((int)(list[i].Timestamp - list[i - 1].Timestamp)) / 8.0;
            jitter += (Math.Abs(arrival - sent) - jitter) / 16;
            spacings.Add(arrival);
            lost += Math.Max(0, (ushort)(list[i].Sequence - list[i - 1].Sequence) - 1);
        }

        jitters.Add(jitter);
    }

    spacings.Sort();
    var perCallMsPerSecond = cpu / seconds / count;
    return string.Create(CultureInfo.InvariantCulture,
        $"| {count} ({arrivals.Count} heard) | {perCallMsPerSecond:0.000} ms/s ({perCallMsPerSecond / 10:0.00} %) | {processCpu / seconds / count:0.000} ms/s | {jitters.Max():0.00} ms | {jitters.Average():0.00} ms | {Percentile(spacings, 0.5):0.0} / {Percentile(spacings, 0.99):0.0} / {spacings[^1]:0.0} ms | {lost} |");
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

static short[] Prompt(double seconds)
{
    var samples = new short[(int)(8000 * seconds)];
    for (var i = 0; i < samples.Length; i++)
    {
        samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000));
    }

    return samples;
}

// The media clock runs on a thread named "SIP media clock"; Linux gives its name in /proc.
static int ClockThreadId()
{
    foreach (var task in Directory.GetDirectories("/proc/self/task"))
    {
        if (File.ReadAllText(Path.Combine(task, "comm")).Trim().StartsWith("SIP media", StringComparison.Ordinal))
        {
            return int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
        }
    }

    throw new InvalidOperationException("no media clock thread");
}

// utime + stime of one thread, in ms (clock ticks of 10 ms).
static double ThreadCpu(int tid) => Cpu($"/proc/self/task/{tid}/stat");

static double OwnCpu() => Cpu("/proc/thread-self/stat");

static double Cpu(string path)
{
    var stat = File.ReadAllText(path);
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
}

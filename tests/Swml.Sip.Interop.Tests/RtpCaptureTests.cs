using System.Globalization;
using Swml.Sip.Calls;
using Swml.Sip.Media;
using Swml.Tests.Audio;
using Swml.Tests.Peers;

namespace Swml.Sip.Interop.Tests;

/// <summary>
/// Our RTP as Wireshark dissects it on the loopback interface: the payload type, sequence numbers
/// without a gap, timestamps 160 apart, and packets 20 ms apart with little jitter.
/// </summary>
public sealed class RtpCaptureTests
{
    private const int Packets = 100; // 2 s

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TsharkSeesAPacedGaplessG711Stream()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var callee = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var caller = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var port = caller.LocalRtpPort.ToString(CultureInfo.InvariantCulture);

        using var folder = new TempFolder("rtp-capture");
        await using var tshark = PeerProcess.Start("tshark", Peers.Tshark, new[]
        {
            "-i", "lo", "-f", $"udp dst port {port}", "-d", $"udp.port=={port},rtp", "-l", "-T", "fields", "-E", "separator=,",
            "-e", "frame.time_epoch", "-e", "rtp.p_type", "-e", "rtp.seq", "-e", "rtp.timestamp", "-e", "rtp.marker",
        }, folder.Path);
        await tshark.WaitForLogAsync("Capturing on", TimeSpan.FromSeconds(15), Ct);

        // "Capturing on" can come before the capture sees packets (dumpcap starting under load):
        // probes of another payload type (13, comfort noise) go until tshark shows one.
        using (var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp))
        {
            var packet = new byte[13];
            packet[0] = 0x80;
            packet[1] = 13;
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (!Rows(tshark.Log).Any(r => r.PayloadType == 13))
            {
                Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), "tshark never showed a probe:\n" + tshark.Tail());
                probe.SendTo(packet, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, caller.LocalRtpPort));
                await Task.Delay(100, Ct);
            }
        }

        var end = await callee.PlayAsync(new PcmAudioSource(AudioCheck.Sweep(Packets / 50.0)), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(PlaybackEnd.Finished, end);
        for (var i = 0; i < 100 && Rows(tshark.Log).Count(r => r.PayloadType == 0) < Packets; i++)
        {
            await Task.Delay(100, Ct); // tshark dissects behind the wire under load
        }

        await caller.HangupAsync(Ct);
        var rows = Rows(tshark.Log).Where(r => r.PayloadType == 0).ToList();
        Assert.True(rows.Count == Packets, $"{rows.Count} packets dissected:\n{tshark.Tail()}");

        Assert.All(rows, r => Assert.Equal(0, r.PayloadType));
        Assert.True(rows[0].Marker, "the first packet of a play carries the marker bit");
        Assert.All(rows.Skip(1), r => Assert.False(r.Marker));
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.Equal((rows[i - 1].Sequence + 1) & 0xFFFF, rows[i].Sequence);
            Assert.Equal((rows[i - 1].Timestamp + 160) & 0xFFFFFFFF, rows[i].Timestamp);
        }

        // Spacing, and RFC 3550's interarrival jitter (§6.4.1, A.8) from arrival times against timestamps.
        var spacing = rows.Skip(1).Select((r, i) => (r.Time - rows[i].Time) * 1000).OrderBy(ms => ms).ToArray();
        var median = spacing[spacing.Length / 2];
        double jitter = 0;
        for (var i = 1; i < rows.Count; i++)
        {
            var d = ((rows[i].Time - rows[i - 1].Time) * 1000) - 20;
            jitter += (Math.Abs(d) - jitter) / 16;
        }

        var figures = $"spacing median {median:0.00} ms, min {spacing[0]:0.00}, max {spacing[^1]:0.00}, 95th percentile {spacing[(int)(spacing.Length * 0.95)]:0.00}; RFC 3550 jitter {jitter:0.00} ms";
        TestContext.Current.SendDiagnosticMessage(figures);
        Assert.True(Math.Abs(median - 20) < 1, figures);
        Assert.True(jitter < 5, figures);
    }

    private static List<(double Time, int PayloadType, int Sequence, long Timestamp, bool Marker)> Rows(string log) =>
        log.Split('\n')
            .Select(line => line.Trim().Split(','))
            .Where(f => f.Length == 5 && double.TryParse(f[0], CultureInfo.InvariantCulture, out _) && int.TryParse(f[1], CultureInfo.InvariantCulture, out _)
                && int.TryParse(f[2], CultureInfo.InvariantCulture, out _) && long.TryParse(f[3], CultureInfo.InvariantCulture, out _))
            .Select(f => (double.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture),
                int.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture), f[4] is "1" or "True"))
            .ToList();
}

using System.Net;
using System.Net.Sockets;
using Swml.Sip.Calls;
using Swml.Sip.Media;
using Swml.Sip.Message;
using Swml.Tests.Waiting;

namespace Swml.Sip.Tests.Calls;

/// <summary>A call's RTP between two of our endpoints: the SDP's port is the one bound, audio arrives, the port is let go.</summary>
public sealed class CallAudioTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhatTheCalleePlaysReachesTheCallersRtpPortPacedInRealTime()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var (caller, callee) = await LoopbackCallTests.ConnectAsync(alice, bob);

        Assert.Equal(caller.LocalRtpPort, callee.Audio!.RemotePort);
        Assert.Equal(callee.LocalRtpPort, caller.Audio!.RemotePort);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var end = await callee.PlayAsync(new PcmAudioSource(new short[RtpAudio.SampleRate / 2]), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var took = started.Elapsed;

        Assert.Equal(PlaybackEnd.Finished, end);
        Assert.InRange(took, TimeSpan.FromMilliseconds(480), TimeSpan.FromSeconds(2)); // half a second of audio, paced, not a burst
        var rtp = caller.Rtp!;
        await Eventually.True(() => rtp.PacketsReceived == 25, "the 25 packets to arrive");
        await caller.HangupAsync(Ct);
    }

    [Fact]
    public async Task AnEndedCallLetsItsPortGoAndEndsItsPlay()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var (caller, callee) = await LoopbackCallTests.ConnectAsync(alice, bob);
        var port = callee.LocalRtpPort;
        var playing = callee.PlayAsync(new PcmAudioSource(new short[RtpAudio.SampleRate * 30]), Ct);

        await caller.HangupAsync(Ct);
        Assert.Equal(PlaybackEnd.CallEnded, await playing.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task AnEndpointWithoutRtpSaysSoWhenAskedToPlay()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", Media = CallMediaMode.SignalingOnly });
        var (caller, callee) = await LoopbackCallTests.ConnectAsync(alice, bob);
        var ex = Assert.Throws<InvalidOperationException>(() => { _ = callee.PlayAsync(new PcmAudioSource(new short[160]), Ct); });
        Assert.Contains("SignalingOnly", ex.Message, StringComparison.Ordinal);
        await caller.HangupAsync(Ct);
    }

    [Fact]
    public async Task ACallerRefusedForWantOfPortsGets503()
    {
        await using var alice = SipEndpoint.Start();
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 43_000));
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", RtpPorts = new RtpPortRange(43_000, 43_001) });

        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var refused = await Assert.ThrowsAsync<SipCallFailedException>(() => incoming.AnswerAsync(Ct));
        Assert.Equal(503, refused.StatusCode);
        Assert.Equal(503, (await Assert.ThrowsAsync<SipCallFailedException>(() => dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct))).StatusCode);
    }

    [Fact]
    public async Task EarlyMediaGoesWithA183AndTheAnswerKeepsItsPortAndSdp()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var provisional = new List<SipResponse>();
        var dialing = alice.DialAsync(bob.Uri.ToString(), new DialOptions { Provisional = new SyncProgress(r => { lock (provisional) { provisional.Add(r); } }) }, Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var early = await incoming.PlayEarlyAsync(new PcmAudioSource(new short[RtpAudio.SampleRate * 3 / 10]), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(PlaybackEnd.Finished, early);
        var callee = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var caller = await dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        SipResponse sessionProgress;
        lock (provisional)
        {
            sessionProgress = Assert.Single(provisional, r => r.StatusCode == 183);
        }

        var earlySdp = System.Text.Encoding.UTF8.GetString(sessionProgress.Body.Span);
        Assert.Contains($"m=audio {callee.LocalRtpPort} ", earlySdp, StringComparison.Ordinal);
        Assert.Equal(callee.LocalRtpPort, caller.Audio!.RemotePort);
        await Eventually.True(() => caller.Rtp!.PacketsReceived >= 15, "the early packets at the caller's port"); // the early packets reached the caller's port
        await caller.HangupAsync(Ct);
    }

    [Fact]
    public async Task RejectingAfterEarlyMediaEndsItsPlayAndFreesItsPort()
    {
        await using var alice = SipEndpoint.Start();
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var dialing = alice.DialAsync(bob.Uri.ToString(), cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var playing = incoming.PlayEarlyAsync(new PcmAudioSource(new short[RtpAudio.SampleRate * 30]), Ct);
        await Task.Delay(100, Ct);

        await incoming.RejectAsync(486, "Busy Here", Ct);
        Assert.Equal(PlaybackEnd.CallEnded, await playing.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(486, (await Assert.ThrowsAsync<SipCallFailedException>(() => dialing.WaitAsync(TimeSpan.FromSeconds(10), Ct))).StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => incoming.PlayEarlyAsync(new PcmAudioSource(new short[160]), Ct));
    }

    private sealed class SyncProgress(Action<SipResponse> report) : IProgress<SipResponse>
    {
        public void Report(SipResponse value) => report(value);
    }
}

using Swml.Sip.Calls;
using Swml.Sip.Media;
using Swml.Tests.Audio;
using Swml.Tests.Peers;

namespace Swml.Sip.Interop.Tests;

/// <summary>
/// Our RTP heard by a real peer: we call baresip, play a known signal, and read back what its
/// aufile player wrote after decoding our G.711.
/// </summary>
public sealed class PlayToBaresipTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BaresipRecordsWhatWePlaySampleForSample()
    {
        using var bobFolder = new TempFolder("play-baresip");
        var bobPort = FreePorts.Next(Baresip.PortsNeeded);
        await using var baresip = await Baresip.StartAsync(bobFolder, bobPort, Ct, recordReceived: true);
        await using var alice = SipEndpoint.Start();

        var call = await alice.DialAsync($"sip:bob@127.0.0.1:{bobPort}", cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var sent = AudioCheck.Sweep(seconds: 1.5);
        var end = await call.PlayAsync(new PcmAudioSource(sent), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(PlaybackEnd.Finished, end);

        // baresip decodes a packet as the next one arrives, holding a few in its jitter buffer: silence pushes the last of the signal out.
        await call.PlayAsync(new PcmAudioSource(new short[RtpAudio.SampleRate / 2]), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await call.HangupAsync(Ct);
        await Task.Delay(300, Ct);

        var wav = Baresip.ReceivedWav(bobFolder) ?? throw new Xunit.Sdk.XunitException("baresip wrote no audio:\n" + baresip.Tail());
        var (received, rate) = AudioCheck.Read(wav);
        var because = $"{received.Length} samples at {rate} Hz; baresip:\n{baresip.Tail()}";
        Assert.True(rate == 8000, because);

        // What G.711 makes of the signal is what should arrive, sample for sample, once aligned.
        var expected = new short[sent.Length];
        var encoded = new byte[sent.Length];
        G711.Encode(sent, encoded, G711Law.MuLaw);
        G711.Decode(encoded, expected, G711Law.MuLaw);
        var (offset, _) = AudioCheck.Align(received, expected, maxOffset: 8000);
        Assert.True(offset + expected.Length <= received.Length, $"the audio at {offset} runs past the recording; " + because);
        var correlation = AudioCheck.Correlation(received.AsSpan(offset, expected.Length), expected);
        Assert.True(correlation > 0.99, $"correlation {correlation:0.0000} at offset {offset}; " + because);

        var duration = AudioCheck.SoundDuration(received);
        Assert.True(Math.Abs((duration - TimeSpan.FromSeconds(1.5)).TotalMilliseconds) <= 60, $"sound lasted {duration.TotalMilliseconds} ms; " + because);
    }

    [Fact]
    public async Task APlayStopsSendingWhileBaresipHoldsTheCallAndGoesOnWhenItResumes()
    {
        using var bobFolder = new TempFolder("play-hold-baresip");
        var bobPort = FreePorts.Next(Baresip.PortsNeeded);
        await using var baresip = await Baresip.StartAsync(bobFolder, bobPort, Ct, recordReceived: true);
        await using var alice = SipEndpoint.Start();
        var call = await alice.DialAsync($"sip:bob@127.0.0.1:{bobPort}", cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var changes = System.Threading.Channels.Channel.CreateUnbounded<Sdp.NegotiatedAudio>();
        call.AudioChanged += (_, audio) => changes.Writer.TryWrite(audio);
        var rtp = call.Rtp!;

        var playing = call.PlayAsync(new PcmAudioSource(AudioCheck.Sweep(seconds: 6)), Ct);
        await Task.Delay(1000, Ct);
        await Baresip.CommandAsync(bobPort, "hold", Ct);
        var held = await changes.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(held.IsOnHold, $"not held: {held}\n{baresip.Tail()}");
        await Task.Delay(100, Ct); // a frame that was being sent as the re-INVITE came
        var sentWhenHeld = rtp.PacketsSent;
        await Task.Delay(1000, Ct);
        Assert.Equal(sentWhenHeld, rtp.PacketsSent); // held: the play's time passes unsent

        await Baresip.CommandAsync(bobPort, "resume", Ct);
        var resumed = await changes.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.False(resumed.IsOnHold, $"not resumed: {resumed}\n{baresip.Tail()}");
        await Task.Delay(500, Ct);
        Assert.True(rtp.PacketsSent > sentWhenHeld + 10, $"{rtp.PacketsSent} packets after resuming, {sentWhenHeld} when held");

        Assert.Equal(PlaybackEnd.Finished, await playing.WaitAsync(TimeSpan.FromSeconds(15), Ct));
        Assert.InRange(rtp.PacketsSent, 150, 290); // six seconds of audio less the second or more on hold
        await call.HangupAsync(Ct);
    }
}

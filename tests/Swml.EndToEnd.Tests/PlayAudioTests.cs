using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Swml.Sip.Media;
using Swml.Tests.Audio;
using Swml.Tests.Http;
using Swml.Tests.Peers;
using Swml.EndToEnd.Tests.Infrastructure;

namespace Swml.EndToEnd.Tests;

/// <summary>
/// <c>swml run --dial</c> calls baresip, whose sndfile module records the audio it receives; the
/// flow plays a WAV file served over HTTP and a say: text. What baresip heard is checked against
/// what was sent: the file's samples after G.711, its length, and speech that is not silence.
/// </summary>
public sealed class PlayAudioTests
{
    [Fact(Timeout = 60_000)]
    public async Task BaresipHearsTheWavFileAndTheSpeechTheFlowPlays()
    {
        var ct = TestContext.Current.CancellationToken;
        using var bobFolder = new TempFolder("e2e-play-baresip");
        var bobPort = FreePorts.Next(Baresip.PortsNeeded);
        await using var baresip = await Baresip.StartAsync(bobFolder, bobPort, ct, recordReceived: true);

        // A 1.5 s sweep as an 8 kHz 16-bit WAV, a telephone prompt's format: sample for sample what
        // the call sends before G.711 (resampling, which delays a signal by a fraction of a sample, is
        // checked in the runtime's unit tests).
        var sent = AudioCheck.Sweep(seconds: 1.5);
        var wav = WavFile(sent, rate: 8_000);
        await using var http = await TestHttpServer.StartAsync(async (context, request) =>
        {
            if (request.PathAndQuery.StartsWith("/known.wav", StringComparison.Ordinal))
            {
                context.Response.ContentType = "audio/wav";
                await context.Response.Body.WriteAsync(wav, context.RequestAborted);
                return;
            }

            context.Response.StatusCode = 204;
        });

        using var folder = new TempFolder("e2e-play");
        var flow = folder.Write("play.swml", $$"""
            version: 1.0.0
            sections:
              main:
                - play:
                    url: "{{http.BaseUrl}}/known.wav"
                    status_url: "{{http.BaseUrl}}/status"
                - play:
                    urls:
                      - "silence: 1"
                      - "say: Connected. The SIP refer result is success"
                      - "silence: 0.5"
                - hangup: {}
            """);

        await using var swml = await SwmlRun.StartAsync(folder, flow, new[] { "--dial", $"sip:bob@127.0.0.1:{bobPort}" }, ct);
        var exit = await swml.WaitForExitAsync(TimeSpan.FromSeconds(40), ct);
        await Task.Delay(500, ct);
        var because = $"swml:\n{swml.Output}\nbaresip:\n{baresip.Tail()}";
        Assert.True(exit == 0, because);
        Assert.True(swml.Report().Call.Trace.SequenceEqual(new[] { "main[0] play", "main[1] play", "main[2] hangup" }), because);

        var recording = Baresip.ReceivedWav(bobFolder) ?? throw new Xunit.Sdk.XunitException("baresip wrote no audio; " + because);
        var (received, rate) = AudioCheck.Read(recording);
        Assert.Equal(8000, rate);

        // The file's samples, through G.711, once aligned past baresip's jitter buffer.
        var (offset, correlation) = AudioCheck.Align(received, sent, maxOffset: 8000);
        var whole = AudioCheck.Correlation(received.AsSpan(offset, Math.Min(sent.Length, received.Length - offset)), sent);
        Assert.True(whole > 0.99, $"correlation {whole:0.0000} (window {correlation:0.0000}) at {offset}; {because}");

        // The sweep's sound, up to the second of silence after it, lasts 1.5 s.
        var sweepSound = AudioCheck.SoundDuration(received[..Math.Min(received.Length, offset + sent.Length + 4000)]);
        Assert.True(Math.Abs((sweepSound - TimeSpan.FromSeconds(1.5)).TotalMilliseconds) <= 60, $"the file's sound lasted {sweepSound.TotalMilliseconds} ms; {because}");

        // After the second of silence comes speech: not silent, and about as long as espeak says it.
        var speechStart = offset + sent.Length + 8000 - 400;
        Assert.True(received.Length > speechStart + 8000, $"the recording ends at {received.Length} samples; {because}");
        var speech = received[speechStart..];
        var speechSound = AudioCheck.SoundDuration(speech);
        Assert.True(speechSound > TimeSpan.FromSeconds(1), $"speech lasted {speechSound.TotalMilliseconds} ms; {because}");
        Assert.True(AudioCheck.Rms(speech) > 500, $"speech RMS {AudioCheck.Rms(speech):0}; {because}");

        var states = http.Received.Where(r => r.PathAndQuery.StartsWith("/status", StringComparison.Ordinal))
            .Select(r => JsonNode.Parse(r.Body)!)
            .Select(b => ((string)b["event_type"]!, (string)b["params"]!["state"]!)).ToArray();
        Assert.Equal(new[] { ("calling.call.play", "playing"), ("calling.call.play", "finished") }, states);
    }

    private static byte[] WavFile(short[] samples, int rate)
    {
        using var stream = new MemoryStream();
        using (var writer = new NAudio.Wave.WaveFileWriter(stream, new NAudio.Wave.WaveFormat(rate, 16, 1)))
        {
            writer.WriteSamples(samples, 0, samples.Length);
        }

        return stream.ToArray();
    }
}

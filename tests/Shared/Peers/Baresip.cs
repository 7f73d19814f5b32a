using System.Globalization;

namespace Swml.Tests.Peers;

/// <summary>
/// baresip 1.0 headless: answers calls automatically and, as a transferee, follows a REFER by
/// calling the Refer-To target and reporting through NOTIFY (the configuration checked on this
/// machine in sip-refer-notes.md §4.1). Audio comes from a generated 8 kHz tone file.
/// </summary>
public static class Baresip
{
    public const string ReadyLog = "baresip is ready";

    /// <summary>The ports it takes from the one given: SIP (UDP and TCP), SIP/TLS on the next, its console on the third.</summary>
    public const int PortsNeeded = 3;

    /// <param name="tlsCertificate">A PEM with a certificate and its key: baresip then listens for SIP over TLS on the next port, and trusts that certificate.</param>
    /// <param name="recordReceived">
    /// Load the sndfile module: the audio baresip receives in each call, decoded, is written to
    /// <c>dump-*-dec.wav</c> in the folder (<see cref="ReceivedWav"/>).
    /// </param>
    public static async Task<PeerProcess> StartAsync(TempFolder folder, int port, CancellationToken cancellationToken, (string CertificateAndKey, string CertificateOnly)? tlsCertificate = null, bool recordReceived = false)
    {
        var tone = Path.Combine(folder.Path, "tone.wav");
        // baresip hangs up when its source file ends: a recording call lasts as long as the test needs.
        File.WriteAllBytes(tone, Wav.Tone(frequency: 440, seconds: recordReceived ? 60 : 2));
        var p = port.ToString(CultureInfo.InvariantCulture);
        folder.Write("config", $"""
            poll_method     epoll
            sip_listen      127.0.0.1:{p}
            module_path     {Peers.BaresipModules}
            module          g711.so
            module          aufile.so
            module          cons.so
            cons_listen     127.0.0.1:{(port + 2).ToString(CultureInfo.InvariantCulture)}
            module_tmp      account.so
            module_app      menu.so
            audio_player    aufile,{Path.Combine(folder.Path, "received.wav")}
            audio_source    aufile,{tone}
            audio_alert     aufile,/dev/null
            """ + (recordReceived ? $"\nmodule sndfile.so\nsnd_path {folder.Path}\n" : string.Empty)
              + (tlsCertificate is { } tls ? $"\nsip_certificate {tls.CertificateAndKey}\nsip_cafile {tls.CertificateOnly}\n" : string.Empty));
        folder.Write("accounts", $"<sip:bob@127.0.0.1:{p};transport=udp>;regint=0;answermode=auto\n");
        var peer = PeerProcess.Start("baresip", Peers.Baresip, new[] { "-f", folder.Path, "-v" }, folder.Path);
        await peer.WaitForLogAsync(ReadyLog, TimeSpan.FromSeconds(15), cancellationToken);
        return peer;
    }

    /// <summary>The decoded audio of the call baresip received, as its sndfile module wrote it; null if none was written.</summary>
    public static string? ReceivedWav(TempFolder folder) =>
        Directory.EnumerateFiles(folder.Path, "dump-*-dec.wav").OrderBy(File.GetLastWriteTimeUtc).LastOrDefault();

    /// <summary>
    /// Types a menu command into the console of the baresip started on <paramref name="port"/>, as a
    /// user would ("hold", "resume"...): its cons module reads keys from UDP, a long command after '/'.
    /// </summary>
    public static async Task CommandAsync(int port, string command, CancellationToken cancellationToken)
    {
        using var console = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        await console.SendAsync(System.Text.Encoding.ASCII.GetBytes("/" + command + "\n"), new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port + 2), cancellationToken);
    }
}

/// <summary>A mono 16-bit PCM WAV at 8 kHz, the format baresip's aufile source needs for G.711.</summary>
public static class Wav
{
    public static byte[] Tone(int frequency, double seconds)
    {
        const int Rate = 8000;
        var samples = (int)(Rate * seconds);
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + (samples * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(Rate);
        writer.Write(Rate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var i = 0; i < samples; i++)
        {
            writer.Write((short)(8000 * Math.Sin(2 * Math.PI * frequency * i / Rate)));
        }

        writer.Flush();
        return stream.ToArray();
    }
}

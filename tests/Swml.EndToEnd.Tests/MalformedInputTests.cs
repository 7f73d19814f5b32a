using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Swml.EndToEnd.Tests.Infrastructure;
using Swml.Tests.Peers;

namespace Swml.EndToEnd.Tests;

/// <summary>
/// What <c>swml run</c> does with bad input: SIP garbage on its UDP and TCP listeners must not stop
/// it serving the next real call; a flow file with errors must stop it before it serves anything.
/// </summary>
public sealed class MalformedInputTests
{
    [Fact(Timeout = 40_000)]
    public async Task GarbageOverUdpAndTcpLeavesTheServerServingTheNextCall()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder("e2e-garbage");
        var flow = folder.Write("flow.swml", TestFlows.AnswerAndRefer(statusUrl: null, then: """
            - play:
                url: "say: ${sip_refer_result}"
            """));
        await using var swml = await SwmlRun.StartAsync(folder, flow, new[] { "--max-calls", "1" }, ct);
        var target = new IPEndPoint(IPAddress.Loopback, swml.Port);

        // UDP: each datagram alone. An INVITE whose framing is wrong gets 400 (RFC 3261 §18.3), the rest nothing.
        using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            foreach (var garbage in Garbage(udp: true, ((IPEndPoint)udp.Client.LocalEndPoint!).Port))
            {
                await udp.SendAsync(garbage.Bytes, target, ct);
                if (garbage.UdpAnswer is { } answer)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    wait.CancelAfter(TimeSpan.FromSeconds(5));
                    var reply = Encoding.ASCII.GetString((await udp.ReceiveAsync(wait.Token)).Buffer);
                    Assert.True(reply.StartsWith(answer, StringComparison.Ordinal), $"{garbage.Name}: {reply}");
                }
            }
        }

        // TCP: each on a connection of its own. A stream that cannot be framed is closed; one
        // that stops in the middle of a message is waited on.
        foreach (var garbage in Garbage(udp: false, port: 9))
        {
            var closed = await SendOverTcpAsync(target, garbage.Bytes, ct);
            Assert.True(garbage.TcpClosed is null || garbage.TcpClosed == closed, $"{garbage.Name}: the connection was {(closed ? "closed" : "left open")}");
        }

        // A connection left open in the middle of a message must not hold anything up either.
        using var stalled = new TcpClient();
        await stalled.ConnectAsync(target, ct);
        await stalled.GetStream().WriteAsync(Encoding.ASCII.GetBytes("INVITE sip:flow@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKstall\r\nFrom: <sip:x@"), ct);
        await Task.Delay(500, ct);
        Assert.False(swml.Process.Exited.IsCompleted, $"swml run exited on garbage:\n{swml.Output}");

        // Then a real call, served as any other.
        using var sippFolder = new TempFolder("e2e-garbage-sipp");
        await using var sipp = Sipp.Start(sippFolder, Sipp.Scenario("caller_success.xml"), FreePorts.Next(), swml.Address, extra: new[] { "-s", "flow" });
        var sippExit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
        var swmlExit = await swml.WaitForExitAsync(TimeSpan.FromSeconds(20), ct);

        Assert.True(sippExit == 0, $"SIPp exited {sippExit}\n{Sipp.Messages(sippFolder)}\nswml:\n{swml.Output}");
        Assert.True(swmlExit == 0, swml.Output);
        var call = swml.Report().Call;
        Assert.Equal("success", call.SipReferResult);
        Assert.Equal(new[] { "main[0] answer", "main[1] sip_refer", "main[2] play" }, call.Trace);
        Assert.Contains("swml: 1 call served.", swml.Output);
        Assert.DoesNotContain("Unhandled exception", swml.Output);
    }

    [Fact(Timeout = 40_000)]
    public async Task AFlowWithErrorsExitsOneAtOnceWithItsDiagnosticsAndServesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder("e2e-bad-flow");
        var flow = folder.Write("bad.swml", """
            version: 1.0.0
            sections:
              main:
                - answer: {}
                - sip_referr:
                    to_uri: "sip:carol@127.0.0.1:5999"
                - play:
                    url: "say: ${sip_refer_reslt}"
            """);
        var clock = Stopwatch.StartNew();

        await using var swml = await SwmlRun.StartAsync(folder, flow, new[] { "--max-calls", "1" }, ct, waitUntilServing: false);
        var exit = await swml.WaitForExitAsync(TimeSpan.FromSeconds(20), ct);

        Assert.True(exit == 1, $"exit {exit}:\n{swml.Output}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"it took {clock.Elapsed.TotalSeconds:0.0} s to refuse the flow");
        Assert.Matches(@"bad\.swml\(5,\d+\): error SWML0201", swml.Output); // where, as swml check prints it
        Assert.Contains("sip_referr", swml.Output);
        Assert.Contains("nothing is served", swml.Output);
        Assert.DoesNotContain(SwmlRun.ServingLine, swml.Output);
        Assert.False(File.Exists(swml.ReportPath), "no report: no call was served");

        // Nothing listens on its port: it can be bound, UDP and TCP.
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, swml.Port));
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, swml.Port));
    }

    /// <summary>
    /// SIP garbage: random bytes, truncated requests, a header too big, a bare response and odd
    /// framing; with the 400 a datagram gets, and whether a stream is closed on it (null: either).
    /// </summary>
    private static IEnumerable<(string Name, byte[] Bytes, string? UdpAnswer, bool? TcpClosed)> Garbage(bool udp, int port)
    {
        var random = new Random(4475);
        var noise = new byte[1400];
        random.NextBytes(noise);
        yield return ("random bytes", noise, null, true);
        yield return ("random bytes after a request line", Concat(Encoding.ASCII.GetBytes("INVITE sip:flow@127.0.0.1 SIP/2.0\r\n"), noise), null, null);
        yield return ("an INVITE cut in its headers", Encoding.ASCII.GetBytes(Invite(udp, port)[..120]), null, false);
        yield return ("an INVITE whose body is shorter than its Content-Length", Encoding.ASCII.GetBytes(Invite(udp, port, contentLength: 900, body: "v=0\r\n")), "SIP/2.0 400 ", false);
        yield return ("a huge header", Encoding.ASCII.GetBytes(Invite(udp, port, extraHeader: "Subject: " + new string('a', udp ? 60_000 : 1_000_000))), null, true);
        yield return ("a response to nothing", Encoding.ASCII.GetBytes("SIP/2.0 200 OK\r\n\r\n"), null, true);
        yield return ("a negative Content-Length", Encoding.ASCII.GetBytes(Invite(udp, port, contentLength: -5)), "SIP/2.0 400 ", true);
        yield return ("only line ends", Encoding.ASCII.GetBytes("\r\n\r\n\r\n\r\n"), null, false);
    }

    private static string Invite(bool udp, int port, int contentLength = 0, string body = "", string? extraHeader = null)
    {
        var transport = udp ? "UDP" : "TCP";
        var extra = extraHeader is null ? string.Empty : extraHeader + "\r\n";
        return $"INVITE sip:flow@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/{transport} 127.0.0.1:{port};branch=z9hG4bK{Guid.NewGuid():N}\r\nFrom: <sip:mallory@127.0.0.1:{port}>;tag=m1\r\nTo: <sip:flow@127.0.0.1>\r\nCall-ID: {Guid.NewGuid():N}@127.0.0.1\r\nCSeq: 1 INVITE\r\nContact: <sip:mallory@127.0.0.1:{port}>\r\nMax-Forwards: 70\r\n{extra}Content-Type: application/sdp\r\nContent-Length: {contentLength}\r\n\r\n{body}";
    }

    /// <summary>Sends on a connection of its own and tells whether the server closed it within a second.</summary>
    private static async Task<bool> SendOverTcpAsync(IPEndPoint target, byte[] bytes, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(target, ct);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(bytes, ct);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromSeconds(1));
            var buffer = new byte[4096];
            while (await stream.ReadAsync(buffer, wait.Token) > 0)
            {
                // An answer (a 400) may come before the close.
            }

            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        catch (IOException)
        {
            // Reset, maybe while still writing a huge header: closed too.
            return true;
        }
    }

    private static byte[] Concat(byte[] first, byte[] second) => first.Concat(second).ToArray();
}

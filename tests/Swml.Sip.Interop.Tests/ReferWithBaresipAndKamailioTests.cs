using System.Text.RegularExpressions;
using Swml.Sip.Calls;
using Swml.Sip.Events;
using Swml.Sip.Interop.Tests.Infrastructure;
using Swml.Sip.Sdp;
using Swml.Sip.Transport;
using Swml.Tests.Peers;

namespace Swml.Sip.Interop.Tests;

/// <summary>
/// Our REFER with real implementations on the other side: baresip as a transferee that really
/// calls the Refer-To target (a SIPp "carol") and reports through NOTIFY; kamailio as a
/// record-routing proxy that challenges our REFER with digest, which must follow the route set.
/// </summary>
public sealed class ReferWithBaresipAndKamailioTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("target_answers.xml", 200)]
    [InlineData("target_busy.xml", 486)]
    public async Task BaresipCallsTheTargetAndReportsItsFinalCode(string carolScenario, int finalCode)
    {
        using var bobFolder = new TempFolder("baresip");
        var bobPort = FreePorts.Next(Baresip.PortsNeeded);
        await using var baresip = await Baresip.StartAsync(bobFolder, bobPort, Ct);
        using var carolFolder = new TempFolder("carol");
        var carolPort = FreePorts.Next();
        await using var carol = Sipp.Start(carolFolder, Sipp.Scenario(carolScenario), carolPort, remote: null);
        await using var endpoint = SipEndpoint.Start();

        var call = await endpoint.DialAsync($"sip:bob@127.0.0.1:{bobPort}", cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var result = await call.ReferAsync(new ReferOptions { ReferTo = $"sip:carol@127.0.0.1:{carolPort}" }, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(40), Ct);
        await call.HangupAsync(Ct);
        var carolExit = await carol.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.True(result.FinalNotifyCode == finalCode, $"expected sipfrag {finalCode}, got {result}\nbaresip:\n{baresip.Tail()}\ncarol:\n{Sipp.Messages(carolFolder)}");
        Assert.Equal(202, result.ReferStatusCode);
        Assert.False(result.CallEndedBeforeResult);
        Assert.True(carolExit == 0, $"carol (SIPp) exited {carolExit}:\n{carol.Tail()}\n{Sipp.Messages(carolFolder)}");
        Assert.Contains("INVITE sip:carol@", Sipp.Messages(carolFolder));
    }

    [Fact]
    public async Task BaresipHoldsTheCallByReinviteAndThenTakesTheRefer()
    {
        using var bobFolder = new TempFolder("baresip-hold");
        var bobPort = FreePorts.Next(Baresip.PortsNeeded);
        await using var baresip = await Baresip.StartAsync(bobFolder, bobPort, Ct);
        using var carolFolder = new TempFolder("carol-hold");
        var carolPort = FreePorts.Next();
        await using var carol = Sipp.Start(carolFolder, Sipp.Scenario("target_answers.xml"), carolPort, remote: null);
        await using var endpoint = SipEndpoint.Start();

        var call = await endpoint.DialAsync($"sip:bob@127.0.0.1:{bobPort}", cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var held = new TaskCompletionSource<NegotiatedAudio>(TaskCreationOptions.RunContinuationsAsynchronously);
        call.AudioChanged += (_, audio) => held.TrySetResult(audio);
        await Baresip.CommandAsync(bobPort, "hold", Ct);
        var audio = await held.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.True(audio.IsOnHold, $"baresip's re-INVITE did not hold the call: {audio}\nbaresip:\n{baresip.Tail()}");
        Assert.Contains("a=recvonly", call.LocalSdp!.ToString(), StringComparison.Ordinal);

        var result = await call.ReferAsync(new ReferOptions { ReferTo = $"sip:carol@127.0.0.1:{carolPort}" }, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(40), Ct);
        await call.HangupAsync(Ct);

        Assert.True(result.FinalNotifyCode == 200, $"got {result}\nbaresip:\n{baresip.Tail()}\ncarol:\n{Sipp.Messages(carolFolder)}");
        Assert.Equal(0, await carol.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct));
    }

    [Fact]
    public async Task ACallToBaresipOverTlsIsAnsweredAndHungUpOverTls()
    {
        using var certificate = TestCertificate.Create();
        using var bobFolder = new TempFolder("baresip-tls");
        var bobPort = FreePorts.Next(Baresip.PortsNeeded);
        await using var baresip = await Baresip.StartAsync(bobFolder, bobPort, Ct, certificate.WritePem(bobFolder.Path));
        var trace = new List<string>();
        await using var endpoint = SipEndpoint.Start(new SipEndpointOptions
        {
            TlsCertificate = certificate.Certificate,
            TlsServerValidation = (_, presented, _, _) => certificate.IsThis(presented),
            Trace = entry => { lock (trace) { trace.Add($"{entry.Direction} {entry.Remote} {entry.Message.StartLine}"); } },
        });

        var call = await endpoint.DialAsync($"sips:bob@127.0.0.1:{bobPort + 1}", cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await Task.Delay(500, Ct);
        await call.HangupAsync(Ct);

        Assert.Equal(TransportProtocol.Tls, call.Protocol);
        Assert.True(await call.Ended == CallEndReason.LocalHangup, $"the BYE was not confirmed\n{string.Join("\n", trace)}\nbaresip:\n{baresip.Tail()}");
        lock (trace)
        {
            Assert.All(trace, line => Assert.Contains(" TLS ", line, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ThroughKamailioOverTcpToUsAndUdpToSippOur200IsResentUntilTheAck()
    {
        using var proxyFolder = new TempFolder("kamailio-tcp");
        var proxyPort = FreePorts.Next();
        await using var kamailio = await Kamailio.StartAsync(proxyFolder, proxyPort, "SHA-256", Ct);
        var received = new List<string>();
        await using var endpoint = SipEndpoint.Start(new SipEndpointOptions
        {
            User = "swml",
            Trace = entry => { lock (received) { received.Add($"{entry.Direction} {entry.Remote.Protocol} {entry.Message.StartLine}"); } },
        });
        using var folder = new TempFolder("caller-via-proxy");
        await using var sipp = Sipp.Start(folder, Sipp.Scenario("caller_via_proxy_200_resent.xml"), FreePorts.Next(), $"127.0.0.1:{endpoint.EndPoint.Port}", "u1", extra: new[] { "-s", "swml", "-rsa", $"127.0.0.1:{proxyPort}" });

        SipCall call;
        try
        {
            var incoming = await endpoint.AcceptAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct);
            call = await incoming.AnswerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        }
        catch (TimeoutException)
        {
            lock (received)
            {
                Assert.Fail($"no call, or no ACK:\n{string.Join("\n", received)}\nSIPp:\n{sipp.Tail()}\n{Sipp.Messages(folder)}\nkamailio:\n{kamailio.Tail()}");
            }

            throw;
        }

        await call.HangupAsync(Ct);
        var exit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.True(exit == 0, $"SIPp exited {exit}:\n{sipp.Tail()}\n{Sipp.Messages(folder)}\nkamailio:\n{kamailio.Tail()}");
        Assert.Equal(TransportProtocol.Tcp, call.Protocol);
        lock (received)
        {
            // The INVITE's 200 at 0, 0.5 and 1.5 s before the ACK at 2 s; none after it.
            var oks = received.Count(line => line == "Sent Tcp SIP/2.0 200 OK");
            Assert.True(oks is >= 3 and <= 4, $"{oks} 200s sent:\n{string.Join("\n", received)}");
            Assert.Contains("Received Tcp ACK", string.Join("\n", received), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5")]
    public async Task KamailioChallengesTheReferOnTheRouteSetAndTheAnswerIsAccepted(string algorithm)
    {
        using var proxyFolder = new TempFolder("kamailio");
        var proxyPort = FreePorts.Next();
        await using var kamailio = await Kamailio.StartAsync(proxyFolder, proxyPort, algorithm, Ct);
        using var bobFolder = new TempFolder("refer-via-proxy");
        var bobPort = FreePorts.Next();
        await using var bob = Sipp.Start(bobFolder, Sipp.Scenario("transferee_success.xml"), bobPort, remote: null);
        await Task.Delay(300, Ct);
        await using var endpoint = SipEndpoint.Start();

        var call = await endpoint.DialAsync(
            $"sip:bob@127.0.0.1:{bobPort}",
            new DialOptions { OutboundProxy = $"sip:127.0.0.1:{proxyPort}" },
            Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var cseqBefore = call.Dialog.LocalCSeq;
        var options = new ReferOptions { ReferTo = "sip:carol@127.0.0.1:5999", Username = "alice", Password = Kamailio.Password };
        var result = await call.ReferAsync(options, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(40), Ct);
        await call.HangupAsync(Ct);
        var bobExit = await bob.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct);
        var messages = Sipp.Messages(bobFolder);

        Assert.True(result is { ReferStatusCode: 202, FinalNotifyCode: 200 }, $"{result}\nkamailio:\n{kamailio.Tail()}\nbob:\n{messages}");
        Assert.Single(call.Dialog.RouteSet);
        Assert.Equal(0, bobExit);

        // The first REFER was challenged by kamailio and never reached bob: bob saw the second, CSeq one higher.
        var referCSeq = Regex.Match(messages, @"^CSeq:\s*(\d+)\s+REFER", RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal((cseqBefore + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), referCSeq);
        Assert.Matches(new Regex($@"^Record-Route:\s*<sip:127\.0\.0\.1:{proxyPort};lr", RegexOptions.Multiline | RegexOptions.IgnoreCase), messages);
    }

    [Fact]
    public async Task KamailioChallengesTheByeAfterTheReferAndTheRefersCredentialsAnswerIt()
    {
        using var proxyFolder = new TempFolder("kamailio-bye");
        var proxyPort = FreePorts.Next();
        await using var kamailio = await Kamailio.StartAsync(proxyFolder, proxyPort, "SHA-256", Ct, challenged: "REFER|BYE");
        using var bobFolder = new TempFolder("refer-bye-via-proxy");
        var bobPort = FreePorts.Next();
        await using var bob = Sipp.Start(bobFolder, Sipp.Scenario("transferee_success.xml"), bobPort, remote: null);
        await Task.Delay(300, Ct);
        await using var endpoint = SipEndpoint.Start();

        var call = await endpoint.DialAsync(
            $"sip:bob@127.0.0.1:{bobPort}",
            new DialOptions { OutboundProxy = $"sip:127.0.0.1:{proxyPort}" },
            Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var options = new ReferOptions { ReferTo = "sip:carol@127.0.0.1:5999", Username = "alice", Password = Kamailio.Password };
        var result = await call.ReferAsync(options, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(40), Ct);
        await call.HangupAsync(Ct);
        var bobExit = await bob.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct);
        var messages = Sipp.Messages(bobFolder);

        Assert.True(result is { ReferStatusCode: 202, FinalNotifyCode: 200 }, $"{result}\nkamailio:\n{kamailio.Tail()}\nbob:\n{messages}");
        Assert.Equal(CallEndReason.LocalHangup, await call.Ended);
        Assert.True(bobExit == 0, $"bob (SIPp) exited {bobExit}: the BYE never reached it\nkamailio:\n{kamailio.Tail()}\nbob:\n{messages}");
        Assert.Contains("BYE sip:", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KamailioRefusesAWrongPasswordAndTheReferFailsWithoutLooping()
    {
        using var proxyFolder = new TempFolder("kamailio");
        var proxyPort = FreePorts.Next();
        await using var kamailio = await Kamailio.StartAsync(proxyFolder, proxyPort, "SHA-256", Ct);
        using var bobFolder = new TempFolder("refer-via-proxy");
        var bobPort = FreePorts.Next();
        await using var bob = Sipp.Start(bobFolder, Sipp.Scenario("transferee_reject_603.xml"), bobPort, remote: null);
        await Task.Delay(300, Ct);
        await using var endpoint = SipEndpoint.Start();

        var call = await endpoint.DialAsync($"sip:bob@127.0.0.1:{bobPort}", new DialOptions { OutboundProxy = $"sip:127.0.0.1:{proxyPort}" }, Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var cseqBefore = call.Dialog.LocalCSeq;
        var options = new ReferOptions { ReferTo = "sip:carol@127.0.0.1:5999", Username = "alice", Password = "wrong" };
        var result = await call.ReferAsync(options, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(40), Ct);

        Assert.Equal(407, result.ReferStatusCode);
        Assert.Empty(result.NotifyCodes);
        Assert.Equal(cseqBefore + 2, call.Dialog.LocalCSeq); // two attempts, then stop: no auth loop
        await call.HangupAsync(Ct);
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Swml.Runtime.Calls;
using Swml.Runtime.Flow;
using Swml.Runtime.Hosting;
using Swml.Runtime.Steps;
using Swml.Sip.Calls;
using Swml.Sip.Message;
using Swml.Sip.Transactions;

namespace Swml.Runtime.Tests.Hosting;

/// <summary>
/// The server on real SIP over loopback: one of our endpoints calls it, as a phone would. What
/// a flow does to the call, how the call ends the flow, and what the server refuses.
/// </summary>
public sealed class SwmlServerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACallRunsTheFlowItsRequestUriUserNamesAndEndsWhenTheFlowDoes()
    {
        await using var server = await StartAsync(new SwmlServerOptions(), ("greet", "- answer: {}\n- set: {greeted: yes}\n"), ("other", "- hangup: {}\n"));
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { User = "alice" });

        var call = await phone.DialAsync($"sip:greet@{server.Server.EndPoint}", cancellationToken: Ct);

        // The flow is over after its two steps, and so is the call: the server sends the BYE.
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(Wait, Ct));
        var summary = await server.NextEndedAsync();
        Assert.Equal("greet", summary.Flow);
        Assert.Equal(FlowEndReason.Completed, summary.EndReason);
        Assert.Equal(new[] { "main[0] answer", "main[1] set" }, summary.Trace.Select(t => t.ToString()));
        Assert.Equal("yes", (string?)summary.Vars["greeted"]);
        Assert.Equal(call.CallId, summary.SipCallId);
    }

    [Fact]
    public async Task TheFlowSeesTheCallAsSignalWireShapesIt()
    {
        var options = new SwmlServerOptions { NodeId = "node-7", ProjectId = "p-1", SpaceId = "s-1" };
        await using var server = await StartAsync(options, ("info", "- set: {seen: \"${call}\"}\n"));
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { User = "alice" });

        var dialing = phone.DialAsync($"sip:info@{server.Server.EndPoint}", new DialOptions { Headers = [("X-Account", "42")] }, Ct);
        var summary = await server.NextEndedAsync();
        await Assert.ThrowsAsync<SipCallFailedException>(() => dialing);

        var call = summary.Vars["seen"]!.AsObject();
        Assert.Equal(summary.CallId, (string?)call["call_id"]);
        Assert.True(Guid.TryParse((string?)call["call_id"], out _));
        Assert.True(Guid.TryParse((string?)call["segment_id"], out _));
        Assert.Equal(("node-7", "p-1", "s-1"), ((string?)call["node_id"], (string?)call["project_id"], (string?)call["space_id"]));
        Assert.Equal(("inbound", "sip"), ((string?)call["direction"], (string?)call["type"]));
        Assert.Equal($"sip:alice@{phone.EndPoint}", (string?)call["from"]);
        Assert.Equal($"sip:info@{server.Server.EndPoint}", (string?)call["to"]);
        Assert.Equal(("alice", "info"), ((string?)call["from_number"], (string?)call["to_number"]));
        Assert.Contains(call["headers"]!.AsArray(), h => (string?)h!["name"] == "X-Account" && (string?)h["value"] == "42");
        Assert.Equal("info", (string?)call["sip_data"]!["sip_req_user"]);
        Assert.Equal(summary.SipCallId, (string?)call["sip_data"]!["sip_call_id"]);
    }

    [Theory]
    [InlineData("busy", 486)]
    [InlineData("decline", 603)]
    [InlineData("hangup", 480)]
    public async Task AHangupBeforeAnsweringRejectsTheCallWithItsReason(string reason, int status)
    {
        await using var server = await StartAsync(new SwmlServerOptions(), ("reject", $"- hangup: {{reason: {reason}}}\n"));
        await using var phone = SipEndpoint.Start();

        var failure = await Assert.ThrowsAsync<SipCallFailedException>(() => phone.DialAsync($"sip:reject@{server.Server.EndPoint}", cancellationToken: Ct).WaitAsync(Wait, Ct));

        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(FlowEndReason.HungUp, (await server.NextEndedAsync()).EndReason);
    }

    [Fact]
    public async Task APlayWithoutAutoAnswerIsEarlyMediaAndTheCallerHearsItBeforeTheAnswer()
    {
        await using var server = await StartAsync(new SwmlServerOptions(), ("early", "- play: {url: \"ring:1.0:uk\", auto_answer: false}\n- answer: {}\n- play: {url: \"silence: 0.2\"}\n"));
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { User = "alice" });
        var provisional = new ConcurrentQueue<SipResponse>();

        var call = await phone.DialAsync($"sip:early@{server.Server.EndPoint}", new DialOptions { Provisional = new Reported(provisional.Enqueue) }, Ct).WaitAsync(Wait, Ct);
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(Wait, Ct));

        // A second of UK ringback (two 0.4 s bursts) reached the phone before the 200, after a 183 with SDP.
        Assert.Contains(provisional, r => r.StatusCode == 183 && r.Body.Length > 0);
        Assert.InRange(call.ReceivedAudio.SoundDuration, TimeSpan.FromSeconds(0.7), TimeSpan.FromSeconds(0.9));
        Assert.Equal(new[] { "main[0] play", "main[1] answer", "main[2] play" }, (await server.NextEndedAsync()).Trace.Select(t => t.ToString()));
    }

    [Fact]
    public async Task CallsTakeTheirRtpPortFromTheConfiguredRange()
    {
        await using var server = await StartAsync(new SwmlServerOptions { RtpPorts = "43210-43211" }, ("main", "- answer: {}\n- play: {url: \"silence: 0.1\"}\n"));
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { User = "alice" });

        var call = await phone.DialAsync($"sip:main@{server.Server.EndPoint}", cancellationToken: Ct).WaitAsync(Wait, Ct);

        Assert.Equal(43210, call.Audio!.RemotePort);
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(Wait, Ct));
    }

    [Theory]
    [InlineData("20000")]
    [InlineData("30000-20000")]
    [InlineData("80-90")]
    [InlineData("a-b")]
    public async Task AnRtpPortRangeThatIsNoneStopsTheStart(string ports)
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => StartAsync(new SwmlServerOptions { RtpPorts = ports }, ("main", "- hangup: {}\n")));
        Assert.Contains($"'{ports}' is not an RTP port range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlayThatCannotBeFetchedFailsItsStepWithAScriptErrorSayingWhichUrl()
    {
        var down = "http://127.0.0.1:9/prompt.wav";
        await using var server = await StartAsync(new SwmlServerOptions(), ("bad", $"- answer: {{}}\n- play: {{url: \"{down}\"}}\n- set: {{after: true}}\n"));
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { User = "alice" });

        var call = await phone.DialAsync($"sip:bad@{server.Server.EndPoint}", cancellationToken: Ct).WaitAsync(Wait, Ct);
        var summary = await server.NextEndedAsync();

        // The step fails with a script_error that says which URL and why; as for any failed method, the flow goes on.
        Assert.StartsWith("relay_script_method_execute_failed: play: ", summary.ScriptError, StringComparison.Ordinal);
        Assert.Contains(down, summary.ScriptError, StringComparison.Ordinal);
        Assert.Equal(new[] { "main[0] answer", "main[1] play", "main[2] set" }, summary.Trace.Select(t => t.ToString()));
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(Wait, Ct));
    }

    [Fact]
    public async Task SayGoesToTheHostsSynthesizerWithTheStepsOptionsElseTheVariables()
    {
        var synthesizer = new ToneSynthesizer();
        var options = new SwmlServerOptions { SpeechSynthesizer = synthesizer };
        await using var server = await StartAsync(options, ("say", "- answer: {}\n- set: {say_language: fr-FR}\n- play: {url: \"say: Bonjour\", say_gender: male}\n"));
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { User = "alice" });

        var call = await phone.DialAsync($"sip:say@{server.Server.EndPoint}", cancellationToken: Ct).WaitAsync(Wait, Ct);
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(Wait, Ct));
        Assert.Null((await server.NextEndedAsync()).ScriptError);

        var (text, speech) = Assert.Single(synthesizer.Asked);
        Assert.Equal("Bonjour", text);
        Assert.Equal(new Swml.Runtime.Media.SpeechOptions("Polly.Salli", "fr-FR", "male"), speech);

        // The half second of tone it "spoke" is what the phone heard.
        Assert.InRange(call.ReceivedAudio.SoundDuration, TimeSpan.FromSeconds(0.45), TimeSpan.FromSeconds(0.55));
    }

    [Fact]
    public async Task ASynthesizerThatFailsFailsThePlayStepWithItsMessage()
    {
        var options = new SwmlServerOptions { SpeechSynthesizer = new ToneSynthesizer { Failure = "the TTS service answered 503" } };
        await using var server = await StartAsync(options, ("say", "- answer: {}\n- play: {url: \"say: hello\"}\n"));
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { User = "alice" });

        await phone.DialAsync($"sip:say@{server.Server.EndPoint}", cancellationToken: Ct).WaitAsync(Wait, Ct);
        var summary = await server.NextEndedAsync();

        Assert.Equal("relay_script_method_execute_failed: play: Playback failed: the TTS service answered 503", summary.ScriptError);
    }

    /// <summary>A host's synthesizer: half a second of 440 Hz for any text, or a failure of its own kind.</summary>
    private sealed class ToneSynthesizer : Swml.Runtime.Media.ISpeechSynthesizer
    {
        public ConcurrentQueue<(string Text, Swml.Runtime.Media.SpeechOptions Options)> Asked { get; } = new();

        public string? Failure { get; init; }

        public Task<short[]> SynthesizeAsync(string text, Swml.Runtime.Media.SpeechOptions options, CancellationToken cancellationToken)
        {
            Asked.Enqueue((text, options));
            if (Failure is not null)
            {
                throw new HttpRequestException(Failure);
            }

            return Task.FromResult(Enumerable.Range(0, 4000).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000))).ToArray());
        }
    }

    private sealed class Reported(Action<SipResponse> report) : IProgress<SipResponse>
    {
        public void Report(SipResponse value) => report(value);
    }

    [Fact]
    public async Task TheFarEndHangingUpEndsTheRunningStep()
    {
        await using var server = await StartAsync(new SwmlServerOptions(), ("wait", "- answer: {}\n- sleep: 60000\n- set: {never: true}\n"));
        await using var phone = SipEndpoint.Start();
        var call = await phone.DialAsync($"sip:wait@{server.Server.EndPoint}", cancellationToken: Ct);

        await call.HangupAsync(Ct);
        var summary = await server.NextEndedAsync();

        // The BYE may come while answer still waits for its outcome (HungUp) or during the sleep (Cancelled).
        Assert.Contains(summary.EndReason, new FlowEndReason?[] { FlowEndReason.Cancelled, FlowEndReason.HungUp });
        Assert.DoesNotContain(summary.Trace, t => t.Method == "set");
        Assert.True(summary.Duration < TimeSpan.FromSeconds(30), $"the sleep was not cut short: {summary.Duration}");
    }

    [Fact]
    public async Task OverTheLimitAnInviteGets503WithRetryAfterAndTheRunningCallGoesOn()
    {
        var options = new SwmlServerOptions { MaxConcurrentCalls = 1, RetryAfterSeconds = 7 };
        await using var server = await StartAsync(options, ("wait", "- answer: {}\n- sleep: -1\n"));
        var responses = new ConcurrentQueue<SipResponse>();
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { Trace = e => { if (e.Message is SipResponse r) responses.Enqueue(r); } });
        var first = await phone.DialAsync($"sip:wait@{server.Server.EndPoint}", cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<SipCallFailedException>(() => phone.DialAsync($"sip:wait@{server.Server.EndPoint}", cancellationToken: Ct).WaitAsync(Wait, Ct));

        Assert.Equal(503, refused.StatusCode);
        Assert.Equal("7", responses.Single(r => r.StatusCode == 503).Headers.GetFirst("Retry-After"));
        Assert.False(first.IsEnded);
        Assert.Equal(1, server.Server.ActiveCalls);
        await first.HangupAsync(Ct);

        // As in TheFarEndHangingUpEndsTheRunningStep: the sleep is cut short (Cancelled), or the end
        // of the call is seen first (HungUp); seen both ways under a loaded CI run.
        Assert.Contains((await server.NextEndedAsync()).EndReason, new FlowEndReason?[] { FlowEndReason.Cancelled, FlowEndReason.HungUp });
    }

    [Fact]
    public async Task ACallForNoFlowGets404()
    {
        await using var server = await StartAsync(new SwmlServerOptions(), ("one", "- hangup: {}\n"), ("two", "- hangup: {}\n"));
        await using var phone = SipEndpoint.Start();

        var refused = await Assert.ThrowsAsync<SipCallFailedException>(() => phone.DialAsync($"sip:nobody@{server.Server.EndPoint}", cancellationToken: Ct).WaitAsync(Wait, Ct));

        Assert.Equal(404, refused.StatusCode);
    }

    [Fact]
    public async Task TheAdvertisedAddressIsWhatPeersAreToldToReachUsAt()
    {
        await using var server = await StartAsync(new SwmlServerOptions { Advertise = "203.0.113.5:15060" }, ("main", "- hangup: {}\n"));

        Assert.Equal("sip:swml@203.0.113.5:15060", server.Server.Uri.ToString());
        Assert.Equal("127.0.0.1", server.Server.EndPoint.Address.ToString());
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("203.0.113.5:0")]
    public async Task AnAdvertisedAddressThatIsNoneStopsTheStart(string advertise)
    {
        await Assert.ThrowsAsync<FormatException>(() => StartAsync(new SwmlServerOptions { Advertise = advertise }, ("main", "- hangup: {}\n")));
    }

    [Fact]
    public async Task WithACertificateFileTheServerTakesCallsOverTls()
    {
        using var certificate = Swml.Tests.Peers.TestCertificate.Create();
        var folder = Directory.CreateTempSubdirectory("swml-tls-").FullName;
        try
        {
            var (pem, _) = certificate.WritePem(folder);
            await using var server = await StartAsync(new SwmlServerOptions { TlsCertificate = pem, TlsListen = "127.0.0.1:0" }, ("main", "- answer: {}\n- hangup: {}\n"));
            await using var phone = SipEndpoint.Start(new SipEndpointOptions { TlsServerValidation = (_, presented, _, _) => certificate.IsThis(presented) });

            var call = await phone.DialAsync($"sips:main@127.0.0.1:{server.Server.TlsEndPoint!.Port}", cancellationToken: Ct).WaitAsync(Wait, Ct);
            var summary = await server.NextEndedAsync();

            Assert.Equal(Swml.Sip.Transport.TransportProtocol.Tls, call.Protocol);
            Assert.Equal(FlowEndReason.HungUp, summary.EndReason);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ACertificateFileThatIsNoneStopsTheStartAndSaysWhy()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a certificate");
            var refused = await Assert.ThrowsAsync<FormatException>(() => StartAsync(new SwmlServerOptions { TlsCertificate = path }, ("main", "- hangup: {}\n")));
            Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task StoppingRefusesNewCallsAndHangsUpThoseStillRunningAtTheDeadline()
    {
        await using var server = await StartAsync(new SwmlServerOptions { StopTimeout = TimeSpan.FromMilliseconds(300) }, ("wait", "- answer: {}\n- sleep: -1\n"));
        await using var phone = SipEndpoint.Start();
        var call = await phone.DialAsync($"sip:wait@{server.Server.EndPoint}", cancellationToken: Ct);

        var stopping = server.Server.StopAsync(Ct);

        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(Wait, Ct));
        await stopping.WaitAsync(Wait, Ct);
        Assert.Equal(FlowEndReason.Cancelled, (await server.NextEndedAsync()).EndReason);
    }

    [Fact]
    public async Task ThePlacedCallRunsTheFlowOnceAnswered()
    {
        await using var server = await StartAsync(new SwmlServerOptions(), ("out", "- set: {dir: \"${call.direction}\"}\n- hangup: {}\n"));
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { User = "bob" });
        var answering = Task.Run(async () =>
        {
            var incoming = await phone.AcceptAsync(Ct);
            return await incoming.AnswerAsync(Ct);
        }, Ct);

        var summary = await server.Server.DialAsync(phone.Uri.ToString(), "out", Ct).WaitAsync(Wait, Ct);
        var answered = await answering.WaitAsync(Wait, Ct);

        Assert.Equal(FlowEndReason.HungUp, summary.EndReason);
        Assert.Equal("outbound", (string?)summary.Vars["dir"]);
        Assert.Equal(CallEndReason.RemoteHangup, await answered.Ended.WaitAsync(Wait, Ct));
    }

    [Fact]
    public async Task AHostWithAFlowFileInErrorDoesNotStartAndSaysWhy()
    {
        var folder = Directory.CreateTempSubdirectory("swml-host-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "bad.swml"), "version: 1.0.0\nsections:\n  main:\n    - goto: nowhere\n");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddSwml(o => o.Listen = "127.0.0.1:0").AddFlowFiles(folder.FullName);
            using var host = builder.Build();

            var failure = await Assert.ThrowsAsync<FlowDocumentException>(() => host.StartAsync(Ct));

            Assert.Contains("bad.swml(4,13): error SWML0401: section 'main' has no label 'nowhere'", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AHostServesItsFlowsAndStopsWithTheHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSwml(o => o.Listen = "127.0.0.1:0").AddFlow<Flows.Hangup>();
        using var host = builder.Build();
        await host.StartAsync(Ct);
        var server = host.Services.GetRequiredService<SwmlHostedService>().Server!;
        await using var phone = SipEndpoint.Start();

        // The generated flow answers, then hangs up: the call is established and ended by the server.
        var call = await phone.DialAsync($"sip:anyone@{server.EndPoint}", cancellationToken: Ct).WaitAsync(Wait, Ct);
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(Wait, Ct));

        await host.StopAsync(Ct);
        Assert.Equal(1, server.EndedCalls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithInlineSchedulingTheFlowRunsOnTheSipThreadThatReadTheAck(bool inline)
    {
        var ranOn = new TaskCompletionSource<Thread>(TaskCreationOptions.RunContinuationsAsynchronously);
        var record = new MethodHandler("record", (_, _, _) =>
        {
            ranOn.TrySetResult(Thread.CurrentThread);
            return ValueTask.FromResult(StepOutcome.None);
        });
        await using var server = await StartAsync(new SwmlServerOptions { UnsafePreferInlineScheduling = inline }, [record], ("main", "- answer: {}\n- record: {}\n"));
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { User = "alice" });

        var call = await phone.DialAsync($"sip:main@{server.Server.EndPoint}", cancellationToken: Ct);
        var thread = await ranOn.Task.WaitAsync(Wait, Ct);

        Assert.Equal(inline, thread.Name?.StartsWith("SIP", StringComparison.Ordinal) ?? false);
        Assert.Equal(!inline, thread.IsThreadPoolThread);
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(Wait, Ct));
    }

    private static Task<RunningServer> StartAsync(SwmlServerOptions options, params (string Name, string Steps)[] flows) =>
        StartAsync(options, [], flows);

    private static async Task<RunningServer> StartAsync(SwmlServerOptions options, IMethodHandler[] methods, params (string Name, string Steps)[] flows)
    {
        options.Listen = "127.0.0.1:0";
        var registry = new FlowRegistry();
        foreach (var (name, steps) in flows)
        {
            var main = string.Join("\n", steps.TrimEnd('\n').Split('\n').Select(l => "    " + l));
            registry.AddDocument(name, $"version: 1.0.0\nsections:\n  main:\n{main}\n", name + ".swml");
        }

        var http = new HttpClient();
        var server = new SwmlServer(options, registry, new DiscardingSink(), http, methods: methods);
        var running = new RunningServer(server, http);
        await server.StartAsync(Ct);
        return running;
    }

    /// <summary>A started server, the calls it ended in order, and its cleanup.</summary>
    private sealed class RunningServer : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly System.Threading.Channels.Channel<CallSummary> _ended = System.Threading.Channels.Channel.CreateUnbounded<CallSummary>();

        public RunningServer(SwmlServer server, HttpClient http)
        {
            Server = server;
            _http = http;
            server.CallEnded += s => _ended.Writer.TryWrite(s);
        }

        public SwmlServer Server { get; }

        public async Task<CallSummary> NextEndedAsync() => await _ended.Reader.ReadAsync(Ct).AsTask().WaitAsync(Wait, Ct);

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            _http.Dispose();
        }
    }

    private sealed class DiscardingSink : IStatusCallbackSink
    {
        public void Post(string callId, string url, JsonObject body)
        {
        }
    }
}

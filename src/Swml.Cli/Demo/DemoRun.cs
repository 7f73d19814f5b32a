using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Swml.Runtime.Calls;
using Swml.Runtime.Hosting;
using Swml.Runtime.Media;
using Swml.Sip.Calls;
using Swml.Sip.Media;

namespace Swml.Cli.Demo;

/// <summary>
/// One run of the demo: the app (Kestrel), carol, the runtime (a <see cref="SwmlServer"/> with the
/// seed flow as the source generator compiled it) and alice start on 127.0.0.1 and free ports;
/// alice calls the runtime, takes its REFER and follows it to carol; the runtime ends the call when
/// the flow ends; alice hangs up on carol; the callbacks are flushed. Then everything is stopped,
/// whatever happened, and the timeline is printed with the outcome.
/// </summary>
internal static class DemoRun
{
    /// <summary>How long each SIP or HTTP wait of the parties may take: well inside the run's bound.</summary>
    private static readonly TimeSpan PartyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long stopping everything may take; a stop that takes longer is reported and left.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(DemoSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var timeline = new Timeline(TimeProvider.System);
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(settings.Timeout);
        var token = overall.Token;
        using var loggers = LoggerFactory.Create(b => b
            .AddProvider(new TimelineLoggerProvider(timeline))
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Swml.Sip", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning));

        var parties = new Parties();
        var waitingFor = "the parties to start";
        CallSummary? summary = null;
        int? targetStatus = null;
        ReceivedAudio? heard = null;
        string? failure = null;
        var exitCode = ExitCodes.ErrorsFound;
        try
        {
            await parties.StartAsync(settings, timeline, loggers, token).ConfigureAwait(false);
            WriteCast(output, settings, parties);

            waitingFor = "the runtime to answer alice";
            var call = await parties.Alice.DialAsync(parties.RuntimeUri, new DialOptions { AnswerTimeout = PartyTimeout }, token).ConfigureAwait(false);

            waitingFor = "the flow's REFER";
            IncomingRefer refer;
            try
            {
                refer = await call.Refers.ReadAsync(token).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                throw new DemoFailedException("the call ended without a REFER");
            }

            timeline.Note(NoteKind.Demo, $"alice accepts the REFER and calls {refer.ReferToText}");
            waitingFor = "alice's call to carol";
            var followed = await refer.FollowAsync(new DialOptions { AnswerTimeout = PartyTimeout }, token).ConfigureAwait(false);
            targetStatus = followed.StatusCode;

            waitingFor = "the flow to end";
            summary = await parties.Ended.Task.WaitAsync(token).ConfigureAwait(false);
            heard = call.ReceivedAudio;
            timeline.Note(NoteKind.Demo, heard.Value.SoundLevelDbfs is { } level
                ? string.Create(CultureInfo.InvariantCulture, $"alice heard {heard.Value.SoundDuration.TotalSeconds:0.0} s of sound from the runtime in {heard.Value.Duration.TotalSeconds:0.0} s of RTP, at {level:0} dBFS: the announcement")
                : string.Create(CultureInfo.InvariantCulture, $"alice heard no sound from the runtime ({heard.Value.Duration.TotalSeconds:0.0} s of RTP)"));
            if (followed.Call is { } withCarol)
            {
                timeline.Note(NoteKind.Demo, "alice hangs up her call with carol");
                await withCarol.HangupAsync(token).ConfigureAwait(false);
            }

            waitingFor = "the status callbacks to be delivered";
            await parties.Callbacks.FlushAsync(token).ConfigureAwait(false);
        }
        catch (Exception) when (overall.IsCancellationRequested)
        {
            // Whatever the cancelled wait threw (a cancelled INVITE ends in 487), the time was up.
            failure = cancellationToken.IsCancellationRequested
                ? $"interrupted while waiting for {waitingFor}"
                : $"gave up after {settings.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s waiting for {waitingFor}";
        }
        catch (SocketException ex) when (waitingFor == "the parties to start")
        {
            error.WriteLine($"swml: cannot open a port on 127.0.0.1: {ex.Message}");
            exitCode = ExitCodes.UsageOrIo;
            failure = "the parties could not start";
        }
        catch (DemoFailedException ex)
        {
            failure = ex.Message;
        }
        catch (SipCallFailedException ex)
        {
            failure = $"{ex.Message} while waiting for {waitingFor}";
        }
        catch (Exception ex)
        {
            failure = $"{ex.GetType().Name} while waiting for {waitingFor}: {ex.Message}";
        }
        finally
        {
            if (!await parties.StopAsync(StopTimeout).ConfigureAwait(false))
            {
                timeline.Note(NoteKind.Warning, $"stopping the parties took over {StopTimeout.TotalSeconds:0} s; left behind");
            }
        }

        var elapsed = timeline.Elapsed;
        if (parties.Cast.Count > 0)
        {
            output.WriteLine();
            new TimelineWriter(parties.Cast, timeline.Start, output).Write(timeline.Events);
            output.WriteLine();
        }

        var outcome = new DemoOutcome(settings, summary, targetStatus, parties.App?.Callbacks ?? [], parties.App?.Executes ?? [], heard);
        if (failure is null && outcome.AsExpected)
        {
            exitCode = ExitCodes.Success;
        }

        var seconds = elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var words = failure is null ? outcome.Describe() : $"NOT as expected: {failure}.";
        TimelineWriter.WriteParagraph(output, $"outcome: {words} Exit {exitCode}, after {seconds} s.", "outcome: ".Length);
        return exitCode;
    }

    private static void WriteCast(TextWriter output, DemoSettings settings, Parties parties)
    {
        var intro = settings.TargetBusy
            ? "swml demo --target-busy: the busy path. alice calls the seed flow, which REFERs her to carol; carol is busy (486 Busy Here) and alice reports it in the final NOTIFY; the flow announces \"busy\" and hands the call to the app. Exit 0 when all of that happens: sip_refer_result busy, callbacks inProgress then busy, the app's document run."
            : "swml demo: a SIP transfer. alice calls the seed flow, which REFERs her to carol; alice calls carol, who answers, and reports it in NOTIFYs; the flow announces \"success\" and hands the call to the app. Exit 0 when all of that happens: sip_refer_result success, callbacks inProgress then success, the app's document run.";
        TimelineWriter.WriteParagraph(output, intro, 2);

        output.WriteLine($"  alice    {parties.Alice.Uri,-28} a phone that honours REFER");
        output.WriteLine($"  runtime  {parties.RuntimeUri,-28} SwmlServer: seed.swml, compiled by the generator");
        output.WriteLine($"  carol    {parties.Carol.Uri,-28} the target: {(settings.TargetBusy ? "rings, then 486 Busy Here" : "rings, then 200 OK")}");
        output.WriteLine($"  app      {parties.App!.BaseUri.ToString().TrimEnd('/'),-28} Kestrel: callbacks /status, execute /next");
        if (!SpeechSynthesis.IsInstalled)
        {
            output.WriteLine();
            TimelineWriter.WriteParagraph(output, $"note: the flow's announcement (play say:) needs a speech synthesizer, and none is installed: {SpeechSynthesis.InstallHint}.", 2);
        }
    }

    /// <summary>carol: takes one call, rings, and answers it, or turns it down as busy.</summary>
    private static async Task AnswerAsTargetAsync(SipEndpoint carol, DemoSettings settings, CancellationToken cancellationToken)
    {
        var incoming = await carol.AcceptAsync(cancellationToken).ConfigureAwait(false);
        await incoming.RingAsync(cancellationToken).ConfigureAwait(false);
        await Task.Delay(settings.TargetRingTime, cancellationToken).ConfigureAwait(false);
        if (settings.TargetBusy)
        {
            await incoming.RejectAsync(486, "Busy Here", cancellationToken).ConfigureAwait(false);
            return;
        }

        var call = await incoming.AnswerAsync(cancellationToken).ConfigureAwait(false);
        await call.Ended.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The demo's parties, started in order and all stopped, whatever was started.</summary>
    private sealed class Parties
    {
        private readonly CancellationTokenSource _stopping = new();
        private HttpClient? _http;
        private Task? _target;

        public DemoApp? App { get; private set; }

        public SipEndpoint Carol { get; private set; } = null!;

        public SipEndpoint Alice { get; private set; } = null!;

        public SwmlServer Server { get; private set; } = null!;

        /// <summary>What alice dials: the request-URI user names the flow.</summary>
        public string RuntimeUri => $"sip:seed@{Server.EndPoint}";

        public HttpStatusCallbackSink Callbacks { get; private set; } = null!;

        /// <summary>The runtime's call, when its flow has ended.</summary>
        public TaskCompletionSource<CallSummary> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The ladder's columns: each SIP party's name and address, once started.</summary>
        public List<(string Name, IPEndPoint EndPoint)> Cast { get; } = new();

        public async Task StartAsync(DemoSettings settings, Timeline timeline, ILoggerFactory loggers, CancellationToken cancellationToken)
        {
            App = await DemoApp.StartAsync(timeline, cancellationToken).ConfigureAwait(false);

            Carol = SipEndpoint.Start(new SipEndpointOptions { User = "carol", Trace = timeline.SipTracer("carol"), LoggerFactory = loggers });
            _target = Task.Run(() => AnswerAsTargetAsync(Carol, settings, _stopping.Token), CancellationToken.None);

            _http = new HttpClient();
            Callbacks = new HttpStatusCallbackSink(
                _http,
                new HttpStatusCallbackOptions { MaxAttempts = 2, FirstRetryDelay = TimeSpan.FromMilliseconds(200), MaxDeliveryTime = PartyTimeout, DrainTimeout = TimeSpan.FromSeconds(2) },
                loggers.CreateLogger<HttpStatusCallbackSink>());
            var flows = new FlowRegistry();
            flows.Add<Seed>("seed");
            var options = new SwmlServerOptions
            {
                Listen = "127.0.0.1:0",
                NodeId = "demo",
                ProjectId = "demo-project",
                SpaceId = "demo-space",
                StopTimeout = TimeSpan.FromSeconds(2),
                DocumentTimeout = PartyTimeout,
                ReferFirstNotifyTimeout = PartyTimeout,
                ReferFinalNotifyTimeout = PartyTimeout * 2,
                Envs = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["TRANSFER_TO"] = Carol.Uri.ToString(),
                    ["STATUS_URL"] = App.StatusUrl,
                    ["NEXT_URL"] = App.NextUrl,
                },
            };
            Server = new SwmlServer(options, flows, Callbacks, _http, loggerFactory: loggers, trace: timeline.SipTracer("runtime"));
            Server.CallEnded += summary =>
            {
                timeline.Note(NoteKind.Flow, $"the flow ended ({summary.EndReason?.ToString() ?? "failed"} after {summary.Trace.Count} steps); the runtime ended the call{(summary.ScriptError is { } e ? $"; script_error: {e}" : string.Empty)}");
                Ended.TrySetResult(summary);
            };
            await Server.StartAsync(cancellationToken).ConfigureAwait(false);

            Alice = SipEndpoint.Start(new SipEndpointOptions { User = "alice", AcceptRefers = true, Trace = timeline.SipTracer("alice"), LoggerFactory = loggers });
            Cast.AddRange([("alice", Alice.EndPoint), ("runtime", Server.EndPoint), ("carol", Carol.EndPoint)]);
        }

        /// <summary>Stops what was started, the runtime first (a flow still running is hung up); false when that took too long.</summary>
        public async Task<bool> StopAsync(TimeSpan timeout)
        {
            _stopping.Cancel();
            var stopping = Task.Run(async () =>
            {
                if (Server is not null)
                {
                    await Server.DisposeAsync().ConfigureAwait(false);
                }

                if (Callbacks is not null)
                {
                    await Callbacks.DisposeAsync().ConfigureAwait(false);
                }

                if (Alice is not null)
                {
                    await Alice.DisposeAsync().ConfigureAwait(false);
                }

                if (Carol is not null)
                {
                    await Carol.DisposeAsync().ConfigureAwait(false);
                }

                if (_target is not null)
                {
                    await _target.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }

                _http?.Dispose();
                if (App is not null)
                {
                    await App.DisposeAsync().ConfigureAwait(false);
                }

                _stopping.Dispose();
            });
            try
            {
                await stopping.WaitAsync(timeout).ConfigureAwait(false);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    /// <summary>The run went off its path in a way no timeout or SIP failure says.</summary>
    private sealed class DemoFailedException(string message) : Exception(message);
}

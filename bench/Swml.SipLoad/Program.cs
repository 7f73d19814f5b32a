using System.Diagnostics;
using System.Globalization;
using System.Net;
using Swml.Sip.Calls;
using Swml.Sip.Events;

// The REFER load benchmark's server (bench/sip-load/run.sh drives it with SIPp): every call is
// answered, its caller REFERred to a target, the transfer followed through NOTIFY to its end, and
// the call hung up. It prints "ready" when listening and, when stdin closes, the transfers counted
// by what ended them (Ending, below: protocol facts, as Swml.Sip knows nothing of SWML's outcomes).
// Calls come to a handler and run inline on the SIP threads (UnsafePreferInlineScheduling), as in
// swml run: this code never blocks, so it takes the stack's cheapest way, and the runtime is
// compared with a core that does the same.
// As swml run does, and for the same reason: nothing here blocks, so socket completions (SIP over
// TCP) run where epoll reports them instead of waking a pool thread. Before any socket is made.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5060;
var referTo = args.Length > 1 ? args[1] : "sip:carol@127.0.0.1:5999";

var counts = new Dictionary<string, int>(StringComparer.Ordinal);
var failures = 0;
var active = 0;
using var stopping = new CancellationTokenSource();
await using var endpoint = SipEndpoint.Start(new SipEndpointOptions
{
    EndPoint = new IPEndPoint(IPAddress.Loopback, port),
    User = "load",
    UnsafePreferInlineScheduling = true,

    // SIPp's scenario sends no RTP and plays none: the core is measured on its signalling, as SIPp is.
    Media = CallMediaMode.SignalingOnly,
    IncomingCallHandler = incoming =>
    {
        Interlocked.Increment(ref active);
        _ = HandleAsync(incoming);
    },
});

_ = Task.Run(async () =>
{
    // The driver closes stdin to stop us.
    while (await Console.In.ReadLineAsync() is not null)
    {
    }

    stopping.Cancel();
});

// Stalls: how late a dedicated thread wakes (the whole process paused, e.g. by the GC) and how long
// a thread-pool item waits to run (the pool starved), sampled every 100 ms: at every 10 ms the probe
// cost the measured process about 2 % of its CPU, which SIPp does not pay.
var worstPause = TimeSpan.Zero;
var worstPoolDelay = TimeSpan.Zero;
var probe = new Thread(() =>
{
    while (!stopping.IsCancellationRequested)
    {
        var started = Stopwatch.GetTimestamp();
        Thread.Sleep(100);
        var late = Stopwatch.GetElapsedTime(started) - TimeSpan.FromMilliseconds(100);
        if (late > worstPause)
        {
            worstPause = late;
            if (late > TimeSpan.FromMilliseconds(100)) Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss.fff} process paused {late.TotalMilliseconds:0} ms");
        }

        var queued = Stopwatch.GetTimestamp();
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            var delay = Stopwatch.GetElapsedTime(queued);
            if (delay > worstPoolDelay)
            {
                worstPoolDelay = delay;
                if (delay > TimeSpan.FromMilliseconds(100)) Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss.fff} thread pool delay {delay.TotalMilliseconds:0} ms");
            }
        }, null);
    }
}) { IsBackground = true, Name = "stall probe" };
probe.Start();

Console.WriteLine($"ready on {endpoint.EndPoint}");
try
{
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException)
{
}

while (Volatile.Read(ref active) > 0)
{
    await Task.Delay(100);
}

lock (counts)
{
    Console.WriteLine("transfers: " + string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")) + $", failures={failures}");
    var calls = Math.Max(1, counts.Values.Sum() + failures);
    Console.WriteLine($"per call: {GC.GetTotalAllocatedBytes() / calls / 1024.0:0.0} KB allocated, {ThreadPool.CompletedWorkItemCount / (double)calls:0.0} thread-pool work items, {Environment.ProcessorCount} cores, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
    Console.WriteLine($"worst pause {worstPause.TotalMilliseconds:0} ms, worst thread-pool delay {worstPoolDelay.TotalMilliseconds:0} ms, gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, total GC pause {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms");
}

async Task HandleAsync(IncomingCall incoming)
{
    try
    {
        var call = await incoming.AnswerAsync();
        var result = await call.ReferAsync(new ReferOptions { ReferTo = referTo });
        if (result.FinalNotifyCode is not (>= 200 and < 300))
        {
            var ended = call.Ended.IsCompleted ? $", call ended: {call.Ended.Result}" : string.Empty;
            Console.Error.WriteLine($"call {call.CallId}: {result}{ended}");
        }

        await call.HangupAsync();
        lock (counts)
        {
            var key = Ending(result);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }
    catch (Exception ex)
    {
        Interlocked.Increment(ref failures);
        Console.Error.WriteLine($"call {incoming.CallId} failed: {ex.Message}");
    }
    finally
    {
        Interlocked.Decrement(ref active);
    }
}

// What ended a transfer, from the facts: its final sipfrag, else the REFER's rejection, the call's
// end, or how the subscription ended.
static string Ending(ReferResult result) => result switch
{
    { FinalNotifyCode: { } code } => "sipfrag " + code.ToString(CultureInfo.InvariantCulture),
    { ReferStatusCode: >= 300 } => "REFER " + result.ReferStatusCode.Value.ToString(CultureInfo.InvariantCulture),
    { CallEndedBeforeResult: true } => "call ended",
    { SubscriptionEnd: { } end } => end.Kind.ToString(),
    _ => "unknown",
};

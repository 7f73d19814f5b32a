using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// POSTs a callback-sized JSON body to URL at RATE requests/s for SECONDS, over one pooled
// HttpClient as swml run's callbacks do, after a warm-up of WARMUP seconds at the same rate.
// Prints the CPU (utime + stime of this process) per 1,000 POSTs over the measured part.
//   Swml.HttpPostLoad URL RATE SECONDS [WARMUP=10]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Swml.HttpPostLoad URL RATE SECONDS [WARMUP]");
    return 2;
}

var url = new Uri(args[0]);
var rate = int.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = int.Parse(args[2], CultureInfo.InvariantCulture);
var warmup = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

// The size of a sip_refer status callback (its body with the call's ids).
var body = Encoding.UTF8.GetBytes("{\"event_type\":\"calling.call.refer\",\"event_channel\":\"swml:0\",\"timestamp\":1764940000.123,\"project_id\":\"\",\"space_id\":\"\",\"params\":{\"call_id\":\"" + Guid.NewGuid() + "\",\"node_id\":\"" + Guid.NewGuid() + "\",\"segment_id\":\"" + Guid.NewGuid() + "\",\"state\":\"success\",\"sip_refer_to\":\"sip:carol@127.0.0.1:5999\",\"sip_refer_response_code\":\"202\",\"sip_notify_response_code\":\"200\"}}");
var failed = 0L;

async Task PostAsync()
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
    request.Headers.TryAddWithoutValidation("webhook-id", "msg_" + Guid.CreateVersion7().ToString("N"));
    try
    {
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref failed);
        }
    }
    catch (HttpRequestException)
    {
        Interlocked.Increment(ref failed);
    }
}

// Paced by a 10 ms tick: each tick starts the POSTs that fell due, as calls would post them.
async Task<long> RunAsync(int forSeconds)
{
    var pending = new List<Task>();
    var clock = Stopwatch.StartNew();
    var sent = 0L;
    using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
    while (clock.Elapsed.TotalSeconds < forSeconds && await tick.WaitForNextTickAsync().ConfigureAwait(false))
    {
        for (var due = (long)(clock.Elapsed.TotalSeconds * rate); sent < due; sent++)
        {
            pending.Add(PostAsync());
        }

        pending.RemoveAll(t => t.IsCompleted);
    }

    await Task.WhenAll(pending).ConfigureAwait(false);
    return sent;
}

await RunAsync(warmup);
using var process = Process.GetCurrentProcess();
process.Refresh();
var before = process.TotalProcessorTime;
var posts = await RunAsync(seconds);
process.Refresh();
var cpu = process.TotalProcessorTime - before;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"posts {posts} failed {failed} cpu {cpu.TotalSeconds:0.00} s {cpu.TotalSeconds * 1000 / Math.Max(1, posts):0.000} cpu-s per 1000 posts"));
return failed == 0 ? 0 : 1;

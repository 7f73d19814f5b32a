using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

// Receives status callbacks on 127.0.0.1:PORT for bench/sip-load/run.sh: answers 200 at once,
// counts them by state and by webhook-id (a retried event keeps its id), prints "ready", and
// when stdin closes prints what it received and exits.
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8080;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
var app = builder.Build();

var states = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var ids = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var received = 0;
app.MapPost("/{**path}", async (HttpContext context) =>
{
    using var body = await JsonDocument.ParseAsync(context.Request.Body);
    var state = body.RootElement.TryGetProperty("params", out var p) && p.TryGetProperty("state", out var s) ? s.GetString() ?? "?" : "?";
    states.AddOrUpdate(state, 1, (_, n) => n + 1);
    ids.AddOrUpdate(context.Request.Headers["webhook-id"].ToString(), 1, (_, n) => n + 1);
    Interlocked.Increment(ref received);
    return Results.Ok();
});

await app.StartAsync();
Console.WriteLine("ready");
while (await Console.In.ReadLineAsync() is not null)
{
}

await app.StopAsync();
Console.WriteLine($"callbacks received: {received}, events {ids.Count} ({ids.Values.Count(n => n > 1)} received more than once), states: " +
    string.Join(", ", states.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}")));

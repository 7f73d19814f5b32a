using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Swml.Tests.Http;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, recording every request it gets.</summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private TestHttpServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    /// <summary>Starts a server whose answer to each request <paramref name="respond"/> writes.</summary>
    public static async Task<TestHttpServer> StartAsync(Func<HttpContext, ReceivedRequest, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TestHttpServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var request = new ReceivedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body);
            server._received.Enqueue(request);
            await respond(context, request);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/');
        return server;
    }

    /// <summary>A URL on 127.0.0.1 where nothing listens (connections are refused).</summary>
    public static string DownUrl(string path = "/down")
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}{path}";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public override string ToString() => $"{Method} {PathAndQuery} {string.Join("; ", Headers.Select(h => h.Key + ": " + h.Value))} {Body}";
}

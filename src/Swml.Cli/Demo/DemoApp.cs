using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Swml.Cli.Demo;

/// <summary>
/// The application's side of the demo, on a Kestrel server of its own on 127.0.0.1 and a free
/// port: <c>POST /status</c> takes the status callbacks (STATUS_URL), <c>POST /next</c> is the
/// execute URL (NEXT_URL) and answers with <see cref="NextDocument"/>. What it receives is recorded
/// and noted on the timeline.
/// </summary>
internal sealed class DemoApp : IAsyncDisposable
{
    /// <summary>The SWML document the execute URL answers with.</summary>
    public const string NextDocument = """{"version":"1.0.0","sections":{"main":[{"play":{"url":"say: Goodbye"}},{"hangup":{}}]}}""";

    private readonly WebApplication _web;
    private readonly Timeline _timeline;
    private readonly List<ReceivedCallback> _callbacks = new();
    private readonly List<JsonObject> _executes = new();

    private DemoApp(WebApplication web, Timeline timeline)
    {
        _web = web;
        _timeline = timeline;
    }

    /// <summary>http://127.0.0.1:PORT, once started.</summary>
    public Uri BaseUri { get; private set; } = null!;

    public IPEndPoint EndPoint => new(IPAddress.Loopback, BaseUri.Port);

    public string StatusUrl => new Uri(BaseUri, "/status").ToString();

    public string NextUrl => new Uri(BaseUri, "/next").ToString();

    /// <summary>The status callbacks received, in order.</summary>
    public IReadOnlyList<ReceivedCallback> Callbacks
    {
        get
        {
            lock (_callbacks)
            {
                return _callbacks.ToArray();
            }
        }
    }

    /// <summary>The execute URL's POST bodies received ({call, vars, envs, params}).</summary>
    public IReadOnlyList<JsonObject> Executes
    {
        get
        {
            lock (_executes)
            {
                return _executes.ToArray();
            }
        }
    }

    public static async Task<DemoApp> StartAsync(Timeline timeline, CancellationToken cancellationToken)
    {
        // The empty builder reads no configuration, environment or appsettings.json, and logs nothing:
        // the demo is the same wherever it runs.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        var app = new DemoApp(web, timeline);
        web.Run(app.HandleAsync);
        try
        {
            await web.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        app.BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        JsonObject? body = null;
        if (HttpMethods.IsPost(request.Method))
        {
            try
            {
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                // Answered 400 below.
            }
        }

        switch (request.Path.Value)
        {
            case "/status" when body is not null:
                var callback = new ReceivedCallback(
                    request.Headers["webhook-id"].ToString(),
                    (string?)body["params"]?["state"],
                    (string?)body["params"]?["sip_refer_response_code"],
                    (string?)body["params"]?["sip_notify_response_code"],
                    (string?)body["event_type"]);
                lock (_callbacks)
                {
                    _callbacks.Add(callback);
                }

                _timeline.Note(NoteKind.App, $"POST /status: callback {callback}");
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "/next" when body is not null:
                lock (_executes)
                {
                    _executes.Add(body);
                }

                var vars = body["vars"] as JsonObject ?? new JsonObject();
                _timeline.Note(NoteKind.App, $"POST /next (execute): vars {string.Join(", ", vars.Select(v => $"{v.Key}={TimelineLoggerProvider.Shown(v.Value)}"))}; answers play \"say: Goodbye\", hangup");
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(NextDocument, context.RequestAborted).ConfigureAwait(false);
                return;
            default:
                _timeline.Note(NoteKind.Warning, $"the app got {request.Method} {request.Path}, which it does not serve");
                context.Response.StatusCode = body is null && HttpMethods.IsPost(request.Method) ? StatusCodes.Status400BadRequest : StatusCodes.Status404NotFound;
                return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _web.StopAsync(stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _web.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A status callback as the app received it: its Standard Webhooks id and the refer's state and codes.</summary>
internal sealed record ReceivedCallback(string WebhookId, string? State, string? ReferResponseCode, string? NotifyResponseCode, string? EventType)
{
    /// <summary>"inProgress (REFER 202), webhook-id msg_..."</summary>
    public override string ToString()
    {
        var codes = new List<string>();
        if (ReferResponseCode is not null)
        {
            codes.Add($"REFER {ReferResponseCode}");
        }

        if (NotifyResponseCode is not null)
        {
            codes.Add($"NOTIFY {NotifyResponseCode}");
        }

        return $"{State ?? "(no state)"}{(codes.Count > 0 ? $" ({string.Join(", ", codes)})" : string.Empty)}, webhook-id {WebhookId}";
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using Swml.Runtime.Calls;
using Swml.Testing.Tests.Infrastructure;
using Swml.Tests.Http;
using Swml.Tests.Waiting;

namespace Swml.Testing.Tests.Calls;

/// <summary>The Standard Webhooks headers of status callbacks, as a real Kestrel endpoint receives them.</summary>
public sealed class StandardWebhookHeadersTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(Key);

    private static JsonObject Body() => new()
    {
        ["event_type"] = "calling.call.refer",
        ["params"] = new JsonObject { ["call_id"] = "call-1", ["state"] = "inProgress" },
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EveryAttemptHasTheSameIdItsOwnTimestampAndAValidSignature(bool secretAsWhsecText)
    {
        var attempts = 0;
        await using var server = await TestHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref attempts) <= 2 ? 503 : 200;
            return Task.CompletedTask;
        });

        // The package's verifier checks timestamps against the real clock (5 minutes), so fake time starts now.
        var time = new WatchedClock(DateTimeOffset.UtcNow);
        var start = time.GetUtcNow().ToUnixTimeSeconds();
        using var http = new HttpClient();
        await using var sink = new HttpStatusCallbackSink(http, new HttpStatusCallbackOptions
        {
            FirstRetryDelay = TimeSpan.FromSeconds(1),
            UseJitter = false,
            Time = time,
            SigningSecret = secretAsWhsecText ? Secret : null,
            SigningKey = secretAsWhsecText ? null : Key,
        });

        sink.Post("call-1", server.BaseUrl + "/hook", Body());
        await time.AdvanceOnceWaitingAsync(TimeSpan.FromSeconds(1));
        await time.AdvanceOnceWaitingAsync(TimeSpan.FromSeconds(2));
        await Eventually.True(() => sink.DeliveredCount == 1, "the third attempt to be delivered");

        var received = server.Received;
        Assert.Equal(3, received.Count);
        var id = received[0].Headers["webhook-id"];
        Assert.Matches("^msg_[0-9a-f]{32}$", id);
        Assert.All(received, r => Assert.Equal(id, r.Headers["webhook-id"]));
        Assert.Equal(new[] { start, start + 1, start + 3 }, received.Select(r => long.Parse(r.Headers["webhook-timestamp"], CultureInfo.InvariantCulture)));
        Assert.Equal(3, received.Select(r => r.Headers["webhook-signature"]).Distinct().Count());

        // From the spec alone: v1, then base64 HMAC-SHA256 over "{id}.{timestamp}.{body}" with the raw key.
        Assert.All(received, r => Assert.Equal(SpecSignature(r), r.Headers["webhook-signature"]));

        // And as a receiver using the StandardWebhooks package checks it.
        var receiver = new StandardWebhook(Secret);
        Assert.All(received, r => receiver.Verify(r.Body, HeadersOf(r)));
        Assert.Throws<WebhookVerificationException>(() => receiver.Verify(received[0].Body.Replace("inProgress", "success", StringComparison.Ordinal), HeadersOf(received[0])));
    }

    [Fact]
    public async Task WithoutASecretThereIsNoSignatureAndEachEventHasItsOwnId()
    {
        await using var server = await TestHttpServer.StartAsync((context, _) => Task.CompletedTask);
        using var http = new HttpClient();
        var sink = new HttpStatusCallbackSink(http);

        for (var i = 0; i < 5; i++)
        {
            sink.Post("call-1", server.BaseUrl + "/hook", Body());
        }

        await sink.DisposeAsync();

        Assert.Equal(5, server.Received.Select(r => r.Headers["webhook-id"]).Distinct().Count());
        Assert.All(server.Received, r => Assert.True(long.TryParse(r.Headers["webhook-timestamp"], CultureInfo.InvariantCulture, out _)));
        Assert.All(server.Received, r => Assert.False(r.Headers.ContainsKey("webhook-signature")));
    }

    [Theory]
    [InlineData("my-plain-password")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")] // base64, but without whsec_: which was meant is unclear
    [InlineData("whsec_=")]
    [InlineData("whsec_not base64!")]
    public void ASecretThatIsNotWhsecBase64IsRefusedWithoutRepeatingIt(string secret)
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => new HttpStatusCallbackSink(http, new HttpStatusCallbackOptions { SigningSecret = secret }));

        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecretAndAKeyTogetherAreRefused()
    {
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>(() => new HttpStatusCallbackSink(http, new HttpStatusCallbackOptions { SigningSecret = Secret, SigningKey = Key }));
    }

    private static string SpecSignature(ReceivedRequest request)
    {
        var signed = Encoding.UTF8.GetBytes($"{request.Headers["webhook-id"]}.{request.Headers["webhook-timestamp"]}.{request.Body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key, signed));
    }

    private static HeaderDictionary HeadersOf(ReceivedRequest request) =>
        new(request.Headers.ToDictionary(h => h.Key, h => new StringValues(h.Value), StringComparer.OrdinalIgnoreCase));
}

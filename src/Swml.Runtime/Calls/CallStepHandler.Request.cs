using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;
using Swml.Runtime.Values;

namespace Swml.Runtime.Calls;

public sealed partial class CallStepHandler
{
    /// <summary>request_response_body keeps at most this many bytes of the body.</summary>
    public const int MaxResponseBodyBytes = 64 * 1024;

    /// <summary>request_response_headers keeps at most this many headers.</summary>
    public const int MaxResponseHeaders = 64;

    private async Task<StepOutcome> RequestAsync(RequestArguments arguments, CancellationToken cancellationToken)
    {
        var shownUrl = HttpUrls.Redact(arguments.Url);
        try
        {
            if (!HttpUrls.TrySplit(arguments.Url, out var uri, out var authorization))
            {
                throw new ArgumentException($"'{shownUrl}' is not an http(s) URL.");
            }

            if (string.IsNullOrWhiteSpace(arguments.HttpMethod))
            {
                throw new ArgumentException("request needs a method: GET, POST, PUT or DELETE.");
            }

            shownUrl = uri.AbsoluteUri;
            using var request = BuildRequest(arguments, uri, authorization);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (arguments.Timeout > 0)
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(arguments.Timeout));
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var body = await ReadLimitedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return RequestSucceeded(shownUrl, response, body, arguments.SaveVariables);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A network error, a timeout or a bad URL: the flow sees request_result failed.
            _logger.LogInformation("request {Method} {Url} failed: {Error}", arguments.HttpMethod, shownUrl, ex.Message);
            return RequestFailed(shownUrl);
        }
    }

    private static HttpRequestMessage BuildRequest(RequestArguments arguments, Uri uri, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(new HttpMethod(arguments.HttpMethod.ToUpperInvariant()), uri);
        request.Headers.Authorization = authorization;
        if (arguments.ConnectTimeout > 0)
        {
            request.Options.Set(SwmlHttp.ConnectTimeout, TimeSpan.FromSeconds(arguments.ConnectTimeout));
        }

        string? contentType = null;
        var contentHeaders = new List<(string Name, string Value)>();
        foreach (var (name, value) in arguments.Headers ?? new JsonObject())
        {
            var text = SwmlValue.ToText(value);
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = text;
            }
            else if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                contentHeaders.Add((name, text));
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, text);
            }
        }

        if (arguments.Body is not { } body)
        {
            return request;
        }

        var isJson = body is JsonObject or JsonArray;
        var payload = isJson ? body.ToJsonString() : SwmlValue.ToText(body);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? (isJson ? "application/json" : GuessContentType(payload)));
        foreach (var (name, value) in contentHeaders)
        {
            content.Headers.TryAddWithoutValidation(name, value);
        }

        request.Content = content;
        return request;
    }

    /// <summary>A string body without a Content-Type: guessed from its first non-space character.</summary>
    internal static string GuessContentType(string body)
    {
        foreach (var c in body)
        {
            if (!char.IsWhiteSpace(c))
            {
                return c switch
                {
                    '{' or '[' => "application/json",
                    '<' => "application/xml",
                    // libcurl's default for a POSTed body, which SignalWire's request is built on.
                    _ => "application/x-www-form-urlencoded",
                };
            }
        }

        return "text/plain";
    }

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxResponseBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, Utf8Boundary(buffer.AsSpan(0, length)));
        }
    }

    /// <summary>The length of the span without a UTF-8 sequence cut off at its end.</summary>
    internal static int Utf8Boundary(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= 3 && back <= bytes.Length; back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: keep looking for the lead byte
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }

    private static StepOutcome RequestSucceeded(string url, HttpResponseMessage response, string body, bool saveVariables)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            var key = name.ToLowerInvariant();
            if (headers.Count >= MaxResponseHeaders && !headers.ContainsKey(key))
            {
                break;
            }

            var value = string.Join(", ", values);
            headers[key] = headers[key] is { } earlier ? earlier.GetValue<string>() + ", " + value : value;
        }

        JsonNode? saved = null;
        if (saveVariables)
        {
            try
            {
                saved = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                // Not JSON (or cut at 64 KiB): nothing to save.
            }
        }

        return new StepOutcome
        {
            Variables = new[]
            {
                Variable("request_url", url),
                Variable("request_result", "success"),
                Variable(FlowEngine.ReturnValueVariable, "success"),
                Variable("request_response_code", ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)),
                Variable("request_response_headers", headers),
                Variable("request_response_body", body),
                Variable("request_response", saved),
            },
        };
    }

    private static StepOutcome RequestFailed(string url) => new()
    {
        Variables = new[]
        {
            Variable("request_url", url),
            Variable("request_result", "failed"),
            Variable(FlowEngine.ReturnValueVariable, "failed"),
            Variable("request_response_code", null),
            Variable("request_response_headers", null),
            Variable("request_response_body", null),
            Variable("request_response", null),
        },
    };
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Swml.Runtime.Calls;

namespace Swml.Testing;

/// <summary>
/// Scripted HTTP for flow tests: the answers that request steps and execute/transfer URLs get,
/// and a record of every request. A URL nobody scripted answers 404, which a flow sees as a
/// failed fetch (execute/transfer) or a response code (request).
/// </summary>
public sealed class FakeHttp : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly List<FakeHttpRoute> _routes = new();
    private readonly List<RecordedRequest> _requests = new();

    /// <summary>Every request, in order, as sent (URL without credentials, headers, body).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Scripts the answers to any method on this URL (credentials in it are ignored for matching).</summary>
    public FakeHttpRoute When(string url) => Add(null, url);

    /// <summary>Scripts the answers to one method on this URL.</summary>
    public FakeHttpRoute When(string method, string url) => Add(method, url);

    /// <summary>The URL answers 200 with this SWML document (JSON or YAML).</summary>
    public FakeHttp ReturnsDocument(string url, string swml)
    {
        When(url).ReturnsDocument(swml);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            headers[name] = string.Join(", ", values);
        }

        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!.AbsoluteUri, headers, body);
        FakeHttpRoute? route;
        lock (_gate)
        {
            _requests.Add(recorded);
            route = _routes.LastOrDefault(r => r.Matches(recorded));
        }

        if (route is null)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                RequestMessage = request,
                Content = new StringContent($"FakeHttp: nothing scripted for {recorded.Method} {recorded.Url}"),
            };
        }

        var response = route.Next(recorded);
        response.RequestMessage = request;
        return response;
    }

    private FakeHttpRoute Add(string? method, string url)
    {
        if (!HttpUrls.TrySplit(url, out var uri, out _))
        {
            throw new ArgumentException($"'{HttpUrls.Redact(url)}' is not an absolute http(s) URL.", nameof(url));
        }

        var route = new FakeHttpRoute(method?.ToUpperInvariant(), uri.AbsoluteUri);
        lock (_gate)
        {
            _routes.Add(route);
        }

        return route;
    }
}

/// <summary>
/// The answers of one scripted URL, given in order; the last one repeats
/// (so <c>Returns(503).Returns(200)</c> fails once, then succeeds).
/// </summary>
public sealed class FakeHttpRoute
{
    private readonly object _gate = new();
    private readonly List<Func<RecordedRequest, HttpResponseMessage>> _answers = new();
    private int _next;

    internal FakeHttpRoute(string? method, string url)
    {
        Method = method;
        Url = url;
    }

    public string? Method { get; }

    public string Url { get; }

    public FakeHttpRoute Returns(int statusCode, string body = "", string? contentType = null, IReadOnlyDictionary<string, string>? headers = null) =>
        Add(_ =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)statusCode) { Content = new StringContent(body, Encoding.UTF8) };
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "text/plain; charset=utf-8");
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                if (!response.Headers.TryAddWithoutValidation(name, value))
                {
                    response.Content.Headers.Remove(name);
                    response.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            return response;
        });

    public FakeHttpRoute ReturnsJson(JsonNode json, int statusCode = 200) =>
        Returns(statusCode, json.ToJsonString(), "application/json");

    /// <summary>200 with a SWML document; JSON or YAML, as its first character says.</summary>
    public FakeHttpRoute ReturnsDocument(string swml) =>
        Returns(200, swml, swml.TrimStart().StartsWith('{') ? "application/json" : "application/yaml");

    /// <summary>The request fails on the network (connection refused), as HttpClient reports it.</summary>
    public FakeHttpRoute FailsWithNetworkError(string message = "Connection refused (fake)") =>
        Add(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, message));

    /// <summary>The request times out, as HttpClient reports its own timeout.</summary>
    public FakeHttpRoute TimesOut() =>
        Add(_ => throw new TaskCanceledException("The request timed out (fake).", new TimeoutException()));

    /// <summary>Any answer, computed from the request.</summary>
    public FakeHttpRoute Responds(Func<RecordedRequest, HttpResponseMessage> answer) => Add(answer);

    internal bool Matches(RecordedRequest request) =>
        string.Equals(Url, request.Url, StringComparison.Ordinal) && (Method is null || Method == request.Method);

    internal HttpResponseMessage Next(RecordedRequest request)
    {
        Func<RecordedRequest, HttpResponseMessage> answer;
        lock (_gate)
        {
            if (_answers.Count == 0)
            {
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(string.Empty) };
            }

            answer = _answers[Math.Min(_next, _answers.Count - 1)];
            _next++;
        }

        return answer(request);
    }

    private FakeHttpRoute Add(Func<RecordedRequest, HttpResponseMessage> answer)
    {
        lock (_gate)
        {
            _answers.Add(answer);
        }

        return this;
    }
}

/// <summary>A request the flow made: method, URL (credentials already moved to Authorization), headers and body.</summary>
public sealed record RecordedRequest(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string? ContentType => Headers.TryGetValue("Content-Type", out var value) ? value : null;

    /// <summary>The body as JSON; null when there is none or it is not JSON.</summary>
    public JsonNode? Json
    {
        get
        {
            try
            {
                return Body is null ? null : JsonNode.Parse(Body);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }

    public override string ToString() => $"{Method} {Url}";
}

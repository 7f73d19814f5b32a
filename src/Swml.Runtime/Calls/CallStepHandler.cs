using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Swml.Runtime.Steps;

namespace Swml.Runtime.Calls;

/// <summary>
/// The step handler of a flow running on a call: answer, play, sip_refer and hangup go to the
/// <see cref="ICall"/>, request and execute/transfer URLs go over HTTP, and status callbacks to
/// the <see cref="IStatusCallbackSink"/>. The same handler serves a live SIP call and the test
/// kit's fake one, so what a unit test sees is what a real call does.
/// </summary>
public sealed partial class CallStepHandler : IStepHandler
{
    private static readonly StepOutcome Ended = new() { CallEnded = true };

    private readonly ICall _call;
    private readonly IStatusCallbackSink _callbacks;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _documentTimeout;
    private readonly int _maxDocumentBytes;
    private readonly TimeSpan _referFirstNotifyTimeout;
    private readonly TimeSpan _referFinalNotifyTimeout;
    private readonly Dictionary<string, IMethodHandler> _methods = new(StringComparer.Ordinal);

    public CallStepHandler(ICall call, IStatusCallbackSink callbacks, HttpClient http, CallStepHandlerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(http);
        options ??= new CallStepHandlerOptions();
        _call = call;
        _callbacks = callbacks;
        _http = http;
        _time = options.Time;
        _logger = options.Logger;
        _documentTimeout = options.DocumentTimeout;
        _maxDocumentBytes = options.MaxDocumentBytes;
        _referFirstNotifyTimeout = options.ReferFirstNotifyTimeout;
        _referFinalNotifyTimeout = options.ReferFinalNotifyTimeout;
        RunId = options.RunId ?? Guid.NewGuid().ToString();
        foreach (var handler in options.MethodHandlers)
        {
            if (!_methods.TryAdd(handler.Method, handler))
            {
                throw new ArgumentException($"Two handlers are registered for the method '{handler.Method}'.", nameof(options));
            }
        }
    }

    /// <summary>The run's id, as in callbacks' event_channel "swml:&lt;run id&gt;".</summary>
    public string RunId { get; }

    public async ValueTask<StepOutcome> RunStepAsync(StepInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (_call.Ended.IsCancellationRequested)
        {
            return Ended;
        }

        try
        {
            if (_methods.TryGetValue(invocation.Arguments.Method, out var own))
            {
                return await own.RunAsync(invocation, _call, cancellationToken).ConfigureAwait(false);
            }

            return invocation.Arguments switch
            {
                AnswerArguments answer => await AnswerAsync(answer, cancellationToken).ConfigureAwait(false),
                PlayArguments play => await PlayAsync(play, cancellationToken).ConfigureAwait(false),
                SipReferArguments refer => await ReferAsync(refer, cancellationToken).ConfigureAwait(false),
                RequestArguments request => await RequestAsync(request, cancellationToken).ConfigureAwait(false),
                HangupArguments hangup => await HangupAsync(hangup, cancellationToken).ConfigureAwait(false),
                var other => throw new NotSupportedException($"'{other.Method}' is valid SWML, but the SipRefer runtime does not run it; the application can, with an IMethodHandler for it."),
            };
        }
        catch (OperationCanceledException) when (_call.Ended.IsCancellationRequested)
        {
            // The far end hung up while the step waited: the step is over, and so is the flow.
            return Ended;
        }
    }

    /// <summary>POSTs {call, vars, envs, params} to an execute or transfer URL and returns the document of its 2xx answer.</summary>
    public async ValueTask<string> FetchDocumentAsync(string url, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!HttpUrls.TrySplit(url, out var uri, out var authorization))
        {
            throw new ArgumentException($"'{HttpUrls.Redact(url)}' is not an http(s) URL.", nameof(url));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/yaml"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_documentTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"POST {uri.AbsoluteUri} answered {(int)response.StatusCode} {response.ReasonPhrase}; a SWML document needs a 2xx.", null, response.StatusCode);
            }

            return await ReadDocumentAsync(response.Content, uri, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the flow's cancellation: our timeout. The engine records it as a script error.
            throw new TimeoutException($"POST {uri.AbsoluteUri} did not answer within {_documentTimeout.TotalSeconds:0.###} s.");
        }
    }

    /// <summary>The answer's text, refused once it passes <see cref="CallStepHandlerOptions.MaxDocumentBytes"/>, before anything parses it.</summary>
    private async Task<string> ReadDocumentAsync(HttpContent content, Uri uri, CancellationToken cancellationToken)
    {
        using var buffer = await BoundedRead.ReadAllAsync(
            content,
            _maxDocumentBytes,
            () => new InvalidDataException($"POST {uri.AbsoluteUri} answered with more than {_maxDocumentBytes} bytes, the most a document may have."),
            cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private async Task<StepOutcome> AnswerAsync(AnswerArguments arguments, CancellationToken cancellationToken)
    {
        var answered = _call.IsAnswered || await _call.AnswerAsync(arguments, cancellationToken).ConfigureAwait(false);
        return new StepOutcome
        {
            Variables = new[] { Variable("answer_result", answered ? "success" : "failed") },
            CallEnded = _call.Ended.IsCancellationRequested,
        };
    }

    private async Task<StepOutcome> PlayAsync(PlayArguments arguments, CancellationToken cancellationToken)
    {
        if (arguments.Urls.Count == 0 || arguments.Urls.Any(IsEmptyPlayable))
        {
            // e.g. play: {url: "say: ${unset_variable}"}: there is nothing to play.
            throw new InvalidOperationException("Nothing to play: a URL or the text to say is empty.");
        }

        if (arguments.AutoAnswer && !_call.IsAnswered &&
            !await _call.AnswerAsync(new AnswerArguments(), cancellationToken).ConfigureAwait(false))
        {
            return _call.Ended.IsCancellationRequested ? Ended : throw new InvalidOperationException("The call could not be answered before playing.");
        }

        var statusUrl = string.IsNullOrWhiteSpace(arguments.StatusUrl) ? null : arguments.StatusUrl;
        var controlId = Guid.NewGuid().ToString();
        if (statusUrl is not null)
        {
            PostCallback(statusUrl, PlayCallback(controlId, "playing"));
        }

        PlayResult result;
        try
        {
            result = await _call.PlayAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (statusUrl is not null && !_call.Ended.IsCancellationRequested)
        {
            // The flow moved on (stopped): the play ended without finishing.
            PostCallback(statusUrl, PlayCallback(controlId, "finished"));
            throw;
        }

        if (statusUrl is not null)
        {
            PostCallback(statusUrl, PlayCallback(controlId, result.Status == PlayStatus.Failed ? "error" : "finished"));
        }

        return result.Status switch
        {
            PlayStatus.Finished => _call.Ended.IsCancellationRequested ? Ended : StepOutcome.None,
            PlayStatus.CallEnded => Ended,
            _ => throw new InvalidOperationException($"Playback failed: {result.Error}"),
        };
    }

    private static bool IsEmptyPlayable(string url) =>
        string.IsNullOrWhiteSpace(url) ||
        (url.StartsWith("say:", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(url[4..]));

    private async Task<StepOutcome> HangupAsync(HangupArguments arguments, CancellationToken cancellationToken)
    {
        await _call.HangupAsync(arguments.Reason, cancellationToken).ConfigureAwait(false);
        return Ended;
    }

    private static KeyValuePair<string, JsonNode?> Variable(string name, JsonNode? value) => new(name, value);
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Swml.Runtime.Calls;
using Swml.Runtime.Steps;

namespace Swml.Runtime.Hosting;

/// <summary>
/// Wraps a call's step handler with what an operator needs: a span and a log line per step, with
/// the arguments (secrets masked) and the variables the step set, and the REFER outcome counted.
/// </summary>
internal sealed class TracingStepHandler : IStepHandler
{
    private readonly IStepHandler _inner;
    private readonly ILogger _logger;

    public TracingStepHandler(IStepHandler inner, ILogger logger)
    {
        _inner = inner;
        _logger = logger;
    }

    public async ValueTask<StepOutcome> RunStepAsync(StepInvocation invocation, CancellationToken cancellationToken)
    {
        var method = invocation.Arguments.Method;
        using var activity = SwmlTelemetry.Source.StartActivity("swml.step");
        activity?.SetTag("swml.step", invocation.Step.ToString());
        activity?.SetTag("swml.method", method);
        // The arguments are serialised and redacted only for a line that is written.
        var logged = _logger.IsEnabled(LogLevel.Information);
        if (logged)
        {
            _logger.LogInformation("step {Step} {Method} {Arguments}", invocation.Step, method, Shown(invocation.Arguments.ToJson()));
        }

        try
        {
            var outcome = await _inner.RunStepAsync(invocation, cancellationToken).ConfigureAwait(false);
            if (logged && outcome.Variables.Count > 0)
            {
                _logger.LogInformation("step {Step} {Method} set {Variables}", invocation.Step, method, string.Join(", ", outcome.Variables.Select(v => $"{v.Key}={Shown(v.Value)}")));
            }

            if (method == "sip_refer" && outcome.Variables.FirstOrDefault(v => v.Key == "sip_refer_result").Value is { } result)
            {
                SwmlTelemetry.ReferOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", result.ToString()));
                activity?.SetTag("swml.sip_refer_result", result.ToString());
            }

            return outcome;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, HttpUrls.RedactText(ex.Message));
            throw;
        }
    }

    public async ValueTask<string> FetchDocumentAsync(string url, JsonObject body, CancellationToken cancellationToken)
    {
        using var activity = SwmlTelemetry.Source.StartActivity("swml.fetch");
        activity?.SetTag("url.full", HttpUrls.Redact(url));
        _logger.LogInformation("fetching the document of {Url}", HttpUrls.Redact(url));
        return await _inner.FetchDocumentAsync(url, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A value for a log line: URL passwords masked, and cut short (a response body may be 64 KiB).</summary>
    private static string Shown(JsonNode? value)
    {
        const int Longest = 300;
        var text = value is null ? "(none)" : HttpUrls.RedactText(value.ToJsonString());
        return text.Length <= Longest ? text : text.Substring(0, Longest) + "...";
    }
}

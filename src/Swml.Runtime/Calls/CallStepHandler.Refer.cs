using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;
using Swml.Sip.Events;

namespace Swml.Runtime.Calls;

public sealed partial class CallStepHandler
{
    public const string ReferEventType = "calling.call.refer";

    public const string PlayEventType = "calling.call.play";

    private async Task<StepOutcome> ReferAsync(SipReferArguments arguments, CancellationToken cancellationToken)
    {
        var options = new ReferOptions
        {
            ReferTo = arguments.ToUri,
            Username = arguments.Username,
            Password = arguments.Password,
            FirstNotifyTimeout = _referFirstNotifyTimeout,
            FinalNotifyTimeout = _referFinalNotifyTimeout,
        };
        var tracker = new ReferTracker(this, string.IsNullOrWhiteSpace(arguments.StatusUrl) ? null : arguments.StatusUrl, arguments.ToUri);
        _logger.LogInformation("sip_refer to {ReferTo} (credentials: {HasCredentials})", arguments.ToUri, options.HasCredentials);

        ReferResult result;
        try
        {
            result = await _call.ReferAsync(options, tracker, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_call.Ended.IsCancellationRequested)
        {
            result = tracker.Snapshot(callEnded: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // SWML has an outcome for a REFER that went wrong; the flow goes on with it.
            _logger.LogWarning(ex, "sip_refer to {ReferTo} failed in the call layer; reporting error", arguments.ToUri);
            result = tracker.Snapshot(callEnded: _call.Ended.IsCancellationRequested);
        }

        var outcome = ReferOutcomes.Classify(result).ToSwml();
        tracker.Complete(result, outcome);
        _logger.LogInformation("sip_refer to {ReferTo}: {Outcome} ({Result})", arguments.ToUri, outcome, result);
        return new StepOutcome
        {
            Variables = new[]
            {
                Variable("sip_refer_to", arguments.ToUri),
                Variable("sip_refer_result", outcome),
                Variable(FlowEngine.ReturnValueVariable, outcome),
                Variable("sip_refer_response_code", Code(result.ReferStatusCode)),
                Variable("sip_refer_to_response_code", Code(result.FinalNotifyCode)),
            },
            CallEnded = _call.Ended.IsCancellationRequested,
        };
    }

    private static JsonNode? Code(int? code) => code?.ToString(CultureInfo.InvariantCulture);

    /// <summary>The calling.call.refer callback body of design.md; never carries the password.</summary>
    private JsonObject ReferCallback(string toUri, string state, int? referResponseCode, int? notifyCode)
    {
        var info = _call.Info;
        var parameters = new JsonObject
        {
            ["call_id"] = info["call_id"]?.DeepClone(),
            ["node_id"] = info["node_id"]?.DeepClone(),
            ["sip_refer_to"] = toUri,
            ["state"] = state,
        };
        if (referResponseCode is not null)
        {
            parameters["sip_refer_response_code"] = Code(referResponseCode);
        }

        if (notifyCode is not null)
        {
            parameters["sip_notify_response_code"] = Code(notifyCode);
        }

        return CallEvent(ReferEventType, parameters);
    }

    /// <summary>The calling.call.play callback body: the play's control_id and state (playing, finished, error).</summary>
    private JsonObject PlayCallback(string controlId, string state)
    {
        var info = _call.Info;
        return CallEvent(PlayEventType, new JsonObject
        {
            ["call_id"] = info["call_id"]?.DeepClone(),
            ["node_id"] = info["node_id"]?.DeepClone(),
            ["control_id"] = controlId,
            ["state"] = state,
        });
    }

    /// <summary>A status callback's envelope around a call event's params, as design.md gives it.</summary>
    private JsonObject CallEvent(string eventType, JsonObject parameters)
    {
        var info = _call.Info;
        if (info["segment_id"] is { } segment)
        {
            parameters["segment_id"] = segment.DeepClone();
        }

        var now = _time.GetUtcNow();
        return new JsonObject
        {
            ["event_type"] = eventType,
            ["event_channel"] = "swml:" + RunId,
            ["timestamp"] = (now - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond,
            ["project_id"] = info["project_id"]?.DeepClone(),
            ["space_id"] = info["space_id"]?.DeepClone(),
            ["params"] = parameters,
        };
    }

    private void PostCallback(string url, JsonObject body)
    {
        var callId = _call.Info["call_id"]?.ToString() ?? RunId;
        try
        {
            _callbacks.Post(callId, url, body);
        }
        catch (Exception ex)
        {
            // A callback is best effort: it never ends or blocks the flow.
            _logger.LogWarning(ex, "Could not queue the status callback to {Url}", HttpUrls.Redact(url));
        }
    }

    /// <summary>
    /// Follows a REFER's progress as the call reports it (synchronously, unlike Progress&lt;T&gt;,
    /// so order is kept) and posts its callbacks: one inProgress once accepted, then one final state.
    /// </summary>
    private sealed class ReferTracker : IProgress<ReferProgress>
    {
        private readonly object _gate = new();
        private readonly CallStepHandler _owner;
        private readonly string? _statusUrl;
        private readonly string _toUri;
        private readonly List<int> _notifyCodes = new();

        // Callbacks decided under the lock and posted after it, in order, by one thread at a time:
        // a sink may start sending on the posting thread, and HTTP has no business under our lock.
        private readonly Queue<JsonObject> _outbox = new();
        private bool _posting;

        // The step's span: progress arrives on the SIP thread, where Activity.Current is not it.
        private readonly Activity? _activity = Activity.Current;
        private int? _referCode;
        private bool _inProgressPosted;
        private bool _completed;

        public ReferTracker(CallStepHandler owner, string? statusUrl, string toUri)
        {
            _owner = owner;
            _statusUrl = statusUrl;
            _toUri = toUri;
        }

        public void Report(ReferProgress value)
        {
            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }

                _activity?.AddEvent(new ActivityEvent(
                    value.Kind == ReferProgressKind.Accepted ? "sip.refer.accepted" : "sip.refer.notify",
                    tags: new ActivityTagsCollection { ["sip.status_code"] = value.Code }));
                if (value.Kind == ReferProgressKind.Accepted)
                {
                    _referCode = value.Code;
                    PostInProgress(value.Code, notifyCode: null);
                }
                else
                {
                    _notifyCodes.Add(value.Code);
                    PostInProgress(_referCode, value.Code);
                }
            }

            PostQueued();
        }

        /// <summary>What the progress told so far, for a REFER whose call layer gave no result.</summary>
        public ReferResult Snapshot(bool callEnded)
        {
            lock (_gate)
            {
                return new ReferResult { ReferStatusCode = _referCode, NotifyCodes = _notifyCodes.ToArray(), CallEndedBeforeResult = callEnded };
            }
        }

        /// <summary>Posts the final state (<paramref name="outcome"/>, already classified); later progress is ignored.</summary>
        public void Complete(ReferResult result, string outcome)
        {
            lock (_gate)
            {
                _completed = true;
                _activity?.AddEvent(new ActivityEvent("sip.refer.result", tags: new ActivityTagsCollection
                {
                    ["sip.status_code"] = result.ReferStatusCode,
                    ["sip.sipfrag_status_code"] = result.FinalNotifyCode,
                    ["swml.sip_refer_result"] = outcome,
                }));
                if (result.Accepted)
                {
                    // A call layer that reported no progress still gets its inProgress first.
                    var accepted = result.ReferStatusCode is >= 200 and < 300;
                    PostInProgress(accepted ? result.ReferStatusCode : null, accepted ? null : result.NotifyCodes[0]);
                }

                if (_statusUrl is not null)
                {
                    _outbox.Enqueue(_owner.ReferCallback(_toUri, outcome, result.ReferStatusCode, result.FinalNotifyCode));
                }
            }

            PostQueued();
        }

        private void PostInProgress(int? referCode, int? notifyCode)
        {
            if (_inProgressPosted || referCode is not (null or (>= 200 and < 300)))
            {
                return;
            }

            _inProgressPosted = true;
            if (_statusUrl is not null)
            {
                _outbox.Enqueue(_owner.ReferCallback(_toUri, ReferOutcomes.InProgressState, referCode, notifyCode));
            }
        }

        /// <summary>Posts what the lock queued, in order; a thread that finds another posting leaves its callbacks to that one.</summary>
        private void PostQueued()
        {
            lock (_gate)
            {
                if (_posting || _outbox.Count == 0)
                {
                    return;
                }

                _posting = true;
            }

            while (true)
            {
                JsonObject next;
                lock (_gate)
                {
                    if (!_outbox.TryDequeue(out next!))
                    {
                        _posting = false;
                        return;
                    }
                }

                // Never throws: a callback is best effort.
                _owner.PostCallback(_statusUrl!, next);
            }
        }
    }
}

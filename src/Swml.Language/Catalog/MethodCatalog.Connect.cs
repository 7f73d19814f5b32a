using static Swml.Language.Catalog.Shapes;

namespace Swml.Language.Catalog;

public static partial class MethodCatalog
{
    /// <summary>The values of connect_failed_reason (and of the connect callbacks' failed_reason).</summary>
    public static IReadOnlyList<string> ConnectFailedReasons { get; } = new[]
    {
        "none", "hangup", "busy", "noAnswer", "cancel", "decline", "error", "abandoned", "maxDuration", "notFound",
    };

    /// <summary>The only methods a connect <c>confirm</c> list may call, run on the answered leg before bridging.</summary>
    private static readonly StepListShape ConfirmSteps = StepsUsing(
        "cond", "set", "unset", "hangup", "play", "prompt", "record", "record_call", "stop_record_call",
        "tap", "stop_tap", "stream", "stop_stream", "send_digits", "send_sms", "denoise", "stop_denoise");

    private static readonly ValueShape Confirm = OneOf(HttpUrl, ConfirmSteps);

    private static readonly ObjectShape SipHeader = Object(
        Required("name", NonEmptyString, "The header's name."),
        Required("value", Str, "The header's value."));

    private static readonly StringShape CallStateEvent = Enum("created", "ringing", "answered", "ended");

    private static readonly StringShape Encryption = Enum("mandatory", "optional", "forbidden");

    private static readonly StringShape CallbackMethod = Enum("GET", "POST");

    /// <summary>Key/value strings handed to a WebSocket endpoint when a stream starts.</summary>
    private static readonly ObjectShape CustomParameters = MapOf(Str);

    /// <summary>One entry of connect's serial, parallel or serial_parallel lists.</summary>
    private static readonly ObjectShape ConnectDestination = Object(
        Required("to", NonEmptyString, "What to dial: an E.164 number, a sip: URI, a /resource/address, queue:<name> or stream:wss://..."),
        Optional("from", Str, "Caller ID number for this destination, instead of the method-level one."),
        Optional("from_name", Str, "Caller ID name (CNAM) for this destination; SIP only."),
        Optional("headers", ListOf(SipHeader), "Extra SIP headers for this destination's INVITE, instead of the method-level ones."),
        Optional("codecs", Str, "Codec list, comma separated, for this destination's SDP offer; SIP only."),
        Optional("webrtc_media", Bool, "Negotiate WebRTC media with this destination; SIP only.", "false"),
        Optional("session_timeout", Int(1), "Session-Expires value, in seconds, for this destination's INVITE; SIP only."),
        Optional("username", Str, "Username for SIP digest authentication; sip: destinations only."),
        Secret("password", "Password for SIP digest authentication; sip: destinations only."),
        Optional("timeout", Integer, "Seconds to let this destination ring before giving up.", "60"),
        Optional("call_state_events", ListOf(CallStateEvent), "Which state changes of this leg to report to call_state_url.", "[ended]"),
        Optional("call_state_url", HttpUrl, "An http(s) URL that receives this leg's calling.call.state events."),
        Optional("confirm", Confirm, "A URL returning SWML, or inline steps, run on this destination once it answers."),
        Optional("confirm_timeout", Integer, "Seconds to wait for this destination's confirm to finish."),
        Optional("encryption", Encryption, "Whether SRTP is required, offered or refused for this destination.", "optional"),
        Optional("name", Str, "A name for the stream; stream: destinations only."),
        Optional("codec", Str, "Stream audio codec (PCMU, PCMA, G722, L16, with optional @rate/@ptime); stream: destinations only."),
        Optional("realtime", Bool, "Let the stream endpoint send audio back into the call; stream: destinations only.", "false"),
        Optional("status_url_method", CallbackMethod, "Whether stream status events are sent with GET or POST; stream: destinations only.", "POST"),
        Secret("authorization_bearer_token", "Bearer token sent in the WebSocket handshake's Authorization header; stream: destinations only."),
        Optional("custom_parameters", CustomParameters, "Strings passed to the stream endpoint when it connects; stream: destinations only."));

    /// <summary>join_conference's result: a switch on a named variable, or cond entries.</summary>
    private static readonly ValueShape ConferenceResult = OneOf(
        Object(
            Required("variable", VariableName, "The variable to switch on."),
            Required("case", MapOf(Steps), "Steps to run for each value, keyed by the value as a string."),
            Optional("default", Steps, "Steps to run when no case matches.")),
        CondEntries);

    private static IEnumerable<MethodDefinition> ConnectMethods()
    {
        yield return new MethodDefinition(
            "connect",
            Object(
                new[]
                {
                    Optional("from", Str, "Caller ID number for the outgoing legs; the caller's number when left out."),
                    Optional("from_name", Str, "Caller ID name (CNAM) for the outgoing legs; SIP only."),
                    Optional("headers", ListOf(SipHeader), "Extra SIP headers for the INVITE; ignored for phone numbers."),
                    Optional("codecs", Str, "Comma-separated codecs to offer; ignored for phone numbers."),
                    Optional("webrtc_media", Bool, "Negotiate WebRTC media with SIP destinations.", "false"),
                    Optional("session_timeout", Int(1), "Session-Expires value, in seconds, for the INVITE; SIP only."),
                    Optional("ringback", ListOf(PlayUrl), "Play URLs the caller hears while the destination rings, instead of the provider's ringback."),
                    Optional("result", ResultShape, "A switch (mapping) or cond (list) run after the bridged leg ends."),
                    Optional("timeout", Integer, "Seconds to let a destination ring before giving up.", "60"),
                    Optional("max_duration", Integer, "The longest the bridged call may last, in seconds.", "14400"),
                    Optional("answer_on_bridge", Bool, "Hold off answering the inbound call until a destination answers.", "false"),
                    Optional("confirm", Confirm, "A URL returning SWML, or inline steps, run on the answered leg before it is bridged."),
                    Optional("confirm_timeout", Integer, "Seconds to wait for confirm to finish."),
                    Optional("encryption", Encryption, "Whether SRTP is required, offered or refused.", "optional"),
                    Optional("call_state_url", HttpUrl, "An http(s) URL (user:password@ allowed) that receives calling.call.state events for the outgoing legs."),
                    Optional("transfer_after_bridge", Str, "An http(s) URL returning SWML, or a SWML document as a JSON string, to run once the bridge ends."),
                    Optional("call_state_events", ListOf(CallStateEvent), "Which leg state changes to report to call_state_url.", "[ended]"),
                    StatusUrl("calling.call.connect"),
                    Optional("to", NonEmptyString, "The one destination to dial: an E.164 number, a sip: URI, a /resource/address, queue:<name> or stream:wss://..."),
                    Optional("username", Str, "Username for SIP digest authentication; sip: destinations only."),
                    Secret("password", "Password for SIP digest authentication; sip: destinations only."),
                    Optional("name", Str, "A name for the stream; stream: destinations only."),
                    Optional("codec", Str, "Stream audio codec (PCMU, PCMA, G722, L16, with optional @rate/@ptime); stream: destinations only."),
                    Optional("realtime", Bool, "Let the stream endpoint send audio back into the call; stream: destinations only.", "false"),
                    Optional("status_url_method", CallbackMethod, "Whether stream status events are sent with GET or POST; stream: destinations only.", "POST"),
                    Secret("authorization_bearer_token", "Bearer token sent in the WebSocket handshake's Authorization header; stream: destinations only."),
                    Optional("custom_parameters", CustomParameters, "Strings passed to the stream endpoint when it connects; stream: destinations only."),
                    Optional("serial", ListOf(ConnectDestination), "Destinations tried one after another until one answers."),
                    Optional("parallel", ListOf(ConnectDestination), "Destinations rung together; the first to answer is bridged."),
                    Optional("serial_parallel", ListOf(ListOf(ConnectDestination)), "Groups tried one after another, the destinations of each group rung together."),
                },
                ExactlyOne("to", "serial", "parallel", "serial_parallel")),
            "Dials one or more destinations and bridges the first that answers to the call.",
            outputs: new[]
            {
                Output("connect_result", "Whether a destination was bridged.", "connected", "failed"),
                Output("connect_failed_reason", "Why the connect failed, or none when it succeeded.", ConnectFailedReasons.ToArray()),
                ReturnValue("The same as connect_result."),
            });

        yield return new MethodDefinition(
            "enter_queue",
            Object(
                Required("queue_name", NonEmptyString, "The queue to wait in; it is created if it does not exist."),
                Required("transfer_after_bridge", Str, "An http(s) URL returning SWML, or a SWML document as a JSON string, to run once the agent bridge ends."),
                StatusUrl("calling.call.queue"),
                Optional("wait_url", HttpUrl, "Audio fetched and played to the caller while waiting, instead of the default hold music."),
                Optional("wait_time", Int(1), "The longest the caller may wait in the queue, in seconds.", "3600")),
            "Puts the call in a named queue until an agent connects to it.",
            outputs: new[]
            {
                Output("queue_result", "Where the call is in its queue journey.", "entering", "connecting", "connected", "leaving", "timeout", "hangup", "failed"),
                Output("wait_time", VariableType.Integer, "Seconds the caller spent in the queue, or -1 when unknown."),
                Output("entry_position", VariableType.Integer, "The caller's place in the queue on entering, or -1 when unknown."),
                Output("entry_size", VariableType.Integer, "How many callers the queue held on entering, or -1 when unknown."),
            });

        yield return new MethodDefinition(
            "join_room",
            Object(
                Required("name", Matching("[A-Za-z0-9_-]+", "a room name of letters, digits, '_' and '-'"), "The video room to join; it is created if it does not exist.")),
            "Joins the call to a RELAY video room.",
            outputs: new[] { Output("join_room_result", "Whether the call joined the room.", "joined", "failed") });

        yield return new MethodDefinition(
            "join_conference",
            Object(
                Required("name", NonEmptyString, "The conference to join; it is created on first use."),
                Optional("muted", Bool, "Join with the microphone muted.", "false"),
                Optional("beep", Enum("true", "false", "onEnter", "onExit"), "When a beep marks participants joining or leaving.", "true"),
                Optional("start_on_enter", Bool, "Begin the conference the moment this caller arrives, without waiting for others.", "true"),
                Optional("end_on_exit", Bool, "Close the conference for everyone once this caller leaves.", "false"),
                Optional("wait_url", HttpUrl, "Media played while the conference waits to start, instead of the default hold music."),
                Optional("max_participants", Int(2, 100000), "How many participants the conference admits.", "100000"),
                Optional("record", Enum("do-not-record", "record-from-start"), "Whether the conference is recorded.", "do-not-record"),
                Optional("region", Enum("global", "us", "eu", "ch"), "Where the conference is hosted."),
                Optional("trim", Enum("trim-silence", "do-not-trim"), "Whether leading silence is cut from the recording.", "trim-silence"),
                Optional("coach", Str, "The call SID of a participant this call coaches."),
                Optional("status_callback_event", Str, "Space-separated conference events to report: start, end, join, leave, mute, hold, modify, speaker, announcement."),
                Optional("status_callback_event_type", Enum("cxml", "laml", "relay"), "The payload format of conference status events."),
                Optional("status_callback", HttpUrl, "An http(s) URL that receives conference status events."),
                Optional("status_callback_method", CallbackMethod, "Whether conference status events are sent with GET or POST.", "POST"),
                Optional("recording_status_callback", HttpUrl, "An http(s) URL that receives recording status events."),
                Optional("recording_status_callback_method", CallbackMethod, "Whether recording status events are sent with GET or POST.", "POST"),
                Optional("recording_status_callback_event", Str, "Space-separated recording events to report: in-progress, completed, absent."),
                Optional("recording_status_callback_event_type", Enum("cxml", "laml", "relay"), "The payload format of recording status events."),
                Optional("result", ConferenceResult, "A switch (mapping) or cond (list) run when the conference result arrives."),
                Optional("stream", Object(
                    Required("url", Uri("wss"), "The wss:// endpoint that receives the conference audio."),
                    Optional("name", Str, "A label the endpoint can use to tell streams apart."),
                    Optional("codec", Str, "Stream audio codec (PCMU, PCMA, G722, L16, with optional @rate/@ptime)."),
                    StatusUrl("calling.call.stream"),
                    Optional("status_url_method", CallbackMethod, "Whether stream status events are sent with GET or POST.", "POST"),
                    Optional("realtime", Bool, "Let the endpoint send audio back into the conference.", "false"),
                    Secret("authorization_bearer_token", "Bearer token sent in the WebSocket handshake's Authorization header."),
                    Optional("custom_parameters", CustomParameters, "Strings passed to the endpoint when the stream connects.")),
                    "A WebSocket stream of the conference audio.")),
            "Joins the call to an audio conference shared with RELAY and cXML calls.",
            outputs: new[]
            {
                Output("join_conference_result", "How the conference attempt ended.", "completed", "answered", "no-answer", "failed", "canceled"),
                ReturnValue("The same as join_conference_result."),
            });
    }
}

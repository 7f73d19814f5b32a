using static Swml.Language.Catalog.Shapes;

namespace Swml.Language.Catalog;

public static partial class MethodCatalog
{
    /// <summary>The values of pay_result.</summary>
    public static IReadOnlyList<string> PayResults { get; } = new[]
    {
        "success", "too-many-failed-attempts", "payment-connector-error", "caller-interrupted-with-star",
        "relay-pay-stop", "caller-hung-up", "validation-error", "internal-error",
    };

    private static readonly StringShape RecordFormat = Enum("wav", "mp3", "mp4");

    private static readonly StringShape CallerSide = Enum("remote-caller", "local-caller");

    private static readonly StringShape TranslationFilter = Matching(
        "polite|rude|professional|shakespeare|gen-z|prompt:.+",
        "polite, rude, professional, shakespeare, gen-z or prompt:<instructions>");

    /// <summary>The on-demand summary action shared by live_transcribe and live_translate.</summary>
    private static readonly ObjectShape SummarizeAction = Object(
        Optional("webhook", HttpUrl, "An http(s) URL that receives the summary."),
        Optional("prompt", Str, "What the summary should focus on, as instructions to the AI."));

    private static IEnumerable<MethodDefinition> MediaMethods()
    {
        yield return new MethodDefinition(
            "prompt",
            Object(
                Required("play", OneOf(PlayUrl, ListOf(PlayUrl)), "What to play while waiting for input: one play URL or a list of them."),
                Optional("volume", Num(-40, 40), "Volume change in dB for what is played.", "0"),
                SpeechOption("say_voice", "Text-to-speech voice for say:.", "Polly.Salli"),
                SpeechOption("say_language", "Text-to-speech language for say:.", "en-US"),
                SpeechOption("say_gender", "Text-to-speech gender for say:.", "female"),
                Optional("max_digits", Integer, "How many digits to collect.", "1"),
                Optional("terminators", Str, "Keypad digits that finish collection before max_digits is reached."),
                Optional("digit_timeout", Number, "Seconds to wait between digits.", "5.0"),
                Optional("initial_timeout", Number, "Seconds to wait for input to begin.", "5.0"),
                Optional("speech_timeout", Number, "The longest to wait for a speech result, in seconds; setting it turns on speech input."),
                Optional("speech_end_timeout", Number, "Seconds of silence that end an utterance; setting it turns on speech input."),
                Optional("speech_language", Str, "The language to recognise; setting it turns on speech input."),
                Optional("speech_hints", ListOf(Str), "Words or phrases the caller is likely to say; setting them turns on speech input."),
                Optional("speech_engine", Str, "The speech recogniser, e.g. Google, Google.V2 or Deepgram; SignalWire picks one when unset."),
                StatusUrl("calling.call.collect")),
            "Plays audio and collects digits, speech or both from the caller.",
            outputs: new[]
            {
                Output("prompt_result", "What kind of input was collected.", "failed", "no_input", "match_speech", "match_digits", "no_match"),
                Output("prompt_value", "The digits pressed or the words recognised."),
                Output("prompt_digit_terminator", "The terminator digit that ended collection, if any."),
                Output("prompt_speech_confidence", VariableType.Number, "The recogniser's confidence in the speech result, if any."),
                Output("prompt_value_raw", "The collected input as received, before any clean-up."),
            });

        yield return new MethodDefinition(
            "record",
            Object(
                Optional("stereo", Bool, "Record the two sides on separate channels.", "false"),
                Optional("format", RecordFormat, "The recording's file format.", "wav"),
                Optional("direction", Enum("speak", "listen"), "Record what the caller says (speak) or what the caller hears (listen).", "speak"),
                Optional("terminators", Str, "Keypad digits that end the recording.", "#"),
                Optional("beep", Bool, "Sound a tone to signal that recording has begun.", "false"),
                Optional("input_sensitivity", Number, "How readily the voice detector treats sound as speech, 0 to 100; higher is more sensitive.", "44.0"),
                Optional("initial_timeout", Number, "Seconds to wait for speech to begin.", "4.0"),
                Optional("end_silence_timeout", Number, "Seconds of silence that end the recording.", "5.0"),
                Optional("max_length", Number, "The longest the recording may run, in seconds."),
                StatusUrl("calling.call.record")),
            "Records the call in the foreground, for example a voicemail; the next step runs once recording stops.",
            outputs: new[]
            {
                Output("record_url", "Where the recording can be downloaded."),
                Output("record_result", "Whether the recording worked.", "success", "failed"),
            });

        yield return new MethodDefinition(
            "record_call",
            Object(
                Optional("control_id", Str, "A name for this recording, for stop_record_call; generated when unset."),
                Optional("stereo", Bool, "Record the two sides on separate channels.", "false"),
                Optional("format", RecordFormat, "The recording's file format.", "wav"),
                Optional("direction", Enum("speak", "listen", "both"), "Record what the caller says (speak), hears (listen) or both.", "both"),
                Optional("terminators", Str, "Keypad digits that end the recording; none by default.", ""),
                Optional("beep", Bool, "Sound a tone to signal that recording has begun.", "false"),
                Optional("input_sensitivity", Number, "How readily the voice detector treats sound as speech, 0 to 100; higher is more sensitive.", "44.0"),
                Optional("initial_timeout", Number, "Seconds to wait for speech to begin; 0 waits forever.", "0"),
                Optional("end_silence_timeout", Number, "Seconds of silence that end the recording; 0 never ends it.", "0"),
                Optional("max_length", Number, "The longest the recording may run, in seconds."),
                StatusUrl("calling.call.record")),
            "Starts recording the call in the background and continues with the next step.",
            outputs: new[]
            {
                Output("record_call_url", "Where the recording can be downloaded."),
                Output("record_call_result", "Whether the recording started.", "success", "failed"),
                Output("record_control_id", "The control ID of the recording."),
            });

        yield return new MethodDefinition(
            "stop_record_call",
            Object(Optional("control_id", Str, "The recording to stop; the most recent one when unset.")),
            "Stops a background recording started by record_call.",
            outputs: new[] { Output("stop_record_call_result", "Whether the recording was stopped.", "success", "failed") });

        yield return new MethodDefinition(
            "denoise",
            EmptyObject,
            "Turns on noise reduction for the call.",
            outputs: new[] { Output("denoise_result", "Whether noise reduction is now on.", "on", "failed") });

        yield return new MethodDefinition(
            "stop_denoise",
            EmptyObject,
            "Turns off the noise reduction started by denoise.",
            outputs: new[] { Output("denoise_result", "Set to off once noise reduction stops.", "off") });

        yield return new MethodDefinition(
            "detect_machine",
            Object(
                Optional("detect_message_end", Bool, "Keep detecting until the greeting's beep or end, instead of stopping at the first verdict.", "false"),
                Optional("detectors", Str, "Comma-separated detectors to run: amd, fax.", "amd,fax"),
                Optional("end_silence_timeout", Num(0), "Seconds of silence that mark the end of the far end's speech.", "1.0"),
                Optional("initial_timeout", Num(0), "Seconds to wait for the far end to start speaking.", "4.5"),
                Optional("machine_ready_timeout", Num(0), "Seconds of silence after a machine's speech before the READY event; end_silence_timeout when unset."),
                Optional("machine_voice_threshold", Num(0), "Seconds of continuous speech that mean a machine.", "1.25"),
                Optional("machine_words_threshold", Int(0), "Words in one utterance that mean a machine.", "6"),
                StatusUrl("calling.call.detect"),
                Optional("timeout", Num(0), "The longest detection may run, in seconds.", "30.0"),
                Optional("tone", Enum("CED", "CNG"), "The fax tone to listen for from the far end.", "CED"),
                Optional("wait", Bool, "Wait for the verdict before the next step; false detects in the background and needs status_url.", "true")),
            "Finds out whether a person, an answering machine or a fax answered.",
            outputs: new[]
            {
                Output("detect_result", "The detection state or verdict.", "machine", "human", "fax", "unknown", "detecting", "error"),
                Output("detect_machine_beep", "Whether a beep was heard.", "true", "false"),
                Output("detect_ms", VariableType.Integer, "How long detection took, in milliseconds."),
            });

        yield return new MethodDefinition(
            "send_digits",
            Object(
                Required("digits", Matching("[0-9*#A-DWw]+", "DTMF digits 0-9, *, #, A-D, W (1 s pause) or w (0.5 s pause)"), "The DTMF tones to send; W pauses 1 s and w pauses 0.5 s.")),
            "Sends DTMF tones on the call.",
            outputs: new[] { Output("send_digits_result", "Whether the digits were sent.", "success", "failed") });

        yield return new MethodDefinition(
            "tap",
            Object(
                Required("uri", Uri("rtp", "ws", "wss"), "Where the tapped audio goes: rtp://<ip>:<port>, ws:// or wss://."),
                Optional("control_id", Str, "A name for this tap, for stop_tap; generated when unset."),
                Optional("direction", Enum("speak", "listen", "both"), "Tap what the caller says (speak), hears (listen) or both.", "speak"),
                Optional("codec", Enum("PCMU", "PCMA"), "Audio encoding used for the tap.", "PCMU"),
                Optional("rtp_ptime", Integer, "Packet time in milliseconds for rtp:// taps.", "20"),
                StatusUrl("calling.call.tap")),
            "Starts copying the call's audio in the background to an RTP or WebSocket endpoint.",
            outputs: new[]
            {
                Output("tap_uri", "The endpoint the tap sends to."),
                Output("tap_result", "Whether the tap started.", "success", "failed"),
                Output("tap_control_id", "The control ID of the tap."),
                Output("tap_rtp_src_addr", "For RTP taps, the address the audio is sent from."),
                Output("tap_rtp_src_port", VariableType.Integer, "For RTP taps, the port the audio is sent from."),
                Output("tap_ptime", VariableType.Integer, "The packet time of the tapped audio, in milliseconds."),
                Output("tap_codec", "Audio encoding used for the tap."),
                Output("tap_rate", VariableType.Integer, "The sample rate of the tapped audio."),
            });

        yield return new MethodDefinition(
            "stop_tap",
            Object(Optional("control_id", Str, "The tap to stop; the most recent one when unset.")),
            "Stops a tap started by tap.",
            outputs: new[] { Output("stop_tap_result", "Whether the tap was stopped.", "success", "failed") });

        yield return new MethodDefinition(
            "stream",
            Object(
                Required("url", Uri("wss"), "The wss:// endpoint that receives the call audio."),
                Optional("control_id", Str, "A name for this stream, unique on the call, for stop_stream; generated when unset."),
                Optional("name", Str, "A name for the stream, included in its status events."),
                Optional("track", Enum("inbound_track", "outbound_track", "both_tracks"), "Stream what the caller says, hears, or both.", "inbound_track"),
                Optional("codec", Str, "The codec of the streamed audio, e.g. PCMU, PCMA or OPUS."),
                StatusUrl("calling.call.stream"),
                Optional("status_url_method", CallbackMethod, "Whether stream status events are sent with GET or POST.", "POST"),
                Secret("authorization_bearer_token", "Bearer token sent in the WebSocket handshake's Authorization header."),
                Optional("custom_parameters", CustomParameters, "Strings passed to the endpoint in the stream's first message.")),
            "Starts sending the call's audio in the background to a WebSocket endpoint.",
            outputs: new[]
            {
                Output("stream_result", "Whether the stream started.", "success", "failed"),
                Output("stream_control_id", "The control ID of the stream."),
            });

        yield return new MethodDefinition(
            "stop_stream",
            Object(Optional("control_id", Str, "The stream to stop; the most recent one when unset.")),
            "Stops a stream started by stream.",
            outputs: new[] { Output("stop_stream_result", "Whether the stream was stopped.", "success", "failed") });

        yield return new MethodDefinition(
            "transcribe",
            Object(StatusUrl("calling.transcript.completed or calling.transcript.failed")),
            "Starts transcribing the whole call in the background; the transcript is delivered when the call ends.",
            outputs: new[]
            {
                Output("transcribe_result", "Whether transcription started.", "success", "failed"),
                Output("transcribe_control_id", "The control ID of the transcription, used by transcribe_stop."),
            });

        yield return new MethodDefinition(
            "transcribe_stop",
            EmptyObject,
            "Stops the transcription started by transcribe.",
            outputs: new[] { Output("transcribe_stop_result", "Whether the transcription was stopped.", "success", "failed") });

        yield return new MethodDefinition(
            "live_transcribe",
            Object(
                Required("action", OneOf(
                    Enum("stop", "summarize"),
                    Object(
                        new[]
                        {
                            Optional("start", Object(
                                Optional("ai_summary", Bool, "Send an AI summary to the webhook when the session ends."),
                                Optional("webhook", HttpUrl, "An http(s) URL (user:password@ allowed) that receives the transcription."),
                                Required("lang", NonEmptyString, "The language spoken on the call."),
                                Optional("live_events", Bool, "Send partial results as they are recognised."),
                                Optional("speech_timeout", Integer, "Milliseconds the recogniser may take to return a result.", "60000"),
                                Optional("vad_silence_ms", Integer, "Milliseconds of silence that end an utterance (the default depends on the engine).", "300"),
                                Optional("vad_thresh", Integer, "Loudness level, 0 to 1800, above which audio counts as voice.", "400"),
                                Optional("debug_level", Integer, "Logging detail, 0 to 2.", "0"),
                                Required("direction", ListOf(CallerSide), "Which sides of the call to transcribe."),
                                Optional("speech_engine", Enum("deepgram", "google"), "The speech recogniser.", "deepgram"),
                                Optional("ai_summary_prompt", Str, "Instructions for the end-of-session AI summary.")),
                                "Start transcribing with these settings."),
                            Optional("summarize", SummarizeAction, "Ask for a summary of the conversation so far."),
                        },
                        ExactlyOne("start", "summarize"))),
                    "start (a mapping), stop, or summarize (a string or a mapping).")),
            "Starts, stops or summarises real-time transcription of the call, sent to a webhook.");

        yield return new MethodDefinition(
            "live_translate",
            Object(
                Required("action", OneOf(
                    Enum("stop", "summarize"),
                    Object(
                        new[]
                        {
                            Optional("start", Object(
                                Optional("webhook", HttpUrl, "An http(s) URL (user:password@ allowed) that receives the translation."),
                                Required("from_lang", NonEmptyString, "The language to translate from."),
                                Required("to_lang", NonEmptyString, "The language to translate into."),
                                Optional("from_voice", Str, "Text-to-speech voice for the source language."),
                                Optional("to_voice", Str, "Text-to-speech voice for the target language."),
                                Optional("filter_from", TranslationFilter, "A tone filter for speech translated from the source language."),
                                Optional("filter_to", TranslationFilter, "A tone filter for speech translated into the target language."),
                                Optional("live_events", Bool, "Send partial results as they are recognised."),
                                Optional("ai_summary", Bool, "Send an AI summary to the webhook when the session ends."),
                                Optional("speech_timeout", Integer, "Milliseconds the recogniser may take to return a result.", "60000"),
                                Optional("vad_silence_ms", Integer, "Milliseconds of silence that end an utterance (the default depends on the engine).", "300"),
                                Optional("vad_thresh", Integer, "Loudness level, 0 to 1800, above which audio counts as voice.", "400"),
                                Optional("debug_level", Integer, "Logging detail, 0 to 2.", "0"),
                                Required("direction", ListOf(CallerSide), "Which sides of the call to translate."),
                                Optional("speech_engine", Enum("deepgram", "google"), "The speech recogniser.", "deepgram"),
                                Optional("ai_summary_prompt", Str, "Instructions for the end-of-session AI summary.")),
                                "Start translating with these settings."),
                            Optional("summarize", SummarizeAction, "Ask for a summary of the conversation so far."),
                            Optional("inject", Object(
                                Required("message", NonEmptyString, "The text to translate and speak."),
                                Required("direction", CallerSide, "Which side hears it.")),
                                "Translate a message and speak it to one side of the call."),
                        },
                        ExactlyOne("start", "summarize", "inject"))),
                    "start, inject (mappings), stop, or summarize (a string or a mapping).")),
            "Starts, stops, summarises or injects into real-time spoken translation of the call.");

        yield return new MethodDefinition(
            "user_event",
            Object(Required("event", OpenObject, "Event names mapped to any JSON values, delivered to the client as user_event.")),
            "Sends custom events to the client connected to the call, such as a Browser SDK app.");

        yield return new MethodDefinition(
            "pay",
            Object(
                Required("payment_connector_url", HttpUrl, "The http(s) URL that receives the collected card details and performs the charge."),
                Optional("charge_amount", Str, "The amount to charge as a decimal string without currency symbol; empty or 0 only tokenises the card."),
                Optional("currency", Str, "Three-letter ISO 4217 code of charge_amount's currency.", "usd"),
                Optional("description", Str, "A description of the payment, passed to the connector."),
                Optional("input", Enum("dtmf"), "How card details are collected; only dtmf is supported.", "dtmf"),
                Optional("language", Str, "Language of the spoken prompts.", "en-US"),
                Optional("max_attempts", Integer, "How many times collection is tried.", "1"),
                Optional("min_postal_code_length", Integer, "The fewest postal code digits accepted.", "0"),
                Optional("parameters", ListOf(Object(
                    Required("name", NonEmptyString, "The parameter's name."),
                    Required("value", Str, "The parameter's value."))),
                    "Extra name/value pairs passed to the payment connector."),
                Optional("payment_method", Enum("credit-card"), "What is being charged; credit-card is the only choice today."),
                Optional("postal_code", OneOf(Bool, Str), "Whether to ask for the postal code, or the postal code itself when already known.", "true"),
                Optional("prompts", ListOf(Object(
                    Required("actions", ListOf(Object(
                        Required("type", Enum("Say", "Play"), "Say speaks the phrase; Play plays the audio at the URL in phrase."),
                        Required("phrase", Str, "The text to speak, or for Play an http(s) audio URL."))),
                        "What to say or play, in order."),
                    Required("for", NonEmptyString, "The payment step: payment-card-number, expiration-date, security-code, postal-code, payment-processing, payment-completed, payment-failed or payment-cancelled."),
                    Optional("attempts", Str, "Space-separated attempt numbers the prompt applies to, e.g. \"2 3\"."),
                    Optional("card_type", Str, "Space-separated card types the prompt applies to: visa, mastercard, amex, maestro, discover, optima, jcb, diners-club."),
                    Optional("error_type", Str, "Space-separated errors the prompt applies to, e.g. timeout, invalid-card-number, card-declined."))),
                    "Custom prompts for steps of the payment; defaults are used for the others."),
                Optional("security_code", Bool, "Whether to ask for the card security code.", "true"),
                StatusUrl("calling.call.pay"),
                Optional("timeout", Integer, "Seconds to wait for the next digit before checking what was entered.", "5"),
                Optional("token_type", Enum("one-time", "reusable"), "Whether the payment token is for one charge or reusable.", "reusable"),
                Optional("valid_card_types", Str, "Space-separated card types accepted: visa, mastercard, amex, maestro, discover, jcb, diners-club.", "visa mastercard amex"),
                Optional("voice", Str, "Text-to-speech voice for the prompts.", "woman")),
            "Collects card details from the caller by keypad and sends them to a payment connector.",
            outputs: new[]
            {
                Output("pay_result", "How the payment ended.", PayResults.ToArray()),
                OutputObject("pay_payment_results", "Payment details: payment_token, payment_confirmation_code, payment_card_number (masked), payment_card_type, payment_error, connector_error.code..."),
            });
    }
}

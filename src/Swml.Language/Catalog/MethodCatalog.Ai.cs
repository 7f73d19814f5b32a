using static Swml.Language.Catalog.Shapes;

namespace Swml.Language.Catalog;

public static partial class MethodCatalog
{
    private static IEnumerable<MethodDefinition> AiMethods()
    {
        yield return new MethodDefinition(
            "ai",
            Object(
                Optional("global_data", OpenObject, "Data the whole AI session can read as ${global_data.*} and functions can change."),
                Optional("hints", ListOf(OneOf(Str, Hint())), "Words speech recognition should expect, optionally with a pattern-based rewrite."),
                Optional("languages", ListOf(Language()), "The languages the agent can speak, each with its voice; ignored when 'multilingual' is set."),
                Optional("multilingual", Multilingual(), "Follow the caller's language as it changes during the call, instead of 'languages'."),
                Optional("params", AiParams(), "Settings that tune the agent's speech, timing, models and SWAIG behaviour."),
                Optional("post_prompt", PromptShape("post-prompt"), "Instructions for the summary the agent writes when the conversation ends."),
                Optional("post_prompt_url", HttpUrl, "Where the post-prompt summary and call report are POSTed; user:password@ allowed."),
                Optional("pronounce", ListOf(Pronounce), "Words the voice should say differently, for the whole call."),
                Required("prompt", PromptShape("system prompt", withContexts: true), "The agent's instructions: role, goals and how to handle the call."),
                Optional("SWAIG", AiSwaig(), "Functions the agent can call while it talks: webhooks, data maps, built-ins and MCP tools.")),
            "Puts a voice AI agent on the call, which talks with the caller and can call SWAIG functions.",
            isAiMethod: true);

        yield return new MethodDefinition(
            "ai_sidecar",
            Object(
                Optional("prompt", OneOf(Str, Object(
                    new[]
                    {
                        Optional("text", Str, "The instructions as one block of text."),
                        Optional("pom", PomSections(), "The instructions as Prompt Object Model sections."),
                        Optional("file", Str, "A file on the server whose contents are the instructions."),
                    },
                    ExactlyOne("text", "pom", "file"))), "What the sidecar should advise on: text, POM sections or a server-side file."),
                Required("lang", NonEmptyString, "The conversation's language, one BCP-47 tag such as en-US."),
                Optional("model", ModelName, "The model that writes the advice and summaries.", "gpt-4o-mini"),
                Optional("direction", ListOf(Enum("remote-caller", "local-caller")), "The call legs to listen to; both must be given.", "[remote-caller, local-caller]"),
                Optional("customer_role", Enum("remote-caller", "local-caller"), "The leg that is the customer, whose pauses end a turn.", "remote-caller"),
                Optional("url", HttpUrl, "Where the sidecar POSTs its events; user:password@ allowed. Without it, events go only to the RELAY topic."),
                Optional("SWAIG", Object(
                    Optional("defaults", Object(
                        Optional("web_hook_url", Str, "The webhook for functions that set none; user:password@ allowed."),
                        Optional("web_hook_auth_user", Str, "Basic-auth user for that webhook."),
                        Secret("web_hook_auth_password", "Basic-auth password for that webhook.")), "Settings every function inherits."),
                    Optional("functions", ListOf(Object(
                        Required("function", Str, "The name the model calls the function by."),
                        Optional("description", Str, "What the function does, so the model knows when to call it."),
                        Optional("purpose", Str, "Used as the description when 'description' is missing."),
                        Optional("parameters", FunctionParameters, "The arguments the model passes, as a JSON Schema object."),
                        Optional("web_hook_url", Str, "The URL the call is POSTed to, overriding the defaults; user:password@ allowed."),
                        Optional("web_hook_auth_user", Str, "Basic-auth user for this function's webhook."),
                        Secret("web_hook_auth_password", "Basic-auth password for this function's webhook."))), "Functions the sidecar's model can call."),
                    Optional("mcp_servers", ListOf(McpServer), "MCP servers whose tools the sidecar's model can call.")), "Functions and MCP servers the sidecar can use."),
                Optional("permissions", Object(
                    Optional("swaig_allow_swml", Bool, "Functions may run SWML on the call.", "true"),
                    Optional("swaig_allow_settings", Bool, "Functions may change the sidecar's settings.", "true"),
                    Optional("swaig_set_global_data", Bool, "Functions may change global_data.", "true")), "What SWAIG functions may do; everything is allowed by default."),
                Optional("global_data", OpenObject, "Data the prompt can read as ${global_data.*}, also sent to functions; kept across sessions on the call leg."),
                Optional("hints", ListOf(Str, 1), "Terms speech recognition should expect, such as product or customer names."),
                Optional("params", SidecarParams(), "Settings for timing, summaries, events and speech recognition."),
                Optional("action", Object(
                    Required("summarize", Object(
                        Optional("webhook", Str, "Where the summary is sent."),
                        Optional("prompt", Str, "How the summary should be written.")), "Write one summary of the conversation and send it to a webhook.")),
                    "Do a one-off job instead of attaching a sidecar.")),
            "Attaches an AI observer to the call that listens to both legs and sends advice to a webhook, without speaking.",
            isAiMethod: true);

        yield return new MethodDefinition(
            "amazon_bedrock",
            Object(
                Optional("global_data", OpenObject, "Data the session can read as ${global_data.*} and functions can change."),
                Optional("params", BedrockParams(), "Settings for timeouts, the hard stop and video files."),
                Optional("post_prompt", PromptShape("post-prompt"), "Instructions for the summary the agent writes when the conversation ends."),
                Optional("post_prompt_url", HttpUrl, "Where the post-prompt summary and call report are POSTed; user:password@ allowed."),
                Required("prompt", PromptShape("system prompt", withBedrockVoice: true), "The agent's instructions, voice and model settings."),
                Optional("SWAIG", Object(
                    Optional("functions", ListOf(BedrockFunction()), "Functions the agent can call during the conversation."),
                    Optional("defaults", Object(
                        Optional("web_hook_url", Str, "The webhook for functions that set none; user:password@ allowed.")), "Settings every function inherits.")),
                    "Functions the agent can call while it talks.")),
            "Puts an Amazon Bedrock voice AI agent on the call.",
            isAiMethod: true);
    }

    /// <summary>ai.params. Keys not listed here are accepted, as the schema allows.</summary>
    private static ObjectShape AiParams() => OpenObjectWith(
        Optional("acknowledge_interruptions", Bool, "Have the agent acknowledge it when the caller talks over it."),
        Optional("ai_model", ModelName, "The model that drives the conversation.", "gpt-4o-mini"),
        Optional("ai_name", Str, "The name that wakes a paused agent.", "computer"),
        Optional("ai_volume", Int(-50, 50), "The agent's voice volume.", "0"),
        Optional("app_name", Str, "A label for this agent, sent in webhook payloads.", "swml app"),
        Optional("asr_smart_format", Bool, "Format numbers, dates and times in transcripts.", "false"),
        Optional("attention_timeout", Int(0, 600000), "Milliseconds of caller silence before the agent prompts them; 0 turns it off, otherwise 10000 to 600000."),
        Optional("attention_timeout_prompt", Str, "What the model is told when attention_timeout passes.", AttentionPrompt),
        Optional("asr_diarize", Bool, "Label transcript chunks by speaker.", "false"),
        Optional("asr_speaker_affinity", Bool, "Answer only the first speaker who talks to the agent.", "false"),
        Optional("audible_debug", Bool, "Say aloud which function is running.", "false"),
        Optional("audible_latency", Bool, "Say aloud latency figures, for debugging.", "false"),
        Optional("background_file", HttpUrl, "Audio played under the conversation."),
        Optional("background_file_loops", Integer, "How many times background_file repeats; forever when absent."),
        Optional("background_file_volume", Int(-50, 50), "The volume of background_file.", "0"),
        Optional("enable_barge", OneOf(Str, Bool), "How the caller may interrupt: a comma list of complete, partial, all, or a boolean.", "complete,partial"),
        Optional("enable_inner_dialog", Bool, "Run a second model in the background that feeds insights to the agent.", "false"),
        Optional("enable_pause", Bool, "Let the caller pause the agent, which then waits for its name.", "false"),
        Optional("enable_turn_detection", Bool, "End the caller's turn early when the transcript looks finished.", "true"),
        Optional("barge_match_string", Str, "A regular expression; speech matching it interrupts the agent."),
        Optional("barge_min_words", Int(1, 99), "How many words the caller must say to interrupt the agent."),
        Optional("barge_functions", Bool, "Let functions run while the agent is being interrupted.", "true"),
        Optional("cache_mode", Bool, "Cache responses to save time.", "false"),
        Optional("conscience", Str, "A reminder that keeps the model in its role.", ConsciencePrompt),
        Optional("convo", ListOf(ConversationMessage()), "Earlier conversation turns to start the session with."),
        Optional("conversation_id", Str, "Names the conversation for save_conversation and check_for_input."),
        Optional("conversation_sliding_window", Integer, "How much conversation history is sent to the model."),
        Optional("debug_webhook_level", Int(0, 2), "How much is sent to debug_webhook_url."),
        Optional("debug_webhook_url", HttpUrl, "Where every turn of the conversation is POSTed as it happens."),
        Optional("debug", OneOf(Bool, Integer), "Log extra diagnostics for the session."),
        Optional("direction", Enum("inbound", "outbound"), "Treat the call as inbound or outbound, whatever it really is."),
        Optional("digit_terminators", Str, "DTMF digits that end digit input, e.g. #."),
        Optional("digit_timeout", Int(0, 30000), "Milliseconds after the last digit before digit input ends.", "3000"),
        Optional("end_of_speech_timeout", Int(250, 10000), "Milliseconds of silence that end an utterance.", "700"),
        Optional("enable_accounting", Bool, "Record usage for accounting.", "false"),
        Optional("enable_thinking", Bool, "Let the model think before answering, at some cost in latency.", "false"),
        Optional("enable_text_normalization", Enum("heard", "spoken", "both", "true", "on", "false", "off", "none"), "Convert numbers, dates and amounts between written and spoken form, for what is heard, spoken or both.", "both"),
        Optional("auto_correct", Bool, "Tidy the caller's transcript before the model reads it.", "false"),
        Optional("redact_prompt", Str, "Describes sensitive content to remove from logs, events and webhooks."),
        Optional("enable_vision", Bool, "Let the agent look at the video with get_visual_input.", "false"),
        Optional("energy_level", Num(0, 100), "How loud, in dB, speech must be for the agent to hear it.", "52"),
        Optional("first_word_timeout", Int(0, 10000), "Milliseconds to wait for the first word once speech is detected.", "1000"),
        Optional("function_wait_for_talking", Bool, "Let the filler finish before a function runs.", "false"),
        Optional("functions_on_no_response", Bool, "Allow functions to run when the caller does not answer.", "false"),
        Optional("hard_stop_prompt", Str, "What the model is told when hard_stop_time is reached.", HardStopPrompt),
        Optional("hard_stop_time", HardStopTime, "How long the agent may run before it stops and the script continues, e.g. 30s, 2m, 1h30m."),
        Optional("hold_music", Uri("http", "https", "tone_stream"), "Music played while the caller is on hold: a WAV or MP3 URL, or a FreeSWITCH tone_stream."),
        Optional("hold_on_process", Bool, "Play hold music while functions run.", "false"),
        Optional("inactivity_timeout", Int(10000, 3600000), "Milliseconds without activity before the agent ends.", "600000"),
        Optional("inner_dialog_model", ModelName, "The model used for the inner dialog."),
        Optional("inner_dialog_prompt", Str, "Instructions for the inner-dialog model.", InnerDialogPrompt),
        Optional("inner_dialog_synced", Bool, "Keep the inner dialog in step with the conversation.", "false"),
        Optional("initial_sleep_ms", Int(0, 300000), "Milliseconds to wait before the conversation starts.", "0"),
        Optional("input_poll_freq", Int(1000, 10000), "Milliseconds between checks for input from check_for_input.", "2000"),
        Optional("interrupt_on_noise", Bool, "Let any sound over a second long interrupt the agent."),
        Optional("interrupt_prompt", Str, "What the model is told when the caller talks over it."),
        Optional("languages_enabled", Bool, "Has no effect; setting 'languages' is what enables them."),
        Optional("local_tz", Str, "The agent's time zone, as an IANA name.", "US/Central"),
        Optional("llm_diarize_aware", Bool, "Let the model take part in telling speakers apart.", "false"),
        Optional("max_emotion", Int(1, 30), "The strongest emotion the voice may show.", "30"),
        Optional("max_response_tokens", Int(1, 16384), "The most tokens one reply may use."),
        Optional("openai_asr_engine", Str, "The speech-recognition engine, e.g. deepgram:nova-3.", "deepgram:nova-3"),
        Optional("outbound_attention_timeout", Int(10000, 600000), "Milliseconds an outbound callee has to answer the agent.", "120000"),
        Optional("persist_global_data", Bool, "Keep global_data for later AI sessions on the same call.", "true"),
        Optional("pom_format", Enum("markdown", "xml"), "How POM prompts are rendered for the model.", "markdown"),
        Optional("save_conversation", Bool, "Send a conversation summary after the call (needs conversation_id)."),
        Optional("speech_event_timeout", Int(0, 10000), "Milliseconds to wait for a speech event.", "1400"),
        Optional("speech_gen_quick_stops", Int(0, 10), "How many quick stops speech generation makes.", "3"),
        Optional("speech_timeout", Int(0, 600000), "The longest one stretch of speech may last, in milliseconds.", "60000"),
        Optional("speak_when_spoken_to", Bool, "Stay quiet until addressed by ai_name.", "false"),
        Optional("start_paused", Bool, "Start paused, waiting for ai_name; turns on enable_pause.", "false"),
        Optional("static_greeting", Str, "A fixed greeting said when the call starts."),
        Optional("static_greeting_no_barge", Bool, "The caller cannot interrupt the static greeting.", "false"),
        Optional("summary_mode", Enum("string", "original"), "How the summary is produced."),
        Optional("swaig_allow_settings", Bool, "Functions may change these settings.", "true"),
        Optional("swaig_allow_swml", Bool, "Functions may return SWML to run.", "true"),
        Optional("swaig_post_conversation", Bool, "Send the whole conversation with every function call.", "false"),
        Optional("swaig_set_global_data", Bool, "Functions may change global_data.", "true"),
        Optional("swaig_post_swml_vars", OneOf(Bool, ListOf(Str)), "Send SWML variables with function calls: all of them, or the ones named."),
        Optional("thinking_model", ModelName, "The model used when thinking is on."),
        Optional("utility_model", ModelName, "A small model for background work such as redaction and transcript clean-up."),
        Optional("transparent_barge", Bool, "Wait for the caller to finish rather than answer speech that overlaps the agent.", "true"),
        Optional("transparent_barge_max_time", Int(0, 60000), "The longest transparent barge may last, in milliseconds.", "3000"),
        Optional("transfer_summary", Bool, "Hand a summary of the conversation to the next agent.", "false"),
        Optional("turn_detection_timeout", Int(0, 10000), "Milliseconds to wait after a likely end of turn before finishing recognition.", "250"),
        Optional("turn_filler_sources", Str, "Which waits earn a turn filler, as a comma list such as spell,number.", "spell,number"),
        Optional("turn_filler_every_n", Int(1), "Play a turn filler only on every Nth chance.", "1"),
        Optional("turn_filler_min_ms", Int(0), "Milliseconds a wait must last before a turn filler plays.", "0"),
        Optional("tts_number_format", Enum("international", "national"), "How the agent reads phone numbers.", "international"),
        Optional("verbose_logs", Bool, "Write more detailed logs.", "false"),
        Optional("video_listening_file", HttpUrl, "Video shown while the agent listens."),
        Optional("video_idle_file", HttpUrl, "Video shown while the agent is idle."),
        Optional("video_talking_file", HttpUrl, "Video shown while the agent talks."),
        Optional("vision_model", ModelName, "The model that reads video input."),
        Optional("vad_config", Str, "Voice-activity detection as \"threshold\" or \"threshold:frame_ms\"."),
        Optional("wait_for_user", Bool, "Let the caller speak first.", "false"),
        Optional("wake_prefix", Str, "A word that must come before ai_name to wake the agent, e.g. hey."),
        Optional("eleven_labs_stability", Num(0, 1), "Deprecated: use languages[].params.stability.", "0.5"),
        Optional("eleven_labs_similarity", Num(0, 1), "Deprecated: use languages[].params.similarity.", "0.75"));

    private static ObjectShape SidecarParams() => Object(
        Optional("idle_timeout_ms", Int(50, 5000), "Milliseconds of customer silence before the sidecar looks at the conversation.", "200"),
        Optional("min_interval_ms", Int(0, 60000), "The shortest time between two evaluations, in milliseconds.", "0"),
        Optional("max_iters_per_tick", Int(1, 20), "The most function calls the sidecar chains in one evaluation.", "5"),
        Optional("max_history_tokens", Int(1000, 200000), "How many tokens of history the sidecar keeps; the oldest go first.", "8000"),
        Optional("act_on_channel", Bool, "Carry out actions returned by functions on the call, not just report them.", "true"),
        Optional("final_summary", Bool, "Summarize the sidecar's own session when the call ends.", "false"),
        Optional("ai_summary", Bool, "Summarize the conversation when the call ends.", "false"),
        Optional("ai_summary_prompt", Str, "How the end-of-call conversation summary should be written."),
        Optional("summary_model", ModelName, "The model that writes the conversation summary.", "gpt-4o-mini"),
        Optional("live_events", Bool, "Send an event for every recognized utterance.", "false"),
        Optional("verbose_utterances", Bool, "Include word timings and alternatives in utterance events.", "false"),
        Optional("speech_engine", Enum("deepgram", "google"), "The speech-recognition engine.", "deepgram"),
        Optional("speech_timeout", Int(0, 600000), "Milliseconds before recognition finalizes speech; 0 keeps the engine's default."),
        Optional("vad_silence_ms", Int(0, 60000), "Milliseconds of silence that end speech; 0 keeps the engine's default."),
        Optional("vad_thresh", Int(0, 10000), "How readily speech is detected; 0 keeps the engine's default."),
        Optional("debug_level", Int(0, 100), "How much the speech engine logs.", "0"),
        Optional("debug", Bool, "Log the sidecar in detail.", "false"),
        Optional("transcribe_prompt", Str, "Terms to bias speech recognition towards, such as names."));

    /// <summary>amazon_bedrock.params. Keys not listed here are accepted, as the schema allows.</summary>
    private static ObjectShape BedrockParams() => OpenObjectWith(
        Optional("attention_timeout", Int(0, 600000), "Milliseconds of caller silence before the agent prompts them; 0 turns it off, otherwise 10000 to 600000."),
        Optional("hard_stop_time", HardStopTime, "How long the agent may run before it stops and the script continues, e.g. 30s, 2m, 1h30m."),
        Optional("inactivity_timeout", Int(10000, 3600000), "Milliseconds without activity before the agent ends.", "600000"),
        Optional("video_listening_file", HttpUrl, "Video shown while the agent listens."),
        Optional("video_idle_file", HttpUrl, "Video shown while the agent is idle."),
        Optional("video_talking_file", HttpUrl, "Video shown while the agent talks."),
        Optional("hard_stop_prompt", Str, "What the model is told when hard_stop_time is reached.", BedrockHardStopPrompt));

    /// <summary>One entry of amazon_bedrock's SWAIG.functions: fewer keys than ai's, and a narrower data_map.</summary>
    private static ObjectShape BedrockFunction() => Object(
        Required("description", Str, "What the function does, so the model knows when to call it."),
        Optional("parameters", FunctionParameters, "The arguments the model passes, as a JSON Schema object."),
        Optional("active", Bool, "Whether the model may call this function.", "true"),
        Optional("meta_data", OpenObject, "Data kept for this function only, readable in its templates and webhook."),
        Optional("meta_data_token", Str, "The scope meta_data is stored under; the webhook URL when absent."),
        Optional("web_hook_url", Str, "The URL the call is POSTed to, overriding SWAIG.defaults; user:password@ allowed."),
        Required("function", Str, "The function's name; startup_hook, hangup_hook and summarize_conversation are reserved hooks."),
        Optional("data_map", DataMap(bedrock: true), "Runs the function on SignalWire's side instead of calling a webhook."));
}

using static Swml.Language.Catalog.Shapes;

namespace Swml.Language.Catalog;

/// <summary>
/// Nested shapes shared by ai, ai_sidecar and amazon_bedrock. They are built on first use (lazy
/// properties and factory methods, not fields), so they never depend on the order in which the
/// partial files' static fields are initialized.
/// </summary>
public static partial class MethodCatalog
{
    private static ObjectShape? _pomSection;
    private static ObjectShape? _functionFillers;
    private static ObjectShape? _turnFillers;
    private static ObjectShape? _languageParams;
    private static ObjectShape? _contexts;
    private static ObjectShape? _functionParameters;
    private static ObjectShape? _mcpServer;
    private static ObjectShape? _pronounce;

    /// <summary>Language codes the filler maps name; any other code is accepted as well.</summary>
    private static readonly string[] FillerLanguageCodes =
    {
        "bg", "ca", "zh", "zh-CN", "zh-Hans", "zh-TW", "zh-Hant", "zh-HK", "cs", "da", "da-DK", "nl", "en", "en-US",
        "en-GB", "en-NZ", "en-IN", "en-AU", "et", "fi", "nl-BE", "fr", "fr-CA", "de", "de-CH", "el", "hi", "hu", "id",
        "it", "ja", "ko", "ko-KR", "lv", "lt", "ms", "multi", "no", "pl", "pt", "pt-BR", "pt-PT", "ro", "ru", "sk", "es",
        "es-419", "sv", "sv-SE", "th", "th-TH", "tr", "uk", "vi",
    };

    /// <summary>An LLM model name; gpt-4o-mini, gpt-4.1-mini and gpt-4.1-nano are suggestions, not a closed list.</summary>
    private static StringShape ModelName => Str;

    /// <summary>A list of strings, one of which is picked at random.</summary>
    private static ArrayShape Phrases => ListOf(Str);

    private static StringShape HardStopTime =>
        Matching(@"(?:\d+h)?(?:\d+m)?(?:\d+s)?", "a duration such as 30s, 2m or 1h30m");

    // ---- Prompts ------------------------------------------------------------------------------

    /// <summary>One Prompt Object Model section: a title with body text, bullets or both.</summary>
    private static ObjectShape PomSection => _pomSection ??= Object(
        new[]
        {
            Optional("title", NonEmptyString, "The section's heading."),
            Optional("subsections", ListOf(OpenObject, 1), "Sections nested under this one, with the same keys."),
            Optional("numbered", Bool, "Number this section when the prompt is rendered."),
            Optional("numberedBullets", Bool, "Number the bullets instead of marking them with dashes."),
            Optional("body", Str, "The section's text."),
            Optional("bullets", ListOf(Str, 1), "Points listed under the section's text."),
        },
        AtLeastOne("body", "bullets"));

    private static ArrayShape PomSections(int minItems = 1) => ListOf(PomSection, minItems);

    /// <summary>The model settings every AI prompt and post-prompt takes.</summary>
    private static IEnumerable<ParameterDefinition> PromptSettings() => new[]
    {
        Optional("max_tokens", Int(0, 4096), "The most tokens the model may produce for one reply.", "256"),
        Optional("temperature", Num(0, 1.5), "Sampling randomness; lower values give more predictable replies.", "1.0"),
        Optional("top_p", Num(0, 1), "Nucleus-sampling cutoff, an alternative to temperature.", "1.0"),
        Optional("confidence", Num(0, 1), "How sure speech detection must be before the caller's turn is treated as finished.", "0.6"),
        Optional("presence_penalty", Num(-2, 2), "Positive values push the model towards new topics.", "0"),
        Optional("frequency_penalty", Num(-2, 2), "Positive values discourage the model from repeating itself.", "0"),
    };

    /// <summary>
    /// A prompt or post-prompt: the model settings plus exactly one of plain text or POM sections.
    /// </summary>
    private static ObjectShape PromptShape(string purpose, bool withContexts = false, bool withBedrockVoice = false)
    {
        var properties = new List<ParameterDefinition>();
        if (withBedrockVoice)
        {
            properties.Add(Optional("voice_id", Enum("tiffany", "matthew", "amy", "lupe", "carlos"), "The Bedrock voice the agent speaks with.", "matthew"));
        }

        properties.AddRange(PromptSettings());
        properties.Add(Optional("text", Str, $"The {purpose} as one block of text (markdown recommended)."));
        properties.Add(Optional("pom", PomSections(), $"The {purpose} as Prompt Object Model sections."));
        if (withContexts)
        {
            properties.Add(Optional("contexts", Contexts, "Named conversation contexts, each a series of steps; 'default' is where the call starts."));
        }

        return Object(properties.ToArray(), ExactlyOne("text", "pom"));
    }

    /// <summary>prompt.contexts: a 'default' context plus any other named contexts, all shaped alike.</summary>
    private static ObjectShape Contexts => _contexts ??= new ObjectShape(
        new[] { Required("default", Context(), "The context the conversation begins in.") },
        additionalProperties: Context());

    private static ObjectShape Context() => Object(
        new[]
        {
            Required("steps", ListOf(ContextStep()), "The steps of this context, taken in order unless a step says otherwise."),
            Optional("isolated", Bool, "Start from only the system prompt when entering this context, dropping earlier history.", "false"),
            Optional("enter_fillers", FunctionFillers, "Phrases played on entering this context, by language."),
            Optional("exit_fillers", FunctionFillers, "Phrases played on leaving this context, by language."),
            Optional("pom", PomSections(), "Prompt sections added while this context is active."),
            Optional("text", Str, "Prompt text added while this context is active."),
        },
        AtMostOne("pom", "text"));

    private static ObjectShape ContextStep() => Object(
        new[]
        {
            Required("name", Matching("(?!next$).*", "a step name other than 'next'"), "The step's name, unique within its context."),
            Optional("step_criteria", Str, "What must be true before the agent may leave this step, told to the model."),
            Optional("functions", ListOf(Str), "The SWAIG functions the agent may call during this step."),
            Optional("valid_contexts", ListOf(Str), "The contexts the agent may switch to from this step."),
            Optional("skip_user_turn", Bool, "Move on without waiting for the caller to answer.", "false"),
            Optional("end", Bool, "This step finishes the context.", "false"),
            Optional("valid_steps", ListOf(Str), "The steps the agent may go to next; the following step when absent."),
            Optional("text", Str, "The step's instructions as text."),
            Optional("pom", PomSections(0), "The step's instructions as Prompt Object Model sections."),
        },
        ExactlyOne("text", "pom"));

    // ---- Fillers --------------------------------------------------------------------------------

    /// <summary>Filler phrases by language code, with 'default' and 'auto' (translated on the fly).</summary>
    private static ObjectShape FunctionFillers => _functionFillers ??= FillerMap(withAuto: true);

    /// <summary>Backchannel phrases by language code; no 'auto', since they are never translated.</summary>
    private static ObjectShape TurnFillers => _turnFillers ??= FillerMap(withAuto: false);

    private static ObjectShape FillerMap(bool withAuto)
    {
        var properties = new List<ParameterDefinition>
        {
            Optional("default", Phrases, "Phrases used when no entry matches the spoken language."),
        };
        if (withAuto)
        {
            properties.Add(Optional("auto", Phrases, "Phrases translated into whatever language is being spoken."));
        }

        properties.AddRange(FillerLanguageCodes.Select(code => Optional(code, Phrases, $"Phrases for language '{code}'.")));
        return new ObjectShape(properties, additionalProperties: Phrases);
    }

    // ---- Languages and speech -------------------------------------------------------------------

    private static ObjectShape Pronounce => _pronounce ??= Object(
        Required("replace", Str, "The word or phrase to say differently."),
        Required("with", Str, "How to spell it so the voice says it right."),
        Optional("ignore_case", Bool, "Match 'replace' regardless of case.", "true"));

    private static ObjectShape Hint() => Object(
        Required("hint", Str, "The word or phrase to help speech recognition with."),
        Required("pattern", Str, "A regular expression the recognized text must match before it is rewritten."),
        Required("replace", Str, "What the matched part is rewritten to."),
        Optional("ignore_case", Bool, "Match the pattern regardless of case.", "false"));

    /// <summary>Voice tuning that only some text-to-speech engines read.</summary>
    private static ObjectShape LanguageParams => _languageParams ??= Object(
        Optional("stability", Num(0, 1), "ElevenLabs: how steady the voice stays between generations.", "0.5"),
        Optional("similarity", Num(0, 1), "ElevenLabs: how closely the voice keeps to the original.", "0.75"),
        Optional("speakingRate", Num(0.5, 1.5), "Inworld: speaking speed, 1.0 being normal.", "1.0"),
        Optional("temperature", Num(0, 2), "Inworld: how varied and expressive the delivery is.", "1.0"),
        Optional("speed", Num(0.5, 2), "MiniMax: speaking speed, 1.0 being normal.", "1.0"),
        Optional("vol", Num(0.1, 1), "MiniMax: speaking volume.", "1.0"),
        Optional("pitch", Int(-12, 12), "MiniMax: pitch shift in semitones.", "0"),
        Optional("emotion", Enum("happy", "sad", "angry", "fearful", "disgusted", "surprised", "neutral"), "MiniMax: a fixed emotional tone."));

    private static ObjectShape Language() => Object(
        Required("name", Str, "The language's name as the model is told it, e.g. French."),
        Required("code", OneOf(Str, ListOf(Str, maxItems: 3)), "The speech-recognition language code, or up to three of them."),
        Optional("listen_language", OneOf(Str, ListOf(Str)), "Older name for 'code', read only when 'code' is missing."),
        Required("voice", Str, "The text-to-speech voice, as <engine>.<voice>[:<model>]."),
        Optional("model", Str, "The text-to-speech model, when 'voice' has no :<model> suffix."),
        Optional("auto_emotion", Bool, "Let the voice change emotion while speaking (some engines only).", "false"),
        Optional("auto_speed", Bool, "Let the voice change speed while speaking (some engines only).", "false"),
        Optional("engine", Str, "Deprecated: the text-to-speech engine, now part of 'voice'."),
        Optional("params", LanguageParams, "Engine-specific voice settings for this language."),
        Optional("fillers", Phrases, "Deprecated spelling of function_fillers."),
        Optional("function_fillers", Phrases, "Phrases said while a SWAIG function runs."),
        Optional("speech_fillers", Phrases, "Phrases said between turns to fill silence."),
        Optional("turn_fillers", Phrases, "Short acknowledgements said while the caller is still talking, e.g. spelling a name."),
        Optional("pronounce", ListOf(Pronounce), "Pronunciation fixes that apply only while this language is spoken."));

    private static ObjectShape Multilingual() => Object(
        Required("languages", ListOf(Object(
            Required("language", Str, "The language code this voice speaks, or 'default' for any other language."),
            Optional("voice", Str, "The text-to-speech voice, as <engine>.<voice>[:<model>]."),
            Optional("model", Str, "The text-to-speech model, when 'voice' has no :<model> suffix."),
            Optional("engine", Str, "Deprecated: the text-to-speech engine, now part of 'voice'."),
            Optional("params", LanguageParams, "Engine-specific voice settings for this language."))), "One voice per language the agent speaks."),
        Optional("allowed", ListOf(Str), "The only language codes the agent may switch to."),
        Optional("engine", Str, "The speech-recognition engine that detects the language.", "deepgram"),
        Optional("model", Str, "The speech-recognition model; it must handle code-switching.", "nova-3"),
        Optional("provider", Str, "The speech-recognition provider used for detection."),
        Optional("start_language", Str, "The language the agent opens in before the caller has spoken.", "en"),
        Optional("min_switch_words", Int(1), "How many words the caller must say before the agent changes language.", "2"),
        Optional("fillers", OneOf(Phrases, FunctionFillers), "Silence fillers between turns: a list to translate, or phrases by language."),
        Optional("function_fillers", OneOf(Phrases, FunctionFillers), "Phrases while a SWAIG function runs: a list to translate, or phrases by language."),
        Optional("turn_fillers", OneOf(Phrases, TurnFillers), "Acknowledgements while the caller holds the floor: a list, or phrases by language."));

    private static ObjectShape ConversationMessage() => Object(
        Required("role", Enum("user", "assistant", "system"), "Who said it."),
        Required("content", Str, "What was said."),
        Optional("lang", Str, "The message's language code."));

    // ---- SWAIG ----------------------------------------------------------------------------------

    /// <summary>
    /// The JSON Schema of a function's arguments: an object type and its properties. The property
    /// schemas themselves are not checked.
    /// </summary>
    private static ObjectShape FunctionParameters => _functionParameters ??= Object(
        Required("type", Enum("object"), "Always 'object'."),
        Required("properties", MapOf(OpenObject), "A JSON Schema for each argument, by argument name."),
        Optional("required", ListOf(Str), "The arguments the model must always pass."));

    private static ObjectShape McpServer => _mcpServer ??= Object(
        Required("url", Str, "The MCP server's URL."),
        Optional("headers", MapOf(Str), "HTTP headers for the server, such as Authorization; values may use ${...}."),
        Optional("resources", Bool, "Load the server's resources into global_data.", "false"),
        Optional("resource_vars", MapOf(Str), "Template values sent when resources are fetched."));

    /// <summary>What a function answers: text for the model and actions for the call (the actions are not checked).</summary>
    private static ObjectShape FunctionOutput(bool bedrock)
    {
        var properties = new List<ParameterDefinition>
        {
            bedrock
                ? Optional("response", Str, "The result the model reads next.")
                : Optional("response", OneOf(Str, Object(
                    Optional("tool_result", Str, "The data the model reads as the function's result."),
                    Optional("tool_prompt", Str, "Instructions added right after the result, on what to do with it."))), "The result the model reads next: text, or data plus instructions."),
            Optional("action", OneOf(OpenObject, ListOf(OpenObject)), "One action, or a list of them, to carry out on the call (say, SWML, hangup, set_global_data...)."),
        };
        if (!bedrock)
        {
            properties.Add(Optional("post_process", Bool, "Run the actions only after the agent has spoken its reply.", "false"));
        }

        return Object(properties.ToArray());
    }

    private static ObjectShape Expression(bool bedrock) => Object(
        Required("string", Str, "The text to test, usually with ${args.*} in it."),
        Required("pattern", Str, "The regular expression the text is tested with."),
        Required("output", FunctionOutput(bedrock), "What the function answers when the pattern matches."));

    private static ObjectShape DataMapWebhook(bool bedrock) => Object(
        Optional("expressions", ListOf(Expression(bedrock)), "Patterns tested against the response; the first match gives the output."),
        Optional("error_keys", OneOf(Str, ListOf(Str)), "Response keys whose presence means the request failed."),
        Required("url", Str, "The URL to call; may use ${args.*}."),
        Optional("foreach", Object(
            Required("input_key", Str, "The response key holding the array to walk."),
            Required("output_key", Str, "The variable that collects the formatted items."),
            Optional("max", Integer, "The most items to use."),
            Required("append", Str, "The text added per item, with ${this.*} for the item's fields.")), "Formats each element of an array in the response."),
        Optional("headers", OpenObject, "Request headers."),
        Optional("method", Enum("GET", "POST", "PUT", "DELETE"), "The HTTP method."),
        Optional("input_args_as_params", Bool, "Send the function's arguments as request parameters."),
        Optional("params", OpenObject, "Request parameters, by name."),
        Optional("require_args", OneOf(Str, ListOf(Str)), "Arguments that must be present for the request to be made."),
        Optional("output", FunctionOutput(bedrock), "What the function answers once the request has succeeded."));

    /// <summary>A function run by SignalWire itself: patterns, web requests or a fixed answer, tried in that order.</summary>
    private static ObjectShape DataMap(bool bedrock)
    {
        var properties = new[]
        {
            Optional("output", FunctionOutput(bedrock), "The answer given when neither expressions nor webhooks produce one."),
            Optional("expressions", ListOf(Expression(bedrock)), "Patterns tested in order; the first match gives the output."),
            Optional("webhooks", ListOf(DataMapWebhook(bedrock)), "Web requests tried in order."),
        };

        // The ai schema wants at least one key in data_map; Bedrock's does not say.
        return bedrock ? Object(properties) : Object(properties, AtLeastOne("output", "expressions", "webhooks"));
    }

    /// <summary>One entry of ai's SWAIG.functions: a user function or a reserved hook (startup_hook, hangup_hook, summarize_conversation).</summary>
    private static ObjectShape AiFunction() => Object(
        Required("description", Str, "What the function does, so the model knows when to call it."),
        Optional("purpose", Str, "Deprecated name for 'description'."),
        Optional("parameters", FunctionParameters, "The arguments the model passes, as a JSON Schema object."),
        Optional("fillers", FunctionFillers, "Phrases said while this function runs, by language."),
        Optional("argument", FunctionParameters, "Deprecated name for 'parameters'."),
        Optional("active", Bool, "Whether the model may call this function.", "true"),
        Optional("meta_data", OpenObject, "Data kept for this function only, readable in its templates and webhook."),
        Optional("meta_data_token", Str, "The scope meta_data is stored under; the webhook URL when absent."),
        Optional("data_map", DataMap(bedrock: false), "Runs the function on SignalWire's side instead of calling a webhook."),
        Optional("skip_fillers", Bool, "Say only this function's own fillers, not the language's.", "false"),
        Optional("web_hook_url", Str, "The URL the call is POSTed to, overriding SWAIG.defaults; user:password@ allowed."),
        Optional("wait_file", HttpUrl, "Audio played while the function runs."),
        Optional("wait_file_loops", OneOf(Integer, Str), "How many times wait_file is repeated."),
        Optional("wait_for_fillers", Bool, "Let the fillers finish before the function goes on.", "false"),
        Required("function", Str, "The function's name; startup_hook, hangup_hook and summarize_conversation are reserved hooks."));

    private static ObjectShape AiSwaig() => Object(
        Optional("defaults", Object(
            Optional("web_hook_url", Str, "The webhook for functions that set none; user:password@ allowed.")), "Settings every function inherits."),
        Optional("mcp_servers", ListOf(McpServer), "MCP servers whose tools become functions the agent can call."),
        Optional("native_functions", ListOf(Enum("check_time", "wait_seconds", "wait_for_user", "adjust_response_latency")), "Built-in functions to enable."),
        Optional("includes", ListOf(Object(
            Required("functions", ListOf(Str), "The names of the remote functions to use."),
            Required("url", Str, "Where the function definitions are fetched from; user:password@ allowed."),
            Optional("meta_data", OpenObject, "Data sent along when the definitions are fetched."))), "Functions whose definitions are fetched from a URL."),
        Optional("functions", ListOf(AiFunction()), "Functions the agent can call during the conversation."),
        Optional("internal_fillers", Object(
            Optional("check_time", FunctionFillers, "Said while the agent looks up the time."),
            Optional("wait_for_user", FunctionFillers, "Said while the agent waits for the caller."),
            Optional("wait_seconds", FunctionFillers, "Said during a deliberate pause."),
            Optional("adjust_response_latency", FunctionFillers, "Said while the agent adjusts how fast it answers."),
            Optional("next_step", FunctionFillers, "Said when moving to the next step of a context."),
            Optional("change_context", FunctionFillers, "Said when switching to another context."),
            Optional("get_visual_input", FunctionFillers, "Said while the agent looks at video input."),
            Optional("get_ideal_strategy", FunctionFillers, "Said while the agent thinks."),
            Optional("pause_conversation", FunctionFillers, "Said when the agent pauses at the caller's request.")), "Phrases for the built-in functions, by language."));
}

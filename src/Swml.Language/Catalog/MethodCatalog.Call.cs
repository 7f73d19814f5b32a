using static Swml.Language.Catalog.Shapes;

namespace Swml.Language.Catalog;

public static partial class MethodCatalog
{
    /// <summary>
    /// The values of sip_refer_result and of its callbacks' final state, in the order of
    /// Swml.Runtime's ReferOutcome, which spells its members with this list.
    /// </summary>
    public static IReadOnlyList<string> SipReferResults { get; } = new[] { "success", "busy", "noAnswer", "error", "cancel" };

    private static IEnumerable<MethodDefinition> CallMethods()
    {
        yield return new MethodDefinition(
            "answer",
            Object(
                Optional("max_duration", Integer, "The longest the call may last, in seconds.", "14400"),
                Optional("codecs", Str, "Comma-separated codecs to offer: PCMU, PCMA, G722, G729, AMR-WB, OPUS, VP8, H264."),
                Optional("username", Str, "Username for SIP authentication."),
                Secret("password", "Password for SIP authentication.")),
            "Answers the incoming call.",
            outputs: new[] { Output("answer_result", "Whether the call was answered.", "success", "failed") },
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "hangup",
            Object(Optional("reason", Enum("hangup", "busy", "decline"), "Why the call is ended.", "hangup")),
            "Ends the call.",
            MethodKind.ControlFlow,
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "play",
            Object(
                new[]
                {
                    Optional("url", PlayUrl, "What to play: http(s):// audio, say:<text>, silence:<seconds> or ring:[<seconds>:]<country>."),
                    Optional("urls", ListOf(PlayUrl), "Several things to play, in order."),
                    Optional("auto_answer", Bool, "Answer the call before playing; false plays as early media.", "true"),
                    Optional("volume", Num(-40, 40), "Volume change in dB.", "0"),
                    SpeechOption("say_voice", "Text-to-speech voice for say:.", "Polly.Salli"),
                    SpeechOption("say_language", "Text-to-speech language for say:.", "en-US"),
                    SpeechOption("say_gender", "Text-to-speech gender for say:.", "female"),
                    StatusUrl("calling.call.play"),
                },
                ExactlyOne("url", "urls")),
            "Plays audio files, speech, silence or ringing.",
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "sip_refer",
            Object(
                Required("to_uri", SipUri, "The sip:, sips: or tel: URI the far end is asked to call (the Refer-To)."),
                StatusUrl("calling.call.refer"),
                Optional("username", Str, "Username for digest authentication of the REFER."),
                Secret("password", "Password for digest authentication of the REFER.")),
            "Sends a SIP REFER on the call, asking the far end to call another URI (a blind transfer).",
            outputs: new[]
            {
                Output("sip_refer_to", "The URI the far end was asked to call."),
                Output("sip_refer_result", "The transfer's outcome.", SipReferResults.ToArray()),
                ReturnValue("The same as sip_refer_result."),
                Output("sip_refer_response_code", "The far end's final response to the REFER, e.g. \"202\"."),
                Output("sip_refer_to_response_code", "The final response to the far end's call, from the NOTIFY sipfrag, e.g. \"200\"."),
            },
            isRunBySipRefer: true);

        yield return new MethodDefinition(
            "request",
            Object(
                Required("url", HttpUrl, "The URL to send the request to; user:password@ gives Basic auth."),
                Required("method", Enum("GET", "POST", "PUT", "DELETE"), "The HTTP method."),
                Optional("headers", OpenObject, "Request headers."),
                Optional("body", OneOf(Str, OpenObject), "The request body; a mapping is sent as JSON."),
                Optional("timeout", Number, "Seconds to wait for the whole request; 0 waits forever.", "0"),
                Optional("connect_timeout", Number, "Seconds to wait for the connection; 0 waits forever.", "0"),
                Optional("save_variables", Bool, "Store a JSON response's fields under request_response.", "false")),
            "Sends an HTTP request and stores the response in variables.",
            outputs: new[]
            {
                Output("request_url", "The URL that was requested."),
                Output("request_result", "Whether the request got a response.", "success", "failed"),
                ReturnValue("The same as request_result."),
                Output("request_response_code", "The HTTP status code of the response."),
                OutputObject("request_response_headers", "The response headers, by lower-case name."),
                Output("request_response_body", "The response body (up to 64 KiB)."),
                OutputObject("request_response", "The fields of a JSON response, when save_variables is true."),
            },
            isRunBySipRefer: true);
    }
}

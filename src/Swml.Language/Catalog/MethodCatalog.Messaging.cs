using static Swml.Language.Catalog.Shapes;

namespace Swml.Language.Catalog;

public static partial class MethodCatalog
{
    private static IEnumerable<MethodDefinition> MessagingMethods()
    {
        yield return new MethodDefinition(
            "send_sms",
            Object(
                new[]
                {
                    Required("to_number", NonEmptyString, "The E.164 number to send the message to."),
                    Required("from_number", NonEmptyString, "The E.164 number to send the message from."),
                    Optional("region", Str, "Where in the world the message is sent from; chosen from account settings when unset."),
                    Optional("tags", ListOf(Str), "Labels stored with the message to help find it in logs."),
                    Optional("status_callback", HttpUrl, "An http(s) URL that receives the message's delivery status changes (queued, sent, delivered, failed...)."),
                    Optional("body", Str, "The message text; required unless media is given."),
                    Optional("media", ListOf(HttpUrl), "URLs of media to attach, which makes the message an MMS."),
                },
                AtLeastOne("body", "media")),
            "Sends an SMS or MMS message to a phone number.",
            outputs: new[] { Output("send_sms_result", "Whether the message was accepted for sending.", "success", "failed") });

        yield return new MethodDefinition(
            "send_fax",
            Object(
                Required("document", HttpUrl, "The http(s) URL of the PDF to send."),
                Optional("header_info", Str, "Text printed in the fax header."),
                Optional("identity", Str, "The station identity to report; the caller's number by default."),
                StatusUrl("calling.call.fax")),
            "Sends a PDF document as a fax on the call.",
            outputs: FaxOutputs("send_fax", "sent", "receiving"));

        yield return new MethodDefinition(
            "receive_fax",
            Object(StatusUrl("calling.call.fax")),
            "Receives a fax sent to the call.",
            outputs: FaxOutputs("receive_fax", "received", "sending"));
    }

    /// <summary>The variables send_fax and receive_fax both set, under their own prefix.</summary>
    private static OutputVariable[] FaxOutputs(string prefix, string done, string otherStation) => new[]
    {
        Output(prefix + "_document", $"The URL of the document {done}."),
        Output(prefix + "_identity", "This station's fax identity."),
        Output(prefix + "_remote_identity", $"The identity of the {otherStation} fax station."),
        Output(prefix + "_pages", VariableType.Integer, $"How many pages were {done}."),
        Output(prefix + "_result_code", "The fax result code."),
        Output(prefix + "_result_text", "The meaning of the fax status code."),
        Output(prefix + "_result", "Whether the fax went through.", "success", "failed"),
    };
}

using System.Text.Json.Nodes;

namespace Swml.Runtime.Steps;

/// <summary>Typed arguments from a step's evaluated JSON, for flows built at run time.</summary>
public static class StepArgumentsFactory
{
    public static StepArguments Create(string method, JsonNode? json) => method switch
    {
        "answer" => AnswerArguments.FromJson(json),
        "play" => PlayArguments.FromJson(json),
        "sip_refer" => SipReferArguments.FromJson(json),
        "request" => RequestArguments.FromJson(json),
        _ => new JsonArguments(method, json),
    };
}

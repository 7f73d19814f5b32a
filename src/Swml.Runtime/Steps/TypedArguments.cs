using System.Text.Json.Nodes;

namespace Swml.Runtime.Steps;

// The typed arguments of the methods the runtime runs. Names, types and defaults come from the
// SWML catalog (Swml.Language.Catalog.MethodCatalog): each property says only which parameter it
// holds; ArgumentBinding reads and writes them, and a test holds every class to its catalog entry.

/// <summary>answer</summary>
public sealed class AnswerArguments : StepArguments
{
    public override string Method => "answer";

    /// <summary>The longest the call may last, in seconds.</summary>
    [SwmlParameter("max_duration")]
    public long? MaxDuration { get; init; }

    [SwmlParameter("codecs")]
    public string? Codecs { get; init; }

    [SwmlParameter("username")]
    public string? Username { get; init; }

    /// <summary>Never shown: <see cref="StepArguments.ToJson"/> writes "***".</summary>
    [SwmlParameter("password")]
    public string? Password { get; init; }
}

/// <summary>play: one url or several urls, and the text-to-speech options.</summary>
public sealed class PlayArguments : StepArguments
{
    public override string Method => "play";

    /// <summary>What to play, in order: <c>url</c> as a list of one, or <c>urls</c>.</summary>
    [SwmlParameter("url")]
    [SwmlParameter("urls")]
    public IReadOnlyList<string> Urls { get; init; } = Array.Empty<string>();

    [SwmlParameter("auto_answer")]
    public bool AutoAnswer { get; init; }

    /// <summary>Volume change in dB.</summary>
    [SwmlParameter("volume")]
    public double Volume { get; init; }

    [SwmlParameter("say_voice")]
    public string? SayVoice { get; init; }

    [SwmlParameter("say_language")]
    public string? SayLanguage { get; init; }

    [SwmlParameter("say_gender")]
    public string? SayGender { get; init; }

    [SwmlParameter("status_url")]
    public string? StatusUrl { get; init; }
}

/// <summary>sip_refer: the Refer-To URI, the callback URL and digest credentials.</summary>
public sealed class SipReferArguments : StepArguments
{
    public override string Method => "sip_refer";

    [SwmlParameter("to_uri")]
    public string ToUri { get; init; } = string.Empty;

    [SwmlParameter("status_url")]
    public string? StatusUrl { get; init; }

    [SwmlParameter("username")]
    public string? Username { get; init; }

    /// <summary>Never shown: <see cref="StepArguments.ToJson"/> writes "***".</summary>
    [SwmlParameter("password")]
    public string? Password { get; init; }
}

/// <summary>request: an HTTP request whose response goes into variables.</summary>
public sealed class RequestArguments : StepArguments
{
    public override string Method => "request";

    [SwmlParameter("url")]
    public string Url { get; init; } = string.Empty;

    /// <summary>GET, POST, PUT or DELETE; required, so empty only for arguments built by hand without it.</summary>
    [SwmlParameter("method")]
    public string HttpMethod { get; init; } = string.Empty;

    [SwmlParameter("headers")]
    public JsonObject? Headers { get; init; }

    /// <summary>A string, or a mapping sent as JSON.</summary>
    [SwmlParameter("body")]
    public JsonNode? Body { get; init; }

    /// <summary>Seconds for the whole request; 0 waits forever.</summary>
    [SwmlParameter("timeout")]
    public double Timeout { get; init; }

    /// <summary>Seconds for the connection; 0 waits forever.</summary>
    [SwmlParameter("connect_timeout")]
    public double ConnectTimeout { get; init; }

    [SwmlParameter("save_variables")]
    public bool SaveVariables { get; init; }
}

/// <summary>hangup, with its reason: hangup, busy or decline.</summary>
public sealed class HangupArguments : StepArguments
{
    public override string Method => "hangup";

    [SwmlParameter("reason")]
    public string Reason { get; init; } = string.Empty;
}

namespace Swml.Runtime.Media;

/// <summary>
/// How say: should sound: play's say_voice, say_language and say_gender (the flow's lowering fills any missing
/// from the variables of the same names). Null leaves the choice to the synthesizer.
/// </summary>
public sealed record SpeechOptions(string? Voice = null, string? Language = null, string? Gender = null)
{
    public static SpeechOptions Default { get; } = new();
}

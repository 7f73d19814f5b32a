namespace Swml.Runtime.Media;

/// <summary>Whether play's say: can speak on this machine, for hosts to tell their operators before a call needs it.</summary>
public static class SpeechSynthesis
{
    /// <summary>espeak-ng, the synthesizer say: uses, is on PATH.</summary>
    public static bool IsInstalled => EspeakSpeechSynthesizer.IsInstalled;

    /// <summary>What to do when it is not.</summary>
    public static string InstallHint => EspeakSpeechSynthesizer.InstallHint;
}

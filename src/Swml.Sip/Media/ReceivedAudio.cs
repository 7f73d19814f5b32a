namespace Swml.Sip.Media;

/// <summary>
/// The audio a call's peer sent us in the agreed codec, as far as it has come: how long it lasted,
/// how much of it was sound rather than silence (above -50 dBFS), and the level of that sound.
/// </summary>
/// <param name="Duration">The time the received packets cover.</param>
/// <param name="SoundDuration">The part of it that was sound.</param>
/// <param name="SoundLevelDbfs">The RMS level of the sound in dB below full scale; null when there was none.</param>
public readonly record struct ReceivedAudio(TimeSpan Duration, TimeSpan SoundDuration, double? SoundLevelDbfs);

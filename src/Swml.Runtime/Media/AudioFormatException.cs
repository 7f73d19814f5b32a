namespace Swml.Runtime.Media;

/// <summary>Audio bytes that are not a WAV file we can decode; the message says what is wrong with them.</summary>
internal sealed class AudioFormatException : PlaybackException
{
    public AudioFormatException(string message)
        : base(message)
    {
    }

    public AudioFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

namespace Swml.Runtime.Media;

/// <summary>
/// A play URL that cannot be played: a bad URL, audio that cannot be fetched, decoded or spoken.
/// The message says what and which URL (credentials redacted), so the play step can report it as is.
/// </summary>
internal class PlaybackException : Exception
{
    public PlaybackException(string message)
        : base(message)
    {
    }

    public PlaybackException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

namespace Swml.Cli;

/// <summary>Exit codes of every swml command.</summary>
public static class ExitCodes
{
    /// <summary>Done, and no file has an error (warnings are allowed).</summary>
    public const int Success = 0;

    /// <summary>At least one file has an error; for swml demo, the run did not show what its mode is about.</summary>
    public const int ErrorsFound = 1;

    /// <summary>The command line was wrong, or a file or directory could not be read.</summary>
    public const int UsageOrIo = 2;
}

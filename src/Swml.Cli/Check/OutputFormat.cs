namespace Swml.Cli.Check;

public enum OutputFormat
{
    /// <summary>One MSBuild-style line per diagnostic, then a summary line.</summary>
    Text,

    /// <summary>A JSON array of diagnostics and nothing else.</summary>
    Json,
}

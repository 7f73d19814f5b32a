namespace Swml.Sip.Tests.Message;

/// <summary>
/// The RFC 4475 torture messages in the shared conformance folder, found through
/// SWML_CONFORMANCE_DIR (as tests/Swml.Language.Tests' ConformanceData does). Tests that need
/// them are skipped, with this reason, when it is not set.
/// </summary>
internal static class Rfc4475Corpus
{
    public const string Variable = "SWML_CONFORMANCE_DIR";

    /// <summary>The folder of .dat files; skips the calling test when the variable is unset.</summary>
    public static string Directory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(dir))
            {
                Assert.Skip($"{Variable} is not set; point it at the shared conformance folder (.ci/run does) to run the RFC 4475 tests.");
            }

            var folder = Path.Combine(dir!, "rfc4475");
            if (!System.IO.Directory.Exists(folder))
            {
                Assert.Fail($"{Variable} is '{dir}', which has no rfc4475 folder.");
            }

            return folder;
        }
    }

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    /// <summary>All messages when the corpus is available, none otherwise (for the fuzz seeds).</summary>
    public static IReadOnlyList<byte[]> TryReadAll()
    {
        var dir = Environment.GetEnvironmentVariable(Variable);
        var folder = string.IsNullOrWhiteSpace(dir) ? null : Path.Combine(dir, "rfc4475");
        if (folder is null || !System.IO.Directory.Exists(folder))
        {
            return [];
        }

        return System.IO.Directory.GetFiles(folder, "*.dat").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
    }
}

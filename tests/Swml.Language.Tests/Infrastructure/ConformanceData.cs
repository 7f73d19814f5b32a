namespace Swml.Language.Tests.Infrastructure;

/// <summary>
/// The shared conformance corpora (SWML docs, the official schema, RFC 4475), found through
/// SWML_CONFORMANCE_DIR. Tests that need them are skipped, with this reason, when it is not set.
/// </summary>
public static class ConformanceData
{
    public const string Variable = "SWML_CONFORMANCE_DIR";

    public static string Directory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(dir))
            {
                Assert.Skip($"{Variable} is not set; point it at the shared conformance folder (.ci/run does) to run this test.");
            }

            if (!System.IO.Directory.Exists(dir))
            {
                Assert.Fail($"{Variable} is '{dir}', which is not a directory.");
            }

            return dir!;
        }
    }

    public static string SchemaPath => Path.Combine(Directory, "SWMLObject.json");

    public static string SwmlDocsDirectory => Path.Combine(Directory, "swml-docs");
}

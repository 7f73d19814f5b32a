namespace Swml.Generators.Tests.Infrastructure;

/// <summary>Folders of the repository, found from the test assembly by walking up to SipRefer.sln.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>This test project's source folder (where Flows/ and Snapshots/ live).</summary>
    public static string TestProject => Path.Combine(Root, "tests", "Swml.Generators.Tests");

    public static string Flows => Path.Combine(TestProject, "Flows");

    public static string Snapshots => Path.Combine(TestProject, "Snapshots");

    public static string Sample => Path.Combine(Root, "samples", "Acme.CallFlows");

    public static string SampleFlow => Path.Combine(Sample, "flows", "refer_and_report.swml");

    public static string ReadFlow(string fileName) => File.ReadAllText(Path.Combine(Flows, fileName));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SipRefer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SipRefer.sln not found above {AppContext.BaseDirectory}");
    }
}

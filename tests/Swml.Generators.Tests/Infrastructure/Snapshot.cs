using System.Text;
using System.Text.RegularExpressions;

namespace Swml.Generators.Tests.Infrastructure;

/// <summary>
/// Checked-in expected generated files: Snapshots/&lt;Test&gt;/&lt;HintName&gt;. Newlines are normalized
/// and the generator version in the GeneratedCode attribute is scrubbed to FIXED_VERSION. Files are
/// rewritten only when SWML_UPDATE_SNAPSHOTS=1; otherwise a missing, extra or different file fails.
/// </summary>
internal static partial class Snapshot
{
    public const string UpdateVariable = "SWML_UPDATE_SNAPSHOTS";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static string Scrub(string text) =>
        GeneratedCodeVersion().Replace(Normalize(text), "GeneratedCode(\"Swml.Generators\", \"FIXED_VERSION\")");

    public static string Normalize(string text) => text.Replace("\r\n", "\n");

    public static void Verify(string testName, IReadOnlyList<(string HintName, string Text)> sources)
    {
        var directory = Path.Combine(RepoPaths.Snapshots, testName);
        var actual = sources.ToDictionary(s => s.HintName, s => Scrub(s.Text), StringComparer.Ordinal);
        if (Updating)
        {
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.GetFiles(directory).Where(f => !actual.ContainsKey(Path.GetFileName(f))))
            {
                File.Delete(stale);
            }

            foreach (var (hintName, text) in actual)
            {
                File.WriteAllText(Path.Combine(directory, hintName), text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }

            return;
        }

        var how = $"Review the generated code, then write the snapshots with {UpdateVariable}=1 dotnet test (from the repository root) and review the diff before committing.";
        var existing = Directory.Exists(directory)
            ? Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        var missing = actual.Keys.Where(k => !existing.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var extra = existing.Where(e => !actual.ContainsKey(e)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            Assert.Fail(
                $"Snapshots of {testName} do not match the generated files in {directory}.\n" +
                (missing.Count > 0 ? $"Missing snapshot(s): {string.Join(", ", missing)}.\n" : string.Empty) +
                (extra.Count > 0 ? $"Snapshot(s) no longer generated: {string.Join(", ", extra)}.\n" : string.Empty) +
                how);
        }

        foreach (var (hintName, text) in actual.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, hintName);
            var expected = Normalize(File.ReadAllText(path));
            if (expected != text)
            {
                Assert.Fail($"{path} differs from the generated {hintName}:\n{FirstDifference(expected, text)}\n{how}");
            }
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a)
            {
                return $"first difference at line {i + 1}:\n  expected: {e}\n  actual:   {a}";
            }
        }

        return "(no line differs)";
    }

    [GeneratedRegex("GeneratedCode\\(\"Swml\\.Generators\", \"[^\"]*\"\\)")]
    private static partial Regex GeneratedCodeVersion();
}

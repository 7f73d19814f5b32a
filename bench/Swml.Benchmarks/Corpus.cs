namespace Swml.Benchmarks;

/// <summary>The SignalWire SWML documents the benchmarks run over, found like the tests find them.</summary>
internal static class Corpus
{
    public static IReadOnlyList<(string Name, string Text)> Load()
    {
        var directory = Environment.GetEnvironmentVariable("SWML_CONFORMANCE_DIR");
        if (string.IsNullOrWhiteSpace(directory))
        {
            // BenchmarkDotNet runs a generated copy somewhere under bin/, so look upward for the
            // shared folder that sits beside the repository.
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "conformance");
                if (Directory.Exists(candidate))
                {
                    directory = candidate;
                    break;
                }
            }
        }

        directory ??= string.Empty;

        var docs = Path.Combine(directory, "swml-docs");
        if (!Directory.Exists(docs))
        {
            throw new DirectoryNotFoundException($"SWML corpus not found at {docs}; set SWML_CONFORMANCE_DIR.");
        }

        return Directory.GetFiles(docs)
            .Where(f => Path.GetExtension(f) is ".swml" or ".json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .ToArray();
    }
}

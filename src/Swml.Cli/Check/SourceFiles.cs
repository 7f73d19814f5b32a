namespace Swml.Cli.Check;

/// <summary>Expands the paths given on the command line into the SWML files to check.</summary>
internal static class SourceFiles
{
    public static readonly string[] Extensions = { ".swml", ".yaml", ".yml", ".json" };

    /// <summary>
    /// Files named directly are taken whatever their extension; directories are searched
    /// recursively for the SWML extensions. Output is sorted so runs are repeatable.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory
                    .EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.None })
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .OrderBy(f => f, StringComparer.Ordinal);
                files.AddRange(found);
            }
            else
            {
                throw new FileNotFoundException($"no such file or directory: {path}", path);
            }
        }

        return files;
    }
}

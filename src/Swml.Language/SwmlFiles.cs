namespace Swml.Language;

/// <summary>
/// Finds SWML files the way swml check, swml run and a host's flow folders do: files named
/// directly, and .swml, .yaml, .yml and .json files below directories.
/// </summary>
public static class SwmlFiles
{
    public static readonly string[] Extensions = { ".swml", ".yaml", ".yml", ".json" };

    /// <summary>Folders a search skips: build output, dependencies and version control, never flows.</summary>
    public static readonly string[] SkippedFolders = { "bin", "obj", "node_modules" };

    /// <summary>
    /// Files named directly are taken whatever their extension; directories are searched
    /// recursively for the SWML extensions, skipping build output (bin, obj), node_modules and
    /// hidden folders (.git), as a C# project skips them. Output is sorted so runs are repeatable.
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
                files.AddRange(Search(path).OrderBy(f => f, StringComparer.Ordinal));
            }
            else
            {
                throw new FileNotFoundException($"no such file or directory: {path}", path);
            }
        }

        return files;
    }

    private static IEnumerable<string> Search(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            {
                yield return file;
            }
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(child);
            if (name.StartsWith(".", StringComparison.Ordinal) || SkippedFolders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var file in Search(child))
            {
                yield return file;
            }
        }
    }
}

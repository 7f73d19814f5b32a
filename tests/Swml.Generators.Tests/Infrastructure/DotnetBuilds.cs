namespace Swml.Generators.Tests.Infrastructure;

/// <summary>
/// The slow tests that run dotnet build and pack. One collection, so they run one after the other
/// (beside the fast tests) instead of competing for the CPU and the NuGet folders.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DotnetBuilds
{
    public const string Name = "dotnet builds";
}

/// <summary>Folders for the build and pack tests.</summary>
internal static class TestFolders
{
    /// <summary>Copies a folder without its bin/ and obj/.</summary>
    public static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj"))
            {
                CopyDirectory(directory, Path.Combine(destination, name));
            }
        }
    }

    /// <summary>
    /// Stops MSBuild's upward search for Directory.Build.* and Directory.Packages.props at
    /// <paramref name="root"/> (a temp folder might sit under someone else's), with a consumer's
    /// strict settings: nullable, warnings as errors, XML docs (so CS1591 in generated code shows).
    /// </summary>
    public static void WriteConsumerRoot(string root)
    {
        Write(Path.Combine(root, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
              </PropertyGroup>
            </Project>
            """);
        Write(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
        Write(Path.Combine(root, "Directory.Packages.props"), "<Project />\n");
    }

    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public static void CopyFile(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(source, destination);
    }
}

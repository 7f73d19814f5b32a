using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Swml.Generators.Tests.Infrastructure;
using Swml.Tests.Peers;

namespace Swml.Generators.Tests;

/// <summary>
/// The packages as a user gets them: dotnet pack of Swml.Language, Swml.Sip, Swml.Runtime and Swml.Generators
/// into a temp feed, then a net10.0 consumer that references Swml.Generators and Swml.Runtime from
/// it, has a flows/*.swml and a Program.cs using the generated class. It builds and runs, and a
/// misspelt variable fails its build in the .swml. This is what notices a DLL or props file missing
/// from the generator package, which the in-repository project reference hides.
/// </summary>
[Collection(DotnetBuilds.Name)]
public sealed class PackageTests
{
    [Fact]
    public async Task ThePackedGeneratorWorksInAConsumerProject()
    {
        using var temp = new TempFolder("pack");
        var version = "0.1.0-test." + Path.GetFileName(temp.Path).Split('-').Last();
        var feed = Path.Combine(temp.Path, "feed");

        // Pack a copy of the sources (bin/ and obj/ left behind), so the repository's outputs are untouched.
        var repo = Path.Combine(temp.Path, "repo");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "NuGet.config", "global.json" })
        {
            TestFolders.CopyFile(Path.Combine(RepoPaths.Root, file), Path.Combine(repo, file));
        }

        string[] projects = { "src/Swml.Language/Swml.Language.csproj", "src/Swml.Sip/Swml.Sip.csproj", "src/Swml.Runtime/Swml.Runtime.csproj", "generators/Swml.Generators/Swml.Generators.csproj" };
        // src/Shared holds source files the projects link in.
        foreach (var folder in projects.Select(p => Path.GetDirectoryName(p)!).Append("src/Shared"))
        {
            TestFolders.CopyDirectory(Path.Combine(RepoPaths.Root, folder), Path.Combine(repo, folder));
        }

        File.WriteAllText(
            Path.Combine(repo, "pack.slnx"),
            new XElement("Solution", projects.Select(p => new XElement("Project", new XAttribute("Path", p)))).ToString());
        (await DotnetCli.RunAsync(repo, new[] { "pack", "pack.slnx", "-c", "Release", "-o", feed, $"-p:Version={version}", "--disable-build-servers", "-p:UseSharedCompilation=false", "-nodeReuse:false", "-v:m", "-tl:off" }))
            .AssertSuccess();

        AssertGeneratorPackage(Path.Combine(feed, $"Swml.Generators.{version}.nupkg"), version);
        AssertRuntimePackage(Path.Combine(feed, $"Swml.Runtime.{version}.nupkg"), version);

        // The consumer: its own packages folder, so the global one never holds these test builds
        // (read-only fallback to it for Jint, YamlDotNet... so no download is needed).
        var consumer = Path.Combine(temp.Path, "consumer");
        TestFolders.WriteConsumerRoot(consumer);
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(consumer, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="swml-test-feed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
                <add key="global-packages" value="{globalPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        var app = Path.Combine(consumer, "app");
        var packages = Path.Combine(consumer, "packages");
        TestFolders.Write(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <RootNamespace>Acme</RootNamespace>
                <RestorePackagesPath>{packages}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Swml.Generators" Version="{version}" PrivateAssets="all" />
                <PackageReference Include="Swml.Runtime" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        var flow = Path.Combine(app, "flows", "refer_and_report.swml");
        TestFolders.CopyFile(RepoPaths.SampleFlow, flow);
        TestFolders.Write(Path.Combine(app, "Program.cs"), """
            using Acme.Flows;

            var flow = new ReferAndReport();
            Console.WriteLine(string.Join(",", flow.Definition.Sections.Select(s => s.Name)));
            Console.WriteLine(ReferAndReport.NameOf(ReferAndReport.Section.Main));
            Console.WriteLine(ReferAndReport.SourcePath);
            Console.WriteLine(flow.SipReferResult ?? "(unset)");
            """);

        string[] build = { "build", "Consumer.csproj", "--disable-build-servers", "-p:UseSharedCompilation=false", "-nodeReuse:false", "-v:m", "-tl:off" };
        (await DotnetCli.RunAsync(app, build)).AssertSuccess();
        Assert.True(Directory.Exists(Path.Combine(packages, "swml.generators", version)), "restored into the private packages folder");
        Assert.False(Directory.Exists(Path.Combine(globalPackages, "swml.generators", version)), "the global packages folder holds a test build");

        // It runs: the generated class, the runtime and its dependencies are all there.
        var run = (await DotnetCli.RunAsync(app, new[] { Path.Combine(app, "bin", "Debug", "net10.0", "Consumer.dll") })).AssertSuccess();
        Assert.Equal("main\nmain\nflows/refer_and_report.swml\n(unset)\n", run.Output);

        File.WriteAllText(flow, File.ReadAllText(flow).Replace("${sip_refer_to_response_code}", "${sip_refer_to_respons_code}"));
        var broken = await DotnetCli.RunAsync(app, build);

        Assert.NotEqual(0, broken.ExitCode);
        Assert.Matches(
            new Regex("^\\s*" + Regex.Escape(flow) + @"\(21,51\): error SWML0301: unknown variable 'sip_refer_to_respons_code'", RegexOptions.Multiline),
            broken.Output);
    }

    /// <summary>The generator and exactly its three dependencies as analyzers, the props for build and buildTransitive, nothing to reference.</summary>
    private static void AssertGeneratorPackage(string path, string version)
    {
        using var package = ZipFile.OpenRead(path);
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(
            new[] { "analyzers/dotnet/cs/Acornima.dll", "analyzers/dotnet/cs/Swml.Generators.dll", "analyzers/dotnet/cs/Swml.Language.dll", "analyzers/dotnet/cs/YamlDotNet.dll" },
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("build/Swml.Generators.props", entries);
        Assert.Contains("buildTransitive/Swml.Generators.props", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));

        var nuspec = Nuspec(package);
        var ns = nuspec.Root!.Name.Namespace;
        Assert.Equal(version, nuspec.Descendants(ns + "version").Single().Value);
        Assert.Equal("true", nuspec.Descendants(ns + "developmentDependency").Single().Value);
        Assert.Empty(nuspec.Descendants(ns + "dependency"));
    }

    /// <summary>The runtime for net10.0, depending on the Swml.Language and Swml.Sip of the same build.</summary>
    private static void AssertRuntimePackage(string path, string version)
    {
        using var package = ZipFile.OpenRead(path);
        Assert.Contains("lib/net10.0/Swml.Runtime.dll", package.Entries.Select(e => e.FullName));
        var nuspec = Nuspec(package);
        foreach (var id in new[] { "Swml.Language", "Swml.Sip" })
        {
            var dependency = nuspec.Descendants(nuspec.Root!.Name.Namespace + "dependency").Single(d => (string?)d.Attribute("id") == id);
            Assert.Equal(version, (string?)dependency.Attribute("version"));
        }
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }
}

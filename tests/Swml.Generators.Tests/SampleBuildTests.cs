using System.Text.RegularExpressions;
using Swml.Generators.Tests.Infrastructure;
using Swml.Tests.Peers;

namespace Swml.Generators.Tests;

/// <summary>
/// A real dotnet build of a copy of samples/Acme.CallFlows (the generator by project reference, the
/// props imported by hand): it builds as it is, and a misspelt variable in its .swml fails the build
/// with an SWML0301 error located in the .swml file.
/// </summary>
[Collection(DotnetBuilds.Name)]
public sealed class SampleBuildTests
{
    [Fact]
    public async Task TheSampleBuildsAndAMisspeltVariableFailsTheBuildInTheSwmlFile()
    {
        using var root = new TempFolder("sample");
        TestFolders.WriteConsumerRoot(root.Path);
        File.Copy(Path.Combine(RepoPaths.Root, "NuGet.config"), Path.Combine(root.Path, "NuGet.config"));
        var project = Path.Combine(root.Path, "Acme.CallFlows");
        TestFolders.CopyDirectory(RepoPaths.Sample, project);

        // Its ..\..\ paths point into the repository; make them absolute.
        var csprojPath = Path.Combine(project, "Acme.CallFlows.csproj");
        var csproj = File.ReadAllText(csprojPath);
        Assert.Contains(@"..\..\", csproj);
        File.WriteAllText(csprojPath, csproj.Replace(@"..\..\", RepoPaths.Root.TrimEnd('/') + "/").Replace('\\', '/'));

        string[] build = { "build", csprojPath, "--disable-build-servers", "-p:UseSharedCompilation=false", "-nodeReuse:false", "-v:m", "-tl:off" };
        (await DotnetCli.RunAsync(root.Path, build)).AssertSuccess();
        Assert.True(File.Exists(Path.Combine(project, "bin", "Debug", "net10.0", "Acme.CallFlows.dll")));

        var flow = Path.Combine(project, "flows", "refer_and_report.swml");
        var yaml = File.ReadAllText(flow);
        Assert.Contains("${sip_refer_to_response_code}", yaml);
        File.WriteAllText(flow, yaml.Replace("${sip_refer_to_response_code}", "${sip_refer_to_respons_code}"));

        var broken = await DotnetCli.RunAsync(root.Path, build);

        Assert.NotEqual(0, broken.ExitCode);
        var expected = new Regex(
            "^\\s*" + Regex.Escape(flow) + @"\(21,51\): error SWML0301: unknown variable 'sip_refer_to_respons_code': .*did you mean 'sip_refer_to_response_code'\?",
            RegexOptions.Multiline);
        Assert.True(expected.IsMatch(broken.Output), $"No SWML0301 located in {flow} in:\n{broken.Output}");
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Swml.Tests.Peers;

namespace Swml.Cli.Tests;

public sealed class CheckCommandTests
{
    private const string Valid = "version: 1.0.0\nsections:\n  main:\n    - answer: {}\n    - hangup: {}\n";
    private const string Misspelt = "version: 1.0.0\nsections:\n  main:\n    - sip_refer:\n        to_uri: sip:bob@example.com\n    - play:\n        url: 'say: ${sip_refer_reslt}'\n";
    private const string WarningOnly = "version: 1.0.0\nsections:\n  main:\n    - sip_refer:\n        to_uri: sip:bob@example.com\n        username: bob\n        password: secret\n";

    [Fact]
    public void AValidFileExitsZeroWithASummary()
    {
        using var dir = new TempFolder("cli");
        var result = Run("check", dir.Write("ok.swml", Valid));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1 file checked: 0 errors, 0 warnings, 0 messages.", result.Output.Trim());
        Assert.Empty(result.Error);
    }

    [Fact]
    public void AnErrorIsPrintedInMsBuildFormatAndExitsOne()
    {
        using var dir = new TempFolder("cli");
        var file = dir.Write("flows/refer.swml", Misspelt);
        var result = Run("check", file);

        Assert.Equal(1, result.ExitCode);
        var line = result.Output.Split('\n')[0].TrimEnd('\r');
        Assert.Equal($"{file}(7,20): error SWML0301: unknown variable 'sip_refer_reslt': no step in this document sets it; did you mean 'sip_refer_result'?", line);
        Assert.Matches(new Regex(@"^.+\(\d+,\d+\): (error|warning|info) SWML\d{4}: .+$"), line);
        Assert.EndsWith("1 file checked: 1 error, 0 warnings, 0 messages.", result.Output.Trim());
    }

    [Fact]
    public void WarningsAloneExitZero()
    {
        using var dir = new TempFolder("cli");
        var result = Run("check", dir.Write("w.swml", WarningOnly));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning SWML0501", result.Output);
    }

    [Fact]
    public void AHandledMethodIsNotReportedAsNotRunBySipRefer()
    {
        using var dir = new TempFolder("cli");
        var file = dir.Write("r.swml", "version: 1.0.0\nsections:\n  main:\n    - record: {}\n    - connect: {to: '+15551230000'}\n");

        var plain = Run("check", file);
        var handled = Run("check", file, "--handled-method", "record", "--handled-method", "connect");

        Assert.Equal(2, Regex.Matches(plain.Output, "warning SWML0503").Count);
        Assert.Equal(0, handled.ExitCode);
        Assert.Equal("1 file checked: 0 errors, 0 warnings, 0 messages.", handled.Output.Trim());
    }

    [Fact]
    public void JsonFormatPrintsOnlyAnArrayWithEveryField()
    {
        using var dir = new TempFolder("cli");
        var file = dir.Write("refer.swml", Misspelt);
        var result = Run("check", "--format", "json", file);

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var item = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(
            new[] { "path", "line", "column", "endLine", "endColumn", "severity", "id", "message" },
            item.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(file, item.GetProperty("path").GetString());
        Assert.Equal(7, item.GetProperty("line").GetInt32());
        Assert.Equal(20, item.GetProperty("column").GetInt32());
        Assert.Equal(7, item.GetProperty("endLine").GetInt32());
        Assert.Equal(38, item.GetProperty("endColumn").GetInt32());
        Assert.Equal("error", item.GetProperty("severity").GetString());
        Assert.Equal("SWML0301", item.GetProperty("id").GetString());
    }

    [Fact]
    public void JsonFormatOfACleanFileIsAnEmptyArray()
    {
        using var dir = new TempFolder("cli");
        var result = Run("check", "--format", "json", dir.Write("ok.json", "{\"sections\": {\"main\": [{\"hangup\": {}}]}}"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(result.Output).RootElement.ValueKind);
        Assert.Empty(JsonDocument.Parse(result.Output).RootElement.EnumerateArray());
    }

    [Fact]
    public void DirectoriesAreSearchedRecursivelyForTheFourExtensions()
    {
        using var dir = new TempFolder("cli");
        dir.Write("a.swml", Valid);
        dir.Write("sub/b.yaml", Valid);
        dir.Write("sub/deeper/c.yml", Valid);
        dir.Write("d.json", "{\"sections\": {\"main\": []}}");
        dir.Write("notes.txt", "not: [swml");
        dir.Write("sub/e.SWML", Valid);

        var result = Run("check", dir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("5 files checked", result.Output.Trim());
    }

    [Fact]
    public void BuildOutputAndHiddenFoldersAreNotSearched()
    {
        using var dir = new TempFolder("cli");
        dir.Write("flows/a.swml", Valid);
        dir.Write("bin/Debug/net10.0/app.deps.json", "{\"runtimeTarget\": {}}");
        dir.Write("obj/project.assets.json", "{\"version\": 3}");
        dir.Write("node_modules/x/package.json", "{}");
        dir.Write(".git/config.json", "{}");

        var result = Run("check", dir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("1 file checked", result.Output.Trim());
    }

    [Fact]
    public void AFileInASkippedFolderIsCheckedWhenNamed()
    {
        using var dir = new TempFolder("cli");
        var file = dir.Write("obj/flow.swml", Valid);

        Assert.Equal(0, Run("check", file).ExitCode);
    }

    [Fact]
    public void AMissingFileExitsTwoWithTheReasonOnStandardError()
    {
        using var dir = new TempFolder("cli");
        var missing = Path.Combine(dir.Path, "missing.swml");
        var result = Run("check", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file or directory", result.Error);
        Assert.Contains(missing, result.Error);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check", "--format", "xml", "a.swml")]
    [InlineData("check", "--nope", "a.swml")]
    [InlineData("frobnicate")]
    public void UsageErrorsExitTwo(params string[] args)
    {
        var result = Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public void HelpExitsZero()
    {
        var result = Run("check", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--format", result.Output);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = SwmlCommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

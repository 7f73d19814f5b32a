using System.Diagnostics;
using System.Text.Json;
using Swml.Tests.Peers;

namespace Swml.Cli.Tests;

/// <summary>The real swml executable, run as a child process: exit codes and streams as a shell sees them.</summary>
public sealed class SwmlProcessTests
{
    [Fact]
    public async Task TheSwmlProgramReportsErrorsAsJsonOnStandardOutputAndExitsOne()
    {
        using var dir = new TempFolder("cli");
        var file = dir.Write("bad.swml", "sections:\n  main:\n    - sip_referr: {}\n");

        var (code, output, error) = await RunSwmlAsync("check", "--format", "json", file);

        Assert.Equal(1, code);
        Assert.Empty(error);
        var item = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal("SWML0201", item.GetProperty("id").GetString());
    }

    [Fact]
    public async Task TheSwmlProgramPrintsGeneratedCode()
    {
        // The generator and its dependencies load in the swml process (they are in its deps.json).
        using var dir = new TempFolder("cli");
        var file = dir.Write("greeting.swml", "version: 1.0.0\nsections:\n  main:\n    - hangup: {}\n");

        var (code, output, error) = await RunSwmlAsync("gen", file);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("public sealed partial class Greeting : global::Swml.Runtime.SwmlFlow", output);
    }

    [Fact]
    public async Task TheSwmlProgramExitsTwoForAMissingFile()
    {
        var (code, _, error) = await RunSwmlAsync("check", "/nonexistent/flow.swml");

        Assert.Equal(2, code);
        Assert.Contains("no such file or directory", error);
    }

    [Fact]
    public async Task ACorruptCallbackOutboxStopsSwmlRunWithExitTwoSayingWhatToDo()
    {
        using var dir = new TempFolder("cli-outbox");
        var flow = dir.Write("flow.swml", "version: 1.0.0\nsections:\n  main:\n    - hangup: {}\n");
        var outbox = dir.Write("callbacks.db", new string('x', 4096));

        var (code, output, error) = await RunSwmlAsync("run", flow, "--listen", $"udp:127.0.0.1:{FreePorts.Next()}", "--outbox", outbox);

        Assert.True(code == 2, output + error);
        Assert.Contains($"The callback outbox {outbox} cannot be used", error, StringComparison.Ordinal);
        Assert.Contains("move it aside", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSwmlProgramRunsTheDemoAndExitsZeroWhenTheTransferSucceeds()
    {
        // README's first command: nothing to install, everything on 127.0.0.1.
        var (code, output, error) = await RunSwmlAsync("demo");

        Assert.True(code == 0, output + error);
        Assert.Empty(error);
        DemoCommandTests.AssertTransferred(new DemoOutput(output));
    }

    [Fact]
    public async Task TheSwmlProgramRunsTheBusyDemoAndExitsZeroWhenTheFlowReportsBusy()
    {
        var (code, output, error) = await RunSwmlAsync("demo", "--target-busy");

        Assert.True(code == 0, output + error);
        Assert.Empty(error);
        DemoCommandTests.AssertBusy(new DemoOutput(output));
    }

    private static async Task<(int Code, string Output, string Error)> RunSwmlAsync(params string[] args)
    {
        // swml.dll is copied next to the tests by the project reference.
        var swml = Path.Combine(AppContext.BaseDirectory, "swml.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(swml);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}

using System.Diagnostics;
using System.Text;

namespace Swml.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the dotnet CLI as a child process for the build and pack tests: no build servers (a stale
/// VBCSCompiler could hold an old generator; a lingering MSBuild node would keep the output pipes
/// open), no MSBuild variables inherited from the test run, a timeout that kills the process tree.
/// </summary>
internal static class DotnetCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Variables that dotnet test or an outer MSBuild set for itself, which would steer a nested build.</summary>
    private static readonly string[] InheritedPrefixes = { "MSBuild", "MSBUILD", "_MSBUILD", "VSTEST", "TESTINGPLATFORM", "DOTNET_HOST_PATH" };

    public static async Task<DotnetResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var limit = timeout ?? DefaultTimeout;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"dotnet {string.Join(' ', start.ArgumentList)} did not finish within {limit} and was killed; output so far:\n{Text(output)}");
        }

        // The exit event can come before the last output lines.
        process.WaitForExit();
        return new DotnetResult(string.Join(' ', start.ArgumentList), process.ExitCode, Text(output), clock.Elapsed);
    }

    /// <summary>The dotnet that runs these tests (the SDK's muxer), else the one on PATH.</summary>
    private static string DotnetPath()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var main = Environment.ProcessPath;
        return main is not null && Path.GetFileNameWithoutExtension(main) == "dotnet" ? main : "dotnet";
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

internal sealed record DotnetResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>Fails the test with the command's output unless it exited 0.</summary>
    public DotnetResult AssertSuccess()
    {
        Assert.True(ExitCode == 0, $"dotnet {Command} exited {ExitCode}:\n{Output}");
        return this;
    }
}

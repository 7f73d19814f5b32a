using System.Diagnostics;
using System.Text;

namespace Swml.Tests.Peers;

/// <summary>
/// A peer started as a child process: its output goes to a log kept for failure messages, it is
/// stopped by its process id (with its children) when disposed, and waits are always bounded.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly List<LogLine> _lines = new();
    private readonly object _gate = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PeerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public Task<int> Exited => _exited.Task;

    public string Log
    {
        get
        {
            lock (_gate)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Every line so far, with when it was read: for tests that time what a peer reports.</summary>
    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines.ToArray();
            }
        }
    }

    public static PeerProcess Start(string name, string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var peer = new PeerProcess(process, name);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.Exited += (_, _) => peer._exited.TrySetResult(process.ExitCode);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name} did not start: {program}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until the log holds <paramref name="text"/>, the process exits, or the time runs out.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (Exited.IsCompleted)
            {
                throw new InvalidOperationException($"{Name} exited with {Exited.Result} before logging '{text}':\n{Tail()}");
            }

            try
            {
                await Task.Delay(20, timer.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} did not log '{text}' within {timeout.TotalSeconds} s:\n{Tail()}");
            }
        }
    }

    /// <summary>The exit code, or a timeout with the log's end when it does not exit in time.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var finished = await Task.WhenAny(Exited, Task.Delay(timeout, cancellationToken));
        if (finished != Exited)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds} s:\n{Tail()}");
        }

        _process.WaitForExit(); // let the output readers drain
        return await Exited;
    }

    /// <summary>
    /// Sends a signal by name ("TERM", "KILL") to the process alone, with kill(1), and returns when
    /// it has been sent: to stop a peer the way an operator or a crash would.
    /// </summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        if (!kill.WaitForExit(TimeSpan.FromSeconds(5)) || kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {name} {Id} failed");
        }
    }

    public string Tail(int lines = 60) =>
        string.Join("\n", Log.Split('\n').TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(5)));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        var read = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _log.AppendLine(line);
            _lines.Add(new LogLine(read, line));
        }
    }
}

/// <summary>A line a peer printed, and when it was read (<see cref="Stopwatch.GetTimestamp"/>).</summary>
public readonly record struct LogLine(long Timestamp, string Text);

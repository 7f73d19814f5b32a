namespace Swml.Tests.Peers;

/// <summary>SIPp 3.6 as a scripted peer: a scenario (a file or a built-in one) on a free port of 127.0.0.1.</summary>
public static class Sipp
{
    /// <summary>Starts SIPp. <paramref name="remote"/> is "host:port" for a UAC, null for a UAS.</summary>
    public static PeerProcess Start(TempFolder folder, string scenario, int port, string? remote, string transport = "u1", int calls = 1, IEnumerable<string>? extra = null)
    {
        var arguments = new List<string>();
        if (remote is not null)
        {
            arguments.Add(remote);
        }

        if (File.Exists(scenario))
        {
            arguments.AddRange(new[] { "-sf", scenario });
        }
        else
        {
            arguments.AddRange(new[] { "-sn", scenario });
        }

        arguments.AddRange(new[]
        {
            "-i", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-mi", "127.0.0.1", "-mp", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-t", transport, "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-nostdin", "-timeout", "30s", "-timeout_error",
            "-trace_msg", "-message_file", Path.Combine(folder.Path, "sipp-messages.log"),
            "-trace_err", "-error_file", Path.Combine(folder.Path, "sipp-errors.log"),
        });
        if (extra is not null)
        {
            arguments.AddRange(extra);
        }

        return PeerProcess.Start("sipp " + Path.GetFileName(scenario), Peers.Sipp, arguments, folder.Path);
    }

    /// <summary>What SIPp sent and received, for failure messages.</summary>
    public static string Messages(TempFolder folder)
    {
        var path = Path.Combine(folder.Path, "sipp-messages.log");
        var errors = Path.Combine(folder.Path, "sipp-errors.log");
        return (File.Exists(path) ? File.ReadAllText(path) : "(no message log)") + "\n" + (File.Exists(errors) ? File.ReadAllText(errors) : string.Empty);
    }

    public static string Scenario(string name) => Path.Combine(AppContext.BaseDirectory, "Scenarios", name);
}

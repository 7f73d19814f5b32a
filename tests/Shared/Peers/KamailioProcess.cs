namespace Swml.Tests.Peers;

/// <summary>kamailio started the way every test starts it: its configuration checked first (-c), then run in the foreground, logging to stderr, its pid file and runtime files in the test's folder.</summary>
public static class KamailioProcess
{
    /// <param name="arguments">The configuration and its settings (-f, -A, -l, ...), as both the check and the run take them.</param>
    /// <param name="configurationName">What the failure message calls the configuration.</param>
    public static async Task<PeerProcess> StartAsync(TempFolder folder, IReadOnlyList<string> arguments, string configurationName, CancellationToken cancellationToken)
    {
        var check = PeerProcess.Start("kamailio -c", Peers.Kamailio, arguments.Append("-c"), folder.Path);
        await using (check)
        {
            var code = await check.WaitForExitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            Assert.True(code == 0, $"kamailio rejected {configurationName}:\n" + check.Tail());
        }

        return PeerProcess.Start(
            "kamailio",
            Peers.Kamailio,
            arguments.Concat(new[] { "-DD", "-E", "-Y", folder.Path, "-P", Path.Combine(folder.Path, "kamailio.pid") }),
            folder.Path);
    }
}

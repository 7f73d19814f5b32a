namespace Swml.Tests.Peers;

/// <summary>
/// Finds the real SIP peers, and the other real programs tests run (espeak-ng). A missing one skips its tests with the reason, unless
/// SWML_REQUIRE_INTEROP=1 (set by .ci/run), which turns it into a failure: CI must not pass by
/// silently not testing against real peers.
/// </summary>
public static class Peers
{
    public const string RequireVariable = "SWML_REQUIRE_INTEROP";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static string Sipp => Find("sipp", "sip-tester");

    public static string Baresip => Find("baresip", "baresip-core");

    public static string Kamailio => Find("kamailio", "kamailio");

    /// <summary>Wireshark's command line, for packet captures on the loopback interface.</summary>
    public static string Tshark => Find("tshark", "tshark");

    /// <summary>The speech synthesizer say: runs.</summary>
    public static string EspeakNg => Find("espeak-ng", "espeak-ng");

    /// <summary>baresip's module folder (from the package's file list when the usual one is absent).</summary>
    public static string BaresipModules => FirstDirectory("/usr/lib/baresip/modules", "/usr/local/lib/baresip/modules", "/usr/lib/x86_64-linux-gnu/baresip/modules")
        ?? Missing("baresip's modules", "baresip-core");

    public static string KamailioModules => FirstDirectory("/usr/lib/x86_64-linux-gnu/kamailio/modules", "/usr/lib/kamailio/modules", "/usr/local/lib64/kamailio/modules")
        ?? Missing("kamailio's modules", "kamailio");

    private static string Find(string program, string package)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Concat(new[] { "/usr/sbin", "/usr/local/sbin" }))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Missing(program, package);
    }

    private static string? FirstDirectory(params string[] candidates) => candidates.FirstOrDefault(Directory.Exists);

    private static string Missing(string what, string package)
    {
        var reason = $"{what} is not installed (Debian package {package}; .ci/run installs it).";
        if (Required)
        {
            Assert.Fail($"{reason} {RequireVariable}=1 makes a missing peer a failure.");
        }

        Assert.Skip(reason);
        return string.Empty;
    }
}

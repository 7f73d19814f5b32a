using Swml.Sip.Interop.Tests.Infrastructure;
using Swml.Tests.Peers;

namespace Swml.Sip.Interop.Tests;

/// <summary>
/// The peers themselves, before our stack is involved: each starts headless on 127.0.0.1 with the
/// configuration the interop tests use, and completes a call with SIPp. When one of these fails,
/// the environment is broken, not Swml.Sip.
/// </summary>
public sealed class PeerSmokeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task SippCallsSippOverUdpAndTcp(string transport)
    {
        // Each SIPp its own folder: they would otherwise write one message log.
        using var uasFolder = new TempFolder("smoke-sipp-uas");
        using var folder = new TempFolder("smoke-sipp-uac");
        var uasPort = FreePorts.Next();
        await using var uas = Sipp.Start(uasFolder, "uas", uasPort, remote: null, transport);
        await Task.Delay(300, Ct);
        await using var uac = Sipp.Start(folder, "uac", FreePorts.Next(), $"127.0.0.1:{uasPort}", transport);

        Assert.True(await uac.WaitForExitAsync(TimeSpan.FromSeconds(40), Ct) == 0, "SIPp UAC failed:\n" + uac.Tail() + Sipp.Messages(folder));

        // The built-in UAS ends with a 4 s pause after its 200 to BYE; over TCP the UAC closes the
        // connection during it and SIPp counts that call as failed (exit 1), so only UDP's is checked.
        var uasExit = await uas.WaitForExitAsync(TimeSpan.FromSeconds(10), Ct);
        if (transport == "u1")
        {
            Assert.True(uasExit == 0, "SIPp UAS failed:\n" + uas.Tail());
        }
    }

    [Fact]
    public async Task BaresipAnswersACallFromSipp()
    {
        using var bob = new TempFolder("smoke-baresip");
        var port = FreePorts.Next(Baresip.PortsNeeded);
        await using var baresip = await Baresip.StartAsync(bob, port, Ct);

        using var folder = new TempFolder("smoke-sipp");
        await using var uac = Sipp.Start(folder, "uac", FreePorts.Next(), $"127.0.0.1:{port}", extra: new[] { "-s", "bob", "-d", "1000" });

        Assert.True(await uac.WaitForExitAsync(TimeSpan.FromSeconds(40), Ct) == 0, "SIPp could not complete a call with baresip:\n" + uac.Tail() + Sipp.Messages(folder) + "\nbaresip:\n" + baresip.Tail());
    }

    [Fact]
    public async Task KamailioRecordRoutesACallBetweenTwoSippPeers()
    {
        using var proxyFolder = new TempFolder("smoke-kamailio");
        var proxyPort = FreePorts.Next();
        await using var proxy = await Kamailio.StartAsync(proxyFolder, proxyPort, "SHA-256", Ct);

        using var uasFolder = new TempFolder("smoke-sipp-uas");
        using var folder = new TempFolder("smoke-sipp-uac");
        var uasPort = FreePorts.Next();
        await using var uas = Sipp.Start(uasFolder, "uas", uasPort, remote: null);
        await Task.Delay(300, Ct);
        await using var uac = Sipp.Start(folder, "uac", FreePorts.Next(), $"127.0.0.1:{uasPort}", extra: new[] { "-rsa", $"127.0.0.1:{proxyPort}" });

        Assert.True(await uac.WaitForExitAsync(TimeSpan.FromSeconds(40), Ct) == 0, "SIPp could not call through kamailio:\n" + uac.Tail() + Sipp.Messages(folder) + "\nkamailio:\n" + proxy.Tail());
        // The INVITE reaching the callee carries kamailio's Record-Route (SIPp's built-in UAS does not copy it into its 200).
        await uas.WaitForExitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Matches(new System.Text.RegularExpressions.Regex($@"Record-Route:\s*<sip:127\.0\.0\.1:{proxyPort};lr", System.Text.RegularExpressions.RegexOptions.IgnoreCase), Sipp.Messages(uasFolder));
    }
}

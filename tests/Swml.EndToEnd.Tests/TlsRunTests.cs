using Swml.EndToEnd.Tests.Infrastructure;
using Swml.Sip.Calls;
using Swml.Sip.Transport;
using Swml.Tests.Peers;
using Xunit;

namespace Swml.EndToEnd.Tests;

/// <summary><c>swml run --listen tls:... --tls-cert</c>: the process serves a call over SIP over TLS.</summary>
public sealed class TlsRunTests
{
    [Fact(Timeout = 60_000)]
    public async Task SwmlRunServesACallOverTlsWithTheCertificateGiven()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder("e2e-tls");
        using var certificate = TestCertificate.Create();
        var (pem, _) = certificate.WritePem(folder.Path);
        var flow = folder.Write("flow.swml", "version: 1.0.0\nsections:\n  main:\n    - answer: {}\n    - hangup: {}\n");
        var tlsPort = FreePorts.Next();
        await using var swml = await SwmlRun.StartAsync(folder, flow, new[] { "--listen", $"tls:127.0.0.1:{tlsPort}", "--tls-cert", pem, "--max-calls", "1" }, ct);
        await using var phone = SipEndpoint.Start(new SipEndpointOptions { TlsServerValidation = (_, presented, _, _) => certificate.IsThis(presented) });

        SipCall call;
        try
        {
            call = await phone.DialAsync($"sips:main@127.0.0.1:{tlsPort}", cancellationToken: ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
            await call.Ended.WaitAsync(TimeSpan.FromSeconds(20), ct);
        }
        catch (Exception ex) when (ex is TimeoutException or SipCallFailedException)
        {
            Assert.Fail($"{ex.Message}\nswml:\n{swml.Output}");
            throw;
        }

        Assert.Equal(TransportProtocol.Tls, call.Protocol);
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended);

        Assert.Equal(0, await swml.WaitForExitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Contains("swml: 1 call served.", swml.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ATlsListenWithoutACertificateIsAUsageError()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder("e2e-tls-usage");
        var flow = folder.Write("flow.swml", "version: 1.0.0\nsections:\n  main:\n    - hangup: {}\n");
        await using var swml = await SwmlRun.StartAsync(folder, flow, new[] { "--listen", $"tls:127.0.0.1:{FreePorts.Next()}" }, ct, waitUntilServing: false);

        Assert.Equal(2, await swml.WaitForExitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Contains("--tls-cert", swml.Output, StringComparison.Ordinal);
    }
}

using System.Net;
using Swml.Sip.Calls;
using Swml.Sip.Transport;
using Swml.Tests.Peers;
using Xunit;

namespace Swml.Sip.Tests.Calls;

/// <summary>SIP over TLS between two of our endpoints (RFC 3261 §26, RFC 5630), with a certificate the test makes.</summary>
public sealed class TlsCallTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACallToASipsUriGoesOverTlsBothWaysAndHangsUp()
    {
        using var certificate = TestCertificate.Create();
        var seen = new List<string>();
        await using var alice = SipEndpoint.Start(new SipEndpointOptions
        {
            User = "alice",
            TlsCertificate = certificate.Certificate,
            TlsServerValidation = (_, presented, _, _) => certificate.IsThis(presented),
        });
        await using var bob = SipEndpoint.Start(new SipEndpointOptions
        {
            User = "bob",
            TlsCertificate = certificate.Certificate,
            TlsServerValidation = (_, presented, _, _) => certificate.IsThis(presented),
            Trace = entry => { lock (seen) { seen.Add($"{entry.Direction} {entry.Remote.Protocol} {entry.Message.StartLine}"); } },
        });

        var dialing = alice.DialAsync($"sips:bob@127.0.0.1:{bob.TlsEndPoint!.Port}", cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(Wait, Ct);
        var call = await dialing.WaitAsync(Wait, Ct);

        Assert.Equal(TransportProtocol.Tls, call.Protocol);
        Assert.StartsWith("SIP/2.0/TLS", incoming.Invite.TopVia.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("<sips:alice@", incoming.Invite.Headers.GetFirst("Contact"), StringComparison.Ordinal);

        // bob's BYE goes to alice's sips: Contact, over TLS.
        await answered.HangupAsync(Ct);
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(Wait, Ct));
        lock (seen)
        {
            Assert.All(seen, line => Assert.Contains(" Tls ", line, StringComparison.Ordinal));
            Assert.Contains(seen, line => line.StartsWith("Sent Tls BYE", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ACallerWithoutACertificateOfItsOwnGetsTheByeOnItsOwnConnection()
    {
        // alice cannot take TLS connections (no certificate): bob's BYE must reuse the one she opened.
        using var certificate = TestCertificate.Create();
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { User = "alice", TlsServerValidation = (_, presented, _, _) => certificate.IsThis(presented) });
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", TlsCertificate = certificate.Certificate });

        var dialing = alice.DialAsync($"sips:bob@127.0.0.1:{bob.TlsEndPoint!.Port}", cancellationToken: Ct);
        var incoming = await bob.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(Wait, Ct);
        var call = await dialing.WaitAsync(Wait, Ct);
        await answered.HangupAsync(Ct);

        Assert.Equal(CallEndReason.LocalHangup, await answered.Ended.WaitAsync(Wait, Ct));
        Assert.Equal(CallEndReason.RemoteHangup, await call.Ended.WaitAsync(Wait, Ct));
    }

    [Fact]
    public async Task AServerCertificateThatDoesNotValidateFailsTheCallClearly()
    {
        using var certificate = TestCertificate.Create();
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { User = "alice" }); // the system's validation: a self-signed certificate is not trusted
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", TlsCertificate = certificate.Certificate });

        var failed = await Assert.ThrowsAsync<SipCallFailedException>(() => alice.DialAsync($"sips:bob@127.0.0.1:{bob.TlsEndPoint!.Port}", cancellationToken: Ct).WaitAsync(Wait, Ct));

        Assert.Contains("TLS", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, bob.RingingCount);
    }

    [Theory]
    [InlineData(TransportProtocol.Udp)]
    [InlineData(TransportProtocol.Tcp)]
    public async Task ASipsTargetIsNeverSentOverUdpOrTcp(TransportProtocol transport)
    {
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { User = "alice" });

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => alice.DialAsync("sips:bob@127.0.0.1:5061", new DialOptions { Transport = transport }, Ct));
        Assert.Contains("TLS only", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => alice.DialAsync("sips:bob@127.0.0.1:5061;transport=udp", cancellationToken: Ct));
    }
}

using System.Net;
using System.Text;
using Swml.Sip.Calls;
using Swml.Sip.Sdp;
using Swml.Sip.Transport;
using Xunit;

namespace Swml.Sip.Tests.Calls;

/// <summary>What we tell peers to reach us at: never a wildcard, and an advertised address when one is given (NAT, containers).</summary>
public sealed class AdvertisedAddressTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AWildcardBindIsAdvertisedAsAnInterfacesAddressNeverAsTheWildcard()
    {
        IPAddress[] interfaces = [IPAddress.Loopback, IPAddress.Parse("fe80::1"), IPAddress.Parse("10.1.2.3"), IPAddress.Parse("2001:db8::5")];

        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 5060), AdvertisedAddress.For(new IPEndPoint(IPAddress.Any, 5060), null, null, interfaces));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 5060), AdvertisedAddress.For(new IPEndPoint(IPAddress.IPv6Any, 5060), null, null, interfaces));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5060), AdvertisedAddress.For(new IPEndPoint(IPAddress.Any, 5060), null, null, [IPAddress.Loopback]));
    }

    [Fact]
    public void AConcreteBindIsAdvertisedAsItIsUnlessAnAddressIsGiven()
    {
        var bound = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 5070);

        Assert.Equal(bound, AdvertisedAddress.For(bound, null, null, []));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.5"), 15060), AdvertisedAddress.For(bound, IPAddress.Parse("203.0.113.5"), 15060, []));
        Assert.Throws<ArgumentException>(() => AdvertisedAddress.For(bound, IPAddress.Any, null, []));
    }

    [Fact]
    public async Task TheAdvertisedAddressIsInOurContactViaAndSdp()
    {
        await using var bob = SipEndpoint.Start(new SipEndpointOptions { User = "bob", AdvertisedAddress = IPAddress.Parse("203.0.113.5"), AdvertisedPort = 15060 });
        using var peer = new RawPeer(bob);
        var (call, ok) = await peer.ConnectAsync(Wait, Ct);

        Assert.Equal("sip:bob@203.0.113.5:15060", bob.Uri.ToString());
        Assert.Contains("@203.0.113.5:15060", ok.Headers.GetFirst("Contact"), StringComparison.Ordinal);
        var sdp = Encoding.UTF8.GetString(ok.Body.Span);
        Assert.Contains("c=IN IP4 203.0.113.5", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", sdp, StringComparison.Ordinal);

        var hangingUp = call.HangupAsync(Ct);
        var bye = await peer.NextRequestAsync(Wait, Ct);
        Assert.Equal("203.0.113.5", bye!.TopVia.Host.Value);
        Assert.Equal(15060, bye.TopVia.Port);
        await peer.RespondAsync(bye, 200, "OK", Ct);
        await hangingUp.WaitAsync(Wait, Ct);
    }
}

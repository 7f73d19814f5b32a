using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Swml.Sip.Calls;
using Swml.Sip.Message;
using Xunit;

namespace Swml.Sip.Tests.Calls;

/// <summary>
/// DialAsync cancelled while the INVITE rings: the caller is not held for the INVITE's end, and a
/// 2xx that crosses the CANCEL leaves no call live on the wire that no one holds.
/// </summary>
public sealed class DialCancellationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACancelledDialReturnsAtOnceAndA200ThatCrossesTheCancelIsAcknowledgedAndHungUp()
    {
        await using var alice = SipEndpoint.Start(new SipEndpointOptions { User = "alice" });
        using var bob = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var bobPort = ((IPEndPoint)bob.Client.LocalEndPoint!).Port;
        using var giveUp = new CancellationTokenSource();

        var dialing = alice.DialAsync($"sip:bob@127.0.0.1:{bobPort}", cancellationToken: giveUp.Token);
        var (invite, from) = await ReceiveAsync(bob, "INVITE");
        await bob.SendAsync(SipResponse.CreateFor(invite, 180, "Ringing", "b1").ToBytes(), from, Ct);

        // A peer that never answers the CANCEL: the dial must not wait for Timer B.
        var clock = Stopwatch.StartNew();
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dialing.WaitAsync(Wait, Ct));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the dial took {clock.Elapsed} to give up");
        Assert.Equal("CANCEL", (await ReceiveAsync(bob, "CANCEL")).Request.Method);

        // Its 200 crosses the CANCEL.
        var ok = SipResponse.CreateFor(invite, 200, "OK", "b1");
        ok = ok.WithHeaders(ok.Headers.Add("Contact", $"<sip:bob@127.0.0.1:{bobPort}>"))
            .WithBody(Encoding.UTF8.GetBytes(Swml.Sip.Tests.Sdp.SdpSamples.Sipp), "application/sdp");
        await bob.SendAsync(ok.ToBytes(), from, Ct);

        Assert.Equal("ACK", (await ReceiveAsync(bob, "ACK")).Request.Method);
        var (bye, byeFrom) = await ReceiveAsync(bob, "BYE");
        await bob.SendAsync(SipResponse.CreateFor(bye, 200, "OK").ToBytes(), byeFrom, Ct);
    }

    private static async Task<(SipRequest Request, IPEndPoint From)> ReceiveAsync(UdpClient socket, string method)
    {
        while (true)
        {
            UdpReceiveResult datagram;
            try
            {
                datagram = await socket.ReceiveAsync(Ct).AsTask().WaitAsync(Wait, Ct);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"no {method} came");
            }

            if (SipParser.ParseDatagram(datagram.Buffer).Request is { } request && request.Method == method)
            {
                return (request, datagram.RemoteEndPoint);
            }
        }
    }
}

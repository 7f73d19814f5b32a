using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Swml.Sip.Calls;
using Swml.Sip.Events;
using Swml.Sip.Message;

namespace Swml.Sip.Tests.Calls;

/// <summary>
/// The transferee side of REFER on loopback: A calls B and REFERs it with <see cref="SipCall.ReferAsync"/>;
/// B (AcceptRefers on) takes the REFER and calls C, and A's result and the NOTIFYs A received tell
/// what B reported.
/// </summary>
public sealed class TransfereeLoopbackTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A (referrer) in a call with B (transferee), and C (the target) listening; A's received requests recorded.</summary>
    private sealed class Parties : IAsyncDisposable
    {
        public required SipEndpoint A { get; init; }

        public required SipEndpoint B { get; init; }

        public required SipEndpoint C { get; init; }

        /// <summary>The call as A sees it.</summary>
        public required SipCall AtoB { get; init; }

        /// <summary>The same call as B sees it.</summary>
        public required SipCall BfromA { get; init; }

        public required ConcurrentQueue<SipRequest> ReceivedByA { get; init; }

        public SipRequest[] NotifiesToA => ReceivedByA.Where(r => r.Method == SipMethods.Notify).ToArray();

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await C.DisposeAsync();
        }
    }

    private static async Task<Parties> ConnectAsync(SipEndpointOptions? a = null, SipEndpointOptions? b = null)
    {
        var referrer = SipEndpoint.Start(a ?? new SipEndpointOptions { User = "alice" });
        var transferee = SipEndpoint.Start(b ?? new SipEndpointOptions { User = "bob", AcceptRefers = true });
        var target = SipEndpoint.Start(new SipEndpointOptions { User = "carol" });
        var received = new ConcurrentQueue<SipRequest>();
        referrer.ObserveRequest = received.Enqueue;

        var dialing = referrer.DialAsync(transferee.Uri.ToString(), cancellationToken: Ct);
        var incoming = await transferee.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        var answered = await incoming.AnswerAsync(Ct).WaitAsync(Wait, Ct);
        var call = await dialing.WaitAsync(Wait, Ct);
        return new Parties { A = referrer, B = transferee, C = target, AtoB = call, BfromA = answered, ReceivedByA = received };
    }

    /// <summary>A REFERs B (to C unless told otherwise): A's pending result, and the REFER as B's application gets it.</summary>
    private static async Task<(Task<ReferResult> Referring, IncomingRefer Refer)> ReferBAsync(Parties p, string? referTo = null)
    {
        var referring = p.AtoB.ReferAsync(new ReferOptions { ReferTo = referTo ?? p.C.Uri.ToString() }, cancellationToken: Ct);
        var refer = await p.BfromA.Refers.ReadAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        return (referring, refer);
    }

    private static string Body(SipRequest request) => Encoding.UTF8.GetString(request.Body.Span);

    private static string? Header(SipRequest request, string name) => request.Headers.GetFirst(name);

    [Fact]
    public async Task AFollowedReferToATargetThatRingsAndAnswersIsReported100Then180Then200()
    {
        await using var p = await ConnectAsync();
        var referring = p.AtoB.ReferAsync(new ReferOptions { ReferTo = p.C.Uri.ToString(), ReferredBy = "<sip:alice@example.com>" }, cancellationToken: Ct);

        var refer = await p.BfromA.Refers.ReadAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        Assert.Equal(p.C.Uri.ToString(), Assert.IsType<SipUri>(refer.ReferTo).ToString());
        Assert.Equal("<" + p.C.Uri + ">", refer.ReferToText);
        Assert.Equal("sip:alice@example.com", refer.ReferredBy?.Uri.ToString());
        var following = refer.FollowAsync(cancellationToken: Ct);
        var afterFollow = ThreadAfter(following);

        var incoming = await p.C.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        Assert.Equal("<sip:alice@example.com>", incoming.Invite.Headers.GetFirst(HeaderNames.ReferredBy)); // RFC 3892 §4
        Assert.Contains("REFER", incoming.Invite.Headers.GetFirst(HeaderNames.Allow), StringComparison.Ordinal);
        await incoming.RingAsync(Ct);
        var atC = await incoming.AnswerAsync(Ct).WaitAsync(Wait, Ct);

        var followed = await following.WaitAsync(Wait, Ct);
        Assert.True(await afterFollow, "FollowAsync continued on the thread that read SIP");
        Assert.Equal(atC.CallId, followed.Call?.CallId);
        Assert.Equal(200, followed.StatusCode);
        Assert.Equal(new ReferNotifyResult(ReferNotifyStatus.Delivered, 200), followed.FinalNotify);
        Assert.Equal(202, refer.ResponseCode);

        var result = await referring.WaitAsync(Wait, Ct);
        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(new[] { 100, 180, 200 }, result.NotifyCodes);

        // On the wire: Event id, states, sipfrag bodies, in-dialog headers, rising CSeqs.
        var notifies = p.NotifiesToA;
        Assert.Equal(new[] { "SIP/2.0 100 Trying\r\n", "SIP/2.0 180 Ringing\r\n", "SIP/2.0 200 OK\r\n" }, notifies.Select(Body));
        Assert.All(notifies, n =>
        {
            Assert.Equal($"refer;id={refer.Id}", Header(n, HeaderNames.Event));
            Assert.Equal("message/sipfrag;version=2.0", n.ContentType);
            Assert.Equal(p.AtoB.Dialog.LocalTag, n.To.Tag);
            Assert.Equal(p.BfromA.Dialog.LocalTag, n.From.Tag);
            Assert.Equal(p.AtoB.CallId, n.CallId);
            Assert.Equal(p.B.Uri.ToString(), n.Contacts.Single().Uri.ToString());
        });
        Assert.Matches(@"^active;expires=(1[01]\d|120|\d{1,2})$", Header(notifies[0], HeaderNames.SubscriptionState));
        Assert.StartsWith("active;expires=", Header(notifies[1], HeaderNames.SubscriptionState), StringComparison.Ordinal);
        Assert.Equal("terminated;reason=noresource", Header(notifies[2], HeaderNames.SubscriptionState));
        var cseqs = notifies.Select(n => n.CSeq.Number).ToArray();
        Assert.Equal(cseqs.Order().Distinct(), cseqs);
        Assert.All(notifies, n => Assert.Equal(SipMethods.Notify, n.CSeq.Method));

        await atC.HangupAsync(Ct);
    }

    [Fact]
    public async Task AFollowedReferToABusyTargetIsReported100Then486()
    {
        await using var p = await ConnectAsync();
        var (referring, refer) = await ReferBAsync(p);
        var following = refer.FollowAsync(cancellationToken: Ct);

        var incoming = await p.C.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        await incoming.RejectAsync(486, "Busy Here", Ct);

        var followed = await following.WaitAsync(Wait, Ct);
        Assert.Null(followed.Call);
        Assert.Equal(486, followed.StatusCode);
        Assert.True(followed.FinalNotify.IsDelivered);
        var result = await referring.WaitAsync(Wait, Ct);
        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(new[] { 100, 486 }, result.NotifyCodes);
        Assert.Equal("SIP/2.0 486 Busy Here\r\n", Body(p.NotifiesToA[^1]));
        Assert.Equal("terminated;reason=noresource", Header(p.NotifiesToA[^1], HeaderNames.SubscriptionState));
        Assert.False(p.AtoB.IsEnded); // the transfer failed; the call goes on
    }

    [Fact]
    public async Task ThePrimitivesReportWhatTheApplicationSaysAndNothingAfterTheFinal()
    {
        await using var p = await ConnectAsync();
        var (referring, refer) = await ReferBAsync(p, "sip:dave@example.com");
        await Assert.ThrowsAsync<InvalidOperationException>(() => refer.NotifyAsync(180, "Ringing", Ct));

        Assert.True(await refer.AcceptAsync());
        var progress = await refer.NotifyAsync(183, "Session Progress", Ct).WaitAsync(Wait, Ct);
        var final = await refer.CompleteAsync(603, "Declined", Ct).WaitAsync(Wait, Ct);
        var late = await refer.NotifyAsync(180, "Ringing", Ct).WaitAsync(Wait, Ct);

        Assert.Equal((ReferNotifyStatus.Delivered, ReferNotifyStatus.Delivered, ReferNotifyStatus.NotSent), (progress.Status, final.Status, late.Status));
        await Assert.ThrowsAsync<InvalidOperationException>(() => refer.AcceptAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => refer.CompleteAsync(180, "Ringing", Ct));
        var result = await referring.WaitAsync(Wait, Ct);
        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(new[] { 100, 183, 603 }, result.NotifyCodes);
    }

    [Fact]
    public async Task ARejectedReferGetsItsStatusAndNoNotify()
    {
        await using var p = await ConnectAsync();
        var (referring, refer) = await ReferBAsync(p);

        Assert.True(await refer.RejectAsync(403, "Forbidden"));

        var result = await referring.WaitAsync(Wait, Ct);
        Assert.Equal(403, result.ReferStatusCode);
        Assert.Empty(result.NotifyCodes);
        Assert.Equal(ReferNotifyStatus.NotSent, (await refer.CompleteAsync(200, "OK", Ct)).Status);
        Assert.Empty(p.NotifiesToA);
    }

    [Fact]
    public async Task ATelReferToFollowedIsReported416()
    {
        await using var p = await ConnectAsync();
        var (referring, refer) = await ReferBAsync(p, "tel:+15551234567");
        Assert.Equal("+15551234567", Assert.IsType<TelUri>(refer.ReferTo).Number);

        var followed = await refer.FollowAsync(cancellationToken: Ct).WaitAsync(Wait, Ct);

        Assert.Equal(416, followed.StatusCode);
        Assert.Equal(new[] { 100, 416 }, (await referring.WaitAsync(Wait, Ct)).NotifyCodes);
    }

    [Fact]
    public async Task ReferSubFalseIsHonouredWithAnEchoAndNoNotify()
    {
        await using var p = await ConnectAsync();
        var sending = p.AtoB.SendInDialogAsync(SipMethods.Refer, [(HeaderNames.ReferTo, "<sip:dave@example.com>"), (HeaderNames.ReferSub, "false")], null, Ct);
        var refer = await p.BfromA.Refers.ReadAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        Assert.True(refer.DeclinesSubscription);

        Assert.True(await refer.AcceptAsync());

        var response = (await sending.WaitAsync(Wait, Ct)).Result.Response!;
        Assert.Equal(202, response.StatusCode);
        Assert.Equal("false", response.Headers.GetFirst(HeaderNames.ReferSub)); // RFC 4488 §4
        Assert.Equal("norefersub", response.Headers.GetFirst(HeaderNames.Supported));
        Assert.Single(response.Contacts);
        var notify = await refer.CompleteAsync(200, "OK", Ct);
        Assert.Equal(ReferNotifyStatus.NotSent, notify.Status);
        Assert.Contains("Refer-Sub", notify.Detail);
        await Task.Delay(300, Ct);
        Assert.Empty(p.NotifiesToA);
    }

    [Fact]
    public async Task AReferLeftUnansweredGets603InTheAnswerTimeout()
    {
        await using var p = await ConnectAsync(b: new SipEndpointOptions { User = "bob", AcceptRefers = true, ReferAnswerTimeout = TimeSpan.FromMilliseconds(500) });
        var clock = Stopwatch.StartNew();

        var result = await p.AtoB.ReferAsync(new ReferOptions { ReferTo = p.C.Uri.ToString() }, cancellationToken: Ct).WaitAsync(Wait, Ct);

        Assert.Equal(603, result.ReferStatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        var refer = await p.BfromA.Refers.ReadAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        Assert.Equal(603, refer.ResponseCode);
        Assert.False(await refer.AcceptAsync()); // too late: the stack answered
        Assert.Equal(ReferNotifyStatus.NotSent, (await refer.FollowAsync(cancellationToken: Ct)).FinalNotify.Status);
        Assert.Empty(p.NotifiesToA);
    }

    [Fact]
    public async Task AReferStillUnansweredWhenTheCallEndsGets487()
    {
        await using var p = await ConnectAsync();
        var (referring, refer) = await ReferBAsync(p);

        await p.BfromA.HangupAsync(Ct);

        Assert.Equal(487, (await referring.WaitAsync(Wait, Ct)).ReferStatusCode); // RFC 3261 §15.1.2
        Assert.Equal(487, refer.ResponseCode);
        Assert.False(await p.BfromA.Refers.WaitToReadAsync(Ct).AsTask().WaitAsync(Wait, Ct)); // no more will come
    }

    [Theory]
    [InlineData("")]
    [InlineData("Refer-To: <sip:a@example.com>|Refer-To: <sip:b@example.com>")]
    [InlineData("Refer-To: <sip:a@example.com>, <sip:b@example.com>")]
    [InlineData("Refer-To: <not a uri>")]
    [InlineData("Refer-To: <mailto:carol@example.com>")]
    [InlineData("Refer-To: <sip:a@example.com>|Referred-By: <sip:alice@example.com")]
    [InlineData("Refer-To: <sip:a@example.com>|Refer-Sub: perhaps")]
    public async Task AMalformedReferGets400AndNeverReachesTheApplication(string headers)
    {
        await using var p = await ConnectAsync();

        // Sent raw: our own builder refuses to write most of these.
        var response = await SendRawReferAsync(p, headers.Length == 0 ? [] : headers.Split('|'));

        Assert.Equal(400, response.StatusCode);
        Assert.False(p.BfromA.Refers.TryRead(out _));
        Assert.False(p.BfromA.IsEnded);
    }

    /// <summary>A REFER in B's dialog with A, written by hand and sent from a socket of its own; B's response to it.</summary>
    private static async Task<SipResponse> SendRawReferAsync(Parties p, string[] headers)
    {
        using var socket = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)socket.Client.LocalEndPoint!).Port;
        var dialog = p.BfromA.Dialog;
        var text = $"REFER {p.B.Uri} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
            $"From: {dialog.Remote}\r\n" +
            $"To: {dialog.Local}\r\n" +
            $"Call-ID: {dialog.CallId}\r\n" +
            $"CSeq: {p.AtoB.Dialog.NextCSeq()} REFER\r\n" + // taken from A's count, so A's later BYE is still in order

            $"Contact: <sip:raw@127.0.0.1:{port}>\r\n" +
            "Max-Forwards: 70\r\n" +
            string.Concat(headers.Select(h => h + "\r\n")) +
            "Content-Length: 0\r\n\r\n";
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), p.B.EndPoint, Ct);
        var received = await socket.ReceiveAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        return SipParser.ParseDatagram(received.Buffer).Response ?? throw new InvalidOperationException("not a response");
    }

    [Fact]
    public async Task WithAcceptRefersOnReferIsInAllowAndOffIsLeftOut()
    {
        await using var on = SipEndpoint.Start(new SipEndpointOptions { AcceptRefers = true });
        await using var off = SipEndpoint.Start();

        Assert.Equal(SipEndpoint.AllowedMethods + ", REFER", on.Allow);
        Assert.Equal(SipEndpoint.AllowedMethods, off.Allow);
        Assert.DoesNotContain("REFER", off.Allow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterAByeDuringTheTransferTheFinalNotifyIsStillSentAndTheReferrerTakesIt()
    {
        // RFC 5057 §5.3: the BYE ends the INVITE usage only; A still answers NOTIFYs 200 for its grace period.
        await using var p = await ConnectAsync();
        var (referring, refer) = await ReferBAsync(p);
        var following = refer.FollowAsync(cancellationToken: Ct);
        var incoming = await p.C.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);
        await incoming.RingAsync(Ct);

        await p.AtoB.HangupAsync(Ct);
        Assert.Equal(CallEndReason.RemoteHangup, await p.BfromA.Ended.WaitAsync(Wait, Ct));
        var atC = await incoming.AnswerAsync(Ct).WaitAsync(Wait, Ct);

        var followed = await following.WaitAsync(Wait, Ct);
        Assert.NotNull(followed.Call);
        Assert.Equal(new ReferNotifyResult(ReferNotifyStatus.Delivered, 200), followed.FinalNotify);
        var result = await referring.WaitAsync(Wait, Ct);
        Assert.Equal(202, result.ReferStatusCode);
        Assert.Equal(new[] { 100, 180, 200 }, result.NotifyCodes); // the final came within A's settle time after its BYE
        Assert.Equal("SIP/2.0 200 OK\r\n", Body(p.NotifiesToA[^1]));
        await atC.HangupAsync(Ct);
    }

    [Fact]
    public async Task AfterAByeAFinalNotifyAnswered481IsReportedAndTheNewCallStays()
    {
        var a = new SipEndpointOptions { User = "alice", NotifyGraceAfterHangup = TimeSpan.Zero, FinalNotifySettle = TimeSpan.Zero };
        await using var p = await ConnectAsync(a);
        var (_, refer) = await ReferBAsync(p);
        var following = refer.FollowAsync(cancellationToken: Ct);
        var incoming = await p.C.AcceptAsync(Ct).AsTask().WaitAsync(Wait, Ct);

        await p.AtoB.HangupAsync(Ct);
        await p.BfromA.Ended.WaitAsync(Wait, Ct);
        await Task.Delay(200, Ct); // A forgets the call at once: nothing of it is left to answer a NOTIFY
        var atC = await incoming.AnswerAsync(Ct).WaitAsync(Wait, Ct);

        var followed = await following.WaitAsync(Wait, Ct);
        Assert.Equal((ReferNotifyStatus.Failed, 481), (followed.FinalNotify.Status, followed.FinalNotify.ResponseCode));
        Assert.False(followed.Call!.IsEnded);
        Assert.Equal(ReferNotifyStatus.NotSent, (await refer.CompleteAsync(200, "OK", Ct)).Status);
        await atC.HangupAsync(Ct);
    }

    /// <summary>True when the task's continuation ran on the thread pool and not on a SIP thread.</summary>
    private static async Task<bool> ThreadAfter(Task task)
    {
        Assert.False(task.IsCompleted, "the task must still be pending for the check to mean anything");
        await task.ConfigureAwait(false);
        var thread = Thread.CurrentThread;
        return thread.IsThreadPoolThread && !(thread.Name?.StartsWith("SIP", StringComparison.Ordinal) ?? false);
    }
}

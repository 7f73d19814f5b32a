using System.Text;
using Swml.Sip.Events;

namespace Swml.Sip.Tests.Events;

public sealed class SipfragAndHeaderTests
{
    [Theory]
    [InlineData("SIP/2.0 200 OK\r\n", 200)]
    [InlineData("SIP/2.0 200 Ok", 200)]                       // liblinphone
    [InlineData("SIP/2.0 486 Busy Here\n", 486)]             // baresip 1.0: bare LF
    [InlineData("SIP/2.0 100 Trying\r\nServer: x\r\n\r\n", 100)]
    [InlineData("sip/2.0  180 Ringing", 180)]
    [InlineData("\r\nSIP/2.0 603 Declined", 603)]
    [InlineData("SIP/2.0 20 OK", null)]
    [InlineData("SIP/2.0 2000 OK", null)]
    [InlineData("INVITE sip:x SIP/2.0", null)]
    [InlineData("", null)]
    public void TheSipfragStatusLineIsReadLeniently(string body, int? expected) =>
        Assert.Equal(expected, Sipfrag.StatusCode(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("message/sipfrag", true)]
    [InlineData("Message/SipFrag;version=2.0", true)]
    [InlineData("message/sipfrag ; version=2.0", true)]
    [InlineData("text/plain", false)]
    [InlineData(null, false)]
    public void SipfragContentTypesAreRecognised(string? contentType, bool expected) =>
        Assert.Equal(expected, Sipfrag.IsSipfrag(contentType));

    [Theory]
    [InlineData("active;expires=60", SubscriptionStatus.Active, null, 60)]
    [InlineData("terminated;reason=noresource", SubscriptionStatus.Terminated, "noresource", null)]
    [InlineData("terminated;reason=\"reason=noresource\"", SubscriptionStatus.Terminated, "noresource", null)] // liblinphone 5.1
    [InlineData(" Pending ; expires = 30 ", SubscriptionStatus.Pending, null, 30)]
    [InlineData("weird", SubscriptionStatus.Unknown, null, null)]
    [InlineData(null, SubscriptionStatus.Unknown, null, null)]
    public void SubscriptionStateIsParsedLeniently(string? value, SubscriptionStatus status, string? reason, int? expires)
    {
        var state = SubscriptionState.Parse(value);
        Assert.Equal((status, reason, expires), (state.Status, state.Reason, state.Expires));
    }

    [Theory]
    [InlineData("refer;id=93809824", "refer", "93809824")]
    [InlineData("refer", "refer", null)]
    [InlineData("Refer ; id = 5", "Refer", "5")]
    [InlineData("presence", "presence", null)]
    public void EventHeadersGiveTheirPackageAndId(string value, string package, string? id)
    {
        var header = EventHeader.Parse(value)!.Value;
        Assert.Equal((package, id), (header.Package, header.Id));
    }
}

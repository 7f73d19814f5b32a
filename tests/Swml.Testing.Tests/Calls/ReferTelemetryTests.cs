using System.Collections.Concurrent;
using System.Diagnostics;

namespace Swml.Testing.Tests.Calls;

/// <summary>A sip_refer's progress lands on the step's span as events, though it arrives on the SIP thread.</summary>
public sealed class ReferTelemetryTests
{
    [Fact]
    public async Task TheAcceptanceEachNotifyAndTheResultAreEventsOfTheStepsSpan()
    {
        using var source = new ActivitySource("test.step");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "test.step",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using (source.StartActivity("step"))
        {
            await SwmlTest.For("sections: {main: [{sip_refer: {to_uri: 'sip:carol@example.com'}}]}")
                .WithCall(c => c.Refer.Accepts().ThenNotifies(100, 486))
                .RunAsync(TestContext.Current.CancellationToken);
        }

        var events = Assert.Single(stopped).Events.ToArray();
        Assert.Equal(new[] { "sip.refer.accepted", "sip.refer.notify", "sip.refer.notify", "sip.refer.result" }, events.Select(e => e.Name));
        Assert.Equal(new object?[] { 202, 100, 486 }, events.Take(3).Select(e => e.Tags.Single(t => t.Key == "sip.status_code").Value));
        Assert.Equal("busy", events[3].Tags.Single(t => t.Key == "swml.sip_refer_result").Value);
    }
}

using System.Text.Json.Nodes;
using Swml.Runtime;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;

namespace Swml.Testing.Tests.Kit;

/// <summary>The entry point itself: flows from text or classes, errors, single use, vars and envs.</summary>
public sealed class SwmlTestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void TextWithErrorsFailsWithItsDiagnostics()
    {
        var error = Assert.Throws<SwmlDocumentException>(() => SwmlTest.Flow("""
            sections:
              main:
                - play: {url: "say: ${sip_refer_reslt}"}
            """, "flows/typo.swml"));

        Assert.Contains("flows/typo.swml", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Diagnostics, d => d.Contains("SWML0301", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnyFlowClassRunsNotOnlyInterpretedOnes()
    {
        var run = await SwmlTest.For(new HandWrittenFlow()).WithCall(c => c.Refer.Rejects(603)).RunAsync(Ct);

        Assert.Equal("error", run.Variables["sip_refer_result"]);
        Assert.Equal("603", run.Variables["sip_refer_response_code"]);
        Assert.Equal(new StepId("main", "0"), Assert.Single(run.Trace).Step);
    }

    [Fact]
    public async Task ARunUsesItsCallOnce()
    {
        var test = SwmlTest.For("sections: {main: [{answer: {}}]}");
        await test.RunAsync(Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => test.RunAsync(Ct));
    }

    [Fact]
    public async Task VarsAndEnvsAreSeenByTheFlow()
    {
        // A document may only read variables some step of it sets (SWML0301), so 'greeting' is set
        // later; here it comes in with the call, as after a transfer from another document.
        var run = await SwmlTest.For("""
            sections:
              main:
                - play: {url: "say: ${greeting} ${envs.region}"}
                - set: {greeting: bye}
            """)
            .WithVars(new JsonObject { ["greeting"] = "hi" })
            .WithEnvs(new JsonObject { ["region"] = "eu" })
            .RunAsync(Ct);

        Assert.Equal(new[] { "say: hi eu" }, run.Played);
    }

    [Fact]
    public async Task AFlowThatWouldWaitForeverFailsTheTestClearly()
    {
        var test = SwmlTest.For("sections: {main: [{sleep: -1}]}").WithTimeout(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => test.RunAsync(Ct));

        Assert.Contains("sleep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASleepUntilTheCallEndsEndsWhenTheFarEndHangsUp()
    {
        var test = SwmlTest.For("sections: {main: [{sleep: -1}, {play: {url: 'say: never'}}]}");
        test.Call.HangsUpAfter(TimeSpan.FromHours(3));

        var run = await test.RunAsync(Ct);

        Assert.Equal(FlowEndReason.Cancelled, run.EndReason);
        Assert.Empty(run.Played);
        Assert.True(run.Clock.GetUtcNow() - run.Clock.Start >= TimeSpan.FromHours(3));
    }

    [Fact]
    public async Task TheTopLevelReturnValueIsReported()
    {
        var run = await SwmlTest.For("sections: {main: [{return: {code: 7}}]}").RunAsync(Ct);

        Assert.Equal(FlowEndReason.Returned, run.EndReason);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["code"] = 7 }, run.ReturnValue));
    }

    /// <summary>Stands in for a generated class: a SwmlFlow with its own definition.</summary>
    private sealed class HandWrittenFlow : SwmlFlow
    {
        protected override FlowDefinition BuildDefinition() => new(
            new[]
            {
                new SectionDefinition("main", new StateBlock(new FlowState[]
                {
                    new ActionState(new StepId("main", "0"), "sip_refer", _ => new SipReferArguments { ToUri = "sip:desk@example.com" }),
                })),
            },
            new[] { "sip_refer_result", "sip_refer_response_code" });
    }
}

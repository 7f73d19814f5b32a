using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

/// <summary>A step's value that computes to nothing, or to what its parameter cannot take, runs as if left out.</summary>
public sealed class ArgumentDefaultsTests
{
    [Theory, ClassData(typeof(FlowKinds))]
    public async Task UnsetAndOutOfRangeValuesTakeTheirDefaultsAndSayVoiceTheVariableFirst(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "argument_defaults");

        Assert.Equal(FlowEndReason.HungUp, run.Result.Reason);
        Assert.Equal(
            new[]
            {
                """main[0] play {"urls":["say: one"],"auto_answer":true,"volume":0,"say_voice":"Polly.Salli","say_language":"en-US","say_gender":"female"}""",
                """main[2] play {"urls":["say: two"],"auto_answer":false,"volume":0,"say_voice":"from-variable","say_language":"en-US","say_gender":"female"}""",
                """main[3] hangup {"reason":"hangup"}""",
            },
            run.Handler.Lines);
    }
}

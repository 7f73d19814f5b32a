using Swml.Runtime.Flow;

namespace Swml.Testing.Tests.Kit;

/// <summary>Every scripted REFER behaviour, through an interpreted flow, checked against design.md.</summary>
public sealed class SipReferTests
{
    private const string StatusUrl = "https://hooks.example.com/refer";

    private static string Flow(string referExtras = "") => $$"""
        version: 1.0.0
        sections:
          main:
            - answer: {}
            - sip_refer:
                to_uri: sip:carol@example.com
                status_url: {{StatusUrl}}{{referExtras}}
            - play:
                url: "say: transfer ${sip_refer_result}"
        """;

    private static string WithCredentials => "\n        username: alice\n        password: s3cret-Pw";

    [Fact]
    public async Task AcceptedThenNotify200IsSuccess()
    {
        var run = await SwmlTest.For(Flow()).WithCall(c => c.Refer.Accepts().ThenNotifies(100, 200)).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FlowEndReason.Completed, run.EndReason);
        Assert.Equal(new[] { "answer", "sip_refer", "play" }, run.Methods);
        Assert.Equal("success", run.Variables["sip_refer_result"]);
        Assert.Equal("success", run.Variables["return_value"]);
        Assert.Equal("sip:carol@example.com", run.Variables["sip_refer_to"]);
        Assert.Equal("202", run.Variables["sip_refer_response_code"]);
        Assert.Equal("200", run.Variables["sip_refer_to_response_code"]);
        Assert.Equal(new[] { "inProgress", "success" }, run.Callbacks.Select(c => c.State));
        Assert.Equal(new[] { "say: transfer success" }, run.Played);
    }
}

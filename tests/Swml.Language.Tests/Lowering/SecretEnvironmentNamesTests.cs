using Swml.Language.Binding;
using Swml.Language.Lowering;

namespace Swml.Language.Tests.Lowering;

/// <summary>Which envs a flow uses as secrets: those its execute bodies must not carry in clear.</summary>
public sealed class SecretEnvironmentNamesTests
{
    [Fact]
    public void APasswordParameterAndAUrlsUserInfoMakeAnEnvSecret()
    {
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "${envs.TRANSFER_TO}"
                    username: "${envs.SIP_USER}"
                    password: "${envs.SIP_PASSWORD}"
                    status_url: "https://hooks:${envs.HOOK_PASSWORD}@${envs.HOOK_HOST}/status?region=${envs.REGION}"
                - request:
                    url: "https://${envs.API_USER}:${envs['API_KEY']}@api.example.com/v1"
                    method: GET
                - execute:
                    dest: "https://bot:${envs.BOT_TOKEN}@flows.example.com/next"
                - transfer:
                    dest: "https://${envs.PLAIN_HOST}/x"
            """);

        // The user of a user:password@ is in it too; hosts, paths and queries are not.
        Assert.Equal(new[] { "API_KEY", "API_USER", "BOT_TOKEN", "HOOK_PASSWORD", "SIP_PASSWORD" }, flow.SecretEnvironmentNames);
    }

    [Fact]
    public void NestedSecretsAndJavaScriptCount()
    {
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - connect:
                    parallel:
                      - to: "sip:a@example.com"
                        username: a
                        password: "${envs.A_PASSWORD}"
                      - to: "sip:b@example.com"
                        username: b
                        password: "${envs.B_PASSWORD}"
                - sip_refer:
                    to_uri: "sip:c@example.com"
                    username: c
                    password: "${envs.PREFIX + envs['SUFFIX']}"
            """);

        Assert.Equal(new[] { "A_PASSWORD", "B_PASSWORD", "PREFIX", "SUFFIX" }, flow.SecretEnvironmentNames);
    }

    [Fact]
    public void AFlowWithoutSecretsHasNone()
    {
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "${envs.TRANSFER_TO}"
                    status_url: "https://${envs.HOST}/status"
                - play:
                    url: "say: ${envs.GREETING}"
            """);

        Assert.Empty(flow.SecretEnvironmentNames);
    }

    private static LoweredFlow Lower(string text)
    {
        var document = SwmlDocument.Parse(text, "flow.swml");
        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        return FlowLowering.Lower(document);
    }
}

using Swml.Language.Diagnostics;
using Swml.Language.Syntax;
using Swml.Language.Tests.Infrastructure;
using static Swml.Language.Tests.Infrastructure.DiagnosticAssert;

namespace Swml.Language.Tests.Diagnostics;

/// <summary>SWML05xx: what the SipRefer runtime supports, and credentials in documents.</summary>
public sealed class RuntimeDiagnosticsTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    // SWML0501 Literal password

    [Fact]
    [Covers("SWML0501")]
    public void A_literal_sip_refer_password_suggests_an_environment_variable_named_after_the_method()
    {
        var found = Reports("SWML0501", Warning, """
            version: 1.0.0
            sections:
              main:
                - answer: {username: alice, password: {|s3cret|}}
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                    username: alice
                    password: {|"hunter2"|}
            """);

        Assert.Equal("'answer.password' is a literal password in the document; read it from the environment instead, e.g. '${envs.ANSWER_PASSWORD}'", found[0].Message);
        Assert.Equal("'sip_refer.password' is a literal password in the document; read it from the environment instead, e.g. '${envs.SIP_REFER_PASSWORD}'", found[1].Message);
    }

    [Fact]
    [Covers("SWML0501")]
    public void A_literal_webhook_password_deep_in_an_ai_method_is_reported_too()
    {
        var found = Reports("SWML0501", Warning, """
            {"sections": {"main": [
              {{|SWML0503:"ai_sidecar"|}: {
                "lang": "en-US",
                "SWAIG": {"defaults": {"web_hook_url": "https://example.com/swaig", "web_hook_auth_user": "bot", "web_hook_auth_password": {|"pa55"|}}}
              }}
            ]}}
            """);

        Assert.Equal("'ai_sidecar.SWAIG.defaults.web_hook_auth_password' is a literal password in the document; read it from the environment instead, e.g. '${envs.AI_SIDECAR_PASSWORD}'", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0501")]
    public void A_password_read_from_the_environment_or_left_empty_is_not_literal()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - answer: {username: alice, password: ""}
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                    username: alice
                    password: "${envs.SIP_REFER_PASSWORD}"
            """);
    }

    // SWML0502 Password in URL

    [Fact]
    [Covers("SWML0502")]
    public void Urls_with_a_literal_user_password_part_are_reported_as_a_whole()
    {
        var found = Reports("SWML0502", Warning, """
            version: 1.0.0
            sections:
              main:
                - request:
                    url: {|"https://user:pa55@example.com/hook"|}
                    method: POST
                - play: {url: {|"https://u:p@example.com/hold.wav"|}}
                - execute: {dest: {|"https://user:pw@example.com/swml"|}}
            """);

        Assert.Equal(
            [
                "'request.url' carries a literal password in its user:password@ part; take it from the environment, e.g. 'https://user:${envs.REQUEST_PASSWORD}@...'",
                "'play.url' carries a literal password in its user:password@ part; take it from the environment, e.g. 'https://user:${envs.PLAY_PASSWORD}@...'",
                "'execute.dest' carries a literal password in its user:password@ part; take it from the environment, e.g. 'https://user:${envs.EXECUTE_PASSWORD}@...'",
            ],
            found.Select(d => d.Message));
    }

    [Fact]
    [Covers("SWML0502")]
    public void A_status_url_with_a_password_in_json_is_reported()
    {
        Reports("SWML0502", Warning, """
            {"sections": {"main": [{"sip_refer": {"to_uri": "sip:bob@example.com", "status_url": {|"https://cb:secret@example.com/refer"|}}}]}}
            """);
    }

    [Fact]
    [NearMiss("SWML0502")]
    public void Urls_with_an_environment_password_or_only_a_user_are_fine()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - request:
                    url: "https://user:${envs.REQUEST_PASSWORD}@example.com/hook"
                    method: POST
                - play: {url: "https://u@example.com/hold.wav"}
                - execute: {dest: "https://example.com/swml?user=a:b@c"}
            """);
    }

    // SWML0503 Method not run by SipRefer

    [Fact]
    [Covers("SWML0503")]
    public void The_ai_methods_are_valid_swml_that_sipRefer_does_not_run()
    {
        var found = Reports("SWML0503", Warning, """
            version: 1.0.0
            sections:
              main:
                - {|ai|}:
                    prompt: {text: "You take orders."}
                - {|ai_sidecar|}:
                    lang: en-US
                - {|amazon_bedrock|}:
                    prompt: {text: "You take orders."}
            """);

        Assert.Equal("'ai' is valid SWML, but the SipRefer runtime does not run it: the step will fail and set script_error", found[0].Message);
        Assert.Equal(["ai", "ai_sidecar", "amazon_bedrock"], found.Select(d => d.Message.Split('\'')[1]));
    }

    [Fact]
    [NearMiss("SWML0503")]
    public void Call_and_control_flow_methods_are_run_by_sipRefer()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - answer: {}
                - play: {url: "say: hi"}
                - sip_refer: {to_uri: "sip:bob@example.com"}
                - request: {url: "https://example.com/hook", method: POST}
                - sleep: 100
                - set: {a: 1}
                - unset: a
                - hangup: {}
            """);
    }

    [Fact]
    [NearMiss("SWML0503")]
    public void A_method_the_application_handles_itself_is_not_reported()
    {
        var options = new SwmlParseOptions { HandledMethods = ["record", "connect"] };

        DoesNotReport("SWML0503", """
            version: 1.0.0
            sections:
              main:
                - record: {beep: true}
                - connect: {to: "+15551230000"}
            """, options);

        // Only the methods named: ai still warns.
        Assert.Single(Parse("version: 1.0.0\nsections:\n  main:\n    - record: {}\n    - ai: {prompt: {text: hi}}\n", options).Diagnostics, d => d.Id == "SWML0503");
    }

    // SWML0504 Destination not supported

    [Fact]
    [Covers("SWML0504")]
    public void Relay_application_destinations_are_not_supported_in_any_case()
    {
        var found = Reports("SWML0504", Error, """
            version: 1.0.0
            sections:
              main:
                - execute: {dest: {|"RELAY:billing"|}}
                - transfer: {|"relay:my_app"|}
            """);

        Assert.All(found, d => Assert.Equal("'relay:' destinations are not supported: SignalWire documents relay: applications as not implemented", d.Message));
    }

    [Fact]
    [NearMiss("SWML0504")]
    public void A_section_called_relay_is_an_ordinary_destination()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - transfer: relay
              relay:
                - hangup: {}
            """);
    }

    // SWML0505 Invalid inline SWML

    [Fact]
    [Covers("SWML0505")]
    public void An_inline_step_list_is_validated_like_a_document()
    {
        var found = Reports("SWML0505", Error, """
            version: 1.0.0
            sections:
              main:
                - execute:
                    dest: {|'[{"hangup": {"reason": "nope"}}]'|}
            """);

        Assert.Equal("the inline SWML in 'execute.dest' is not valid: SWML0206: 'hangup.reason' must be one of 'hangup', 'busy', 'decline'; found 'nope'", found[0].Message);
    }

    [Fact]
    [Covers("SWML0505")]
    public void An_inline_document_without_main_or_with_broken_json_is_invalid()
    {
        var found = Reports("SWML0505", Error, """
            version: 1.0.0
            sections:
              main:
                - execute: {|'{"sections": {}}'|}
                - execute: {|'[{"hangup": {}'|}
            """);

        Assert.Equal("the inline SWML in 'execute.dest' is not valid: SWML0113: 'sections' has no 'main' section, where every call starts", found[0].Message);
        Assert.Equal("the inline SWML in 'execute.dest' is not valid: SWML0101: while parsing a flow sequence, did not find expected ',' or ']'", found[1].Message);
    }

    [Fact]
    [NearMiss("SWML0505")]
    public void A_valid_inline_document_or_step_list_is_accepted()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - execute:
                    dest: '[{"play": {"url": "say: hello"}}]'
                - execute:
                    dest: '{"version": "1.0.0", "sections": {"main": [{"return": 1}]}}'
            """);
    }

    [Fact]
    [NearMiss("SWML0505")]
    public void Inline_swml_may_read_the_calling_documents_variables()
    {
        // vars are global for the call, so the inline steps see sip_refer_result; checked on its
        // own, the inline document would call it an unknown name (SWML0304).
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: "sip:bob@example.com"}
                - execute:
                    dest: '[{"cond": [{"when": "sip_refer_result == \"success\"", "then": [{"hangup": {}}]}]}]'
            """);
    }
}

using Swml.Language.Diagnostics;
using Swml.Language.Tests.Infrastructure;
using static Swml.Language.Tests.Infrastructure.DiagnosticAssert;

namespace Swml.Language.Tests.Diagnostics;

/// <summary>SWML03xx: variables and expressions. Flow-sensitive SWML0302 cases are in ExpressionDiagnosticsTests.Flow.cs.</summary>
public sealed partial class ExpressionDiagnosticsTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    // SWML0301 Unknown variable

    [Fact]
    [Covers("SWML0301")]
    public void A_misspelt_sip_refer_variable_suggests_the_one_sip_refer_sets()
    {
        var found = Reports("SWML0301", Error, """
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                - play:
                    url: "say: {|${sip_refer_reslt}|}"
            """);

        Assert.Equal("unknown variable 'sip_refer_reslt': no step in this document sets it; did you mean 'sip_refer_result'?", found[0].Message);
    }

    [Fact]
    [Covers("SWML0301")]
    public void A_misspelt_vars_path_and_a_percent_interpolation_are_unknown_too()
    {
        var found = Reports("SWML0301", Error, """
            version: 1.0.0
            sections:
              main:
                - set: {greeting: hello}
                - play:
                    url: "say: {|${vars.greting}|} and {|%{greting}|}"
            """);

        Assert.All(found, d => Assert.Equal("unknown variable 'greting': no step in this document sets it; did you mean 'greeting'?", d.Message));
    }

    [Fact]
    [Covers("SWML0301")]
    public void A_call_field_without_call_suggests_the_call_path()
    {
        var found = Reports("SWML0301", Error, """
            version: 1.0.0
            sections:
              main:
                - play: {url: "say: you called from {|${from}|}"}
            """);

        Assert.Equal("unknown variable 'from': no step in this document sets it; did you mean 'call.from'?", found[0].Message);
    }

    [Fact]
    [Covers("SWML0301")]
    public void A_name_nothing_sets_suggests_the_environment()
    {
        var found = Reports("SWML0301", Error, """
            {"sections": {"main": [{"request": {"url": "https://example.com/{|${api_path}|}", "method": "GET"}}]}}
            """);

        Assert.Equal("unknown variable 'api_path': no step in this document sets it; if it is an environment variable, write 'envs.api_path'", found[0].Message);
    }

    [Fact]
    [Covers("SWML0301")]
    public void A_switch_on_a_misspelt_variable_is_unknown()
    {
        var found = Reports("SWML0301", Error, """
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: "sip:bob@example.com"}
                - switch:
                    variable: {|sip_refer_reslt|}
                    case:
                      success: [{hangup: {}}]
                    default: []
            """);

        Assert.EndsWith("; did you mean 'sip_refer_result'?", found[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    [NearMiss("SWML0301")]
    public void Variables_some_step_sets_and_the_other_scopes_are_known()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                - set: {greeting: hello}
                - play:
                    url: "say: ${sip_refer_result} %{vars.greeting} ${call.from} ${params.caller} ${envs.API_PATH} ${script_error}"
            """);
    }

    // SWML0302 Variable not set yet (the flow-sensitive cases are in ExpressionDiagnosticsTests.Flow.cs)

    [Fact]
    [Covers("SWML0302")]
    public void A_variable_read_before_the_step_that_sets_it_is_not_set_yet()
    {
        var found = Reports("SWML0302", Warning, """
            version: 1.0.0
            sections:
              main:
                - play: {url: "say: {|${sip_refer_result}|}"}
                - sip_refer: {to_uri: "sip:bob@example.com"}
            """);

        Assert.Equal("'sip_refer_result' is not set on any path that reaches this step, so it expands to an empty string", found[0].Message);
    }

    [Fact]
    [Covers("SWML0302")]
    public void A_variable_read_in_json_before_it_is_set_is_not_set_yet()
    {
        Reports("SWML0302", Warning, """
            {"sections": {"main": [
              {"play": {"url": "say: {|${greeting}|}"}},
              {"set": {"greeting": "hello"}}
            ]}}
            """);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void The_same_variable_read_after_the_step_that_sets_it_is_set()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: "sip:bob@example.com"}
                - play: {url: "say: ${sip_refer_result}"}
            """);
    }

    // SWML0303 JavaScript syntax error

    [Fact]
    [Covers("SWML0303")]
    public void An_incomplete_expression_in_a_string_or_a_condition_is_a_syntax_error()
    {
        var found = Reports("SWML0303", Error, """
            version: 1.0.0
            sections:
              main:
                - set:
                    total: "{|${1 +}|}"
                - cond:
                    - when: "{|call.from ==|}"
                      then: [{hangup: {}}]
            """);

        Assert.Equal("JavaScript syntax error in '1 +': unexpected end of input", found[0].Message);
        Assert.Equal("JavaScript syntax error in 'call.from ==': unexpected end of input", found[1].Message);
    }

    [Fact]
    [NearMiss("SWML0303")]
    public void Complete_expressions_parse()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set:
                    total: "${1 + 2}"
                - cond:
                    - when: "call.from == '+15551234567'"
                      then: [{hangup: {}}]
            """);
    }

    // SWML0304 Unknown name in expression

    [Fact]
    [Covers("SWML0304")]
    public void A_name_in_javascript_that_nothing_defines_is_reported_at_the_name()
    {
        var found = Reports("SWML0304", Error, """
            version: 1.0.0
            sections:
              main:
                - set:
                    count: 1
                    top: "${Math.max({|cout|}, 1)}"
                - cond:
                    - when: "{|attempts|} > 3"
                      then: [{hangup: {}}]
            """);

        Assert.Equal("unknown name 'cout' in JavaScript expression: it is not a variable of this document nor a JavaScript global; did you mean 'count'?", found[0].Message);
        Assert.Equal("unknown name 'attempts' in JavaScript expression: it is not a variable of this document nor a JavaScript global; if it is an environment variable, write 'envs.attempts'", found[1].Message);
    }

    [Fact]
    [NearMiss("SWML0304")]
    public void Globals_arrow_parameters_variables_and_bare_call_fields_are_known_names()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set:
                    count: 1
                    top: "${Math.max(count, parseInt('2'), [1, 2].map(x => x * 2).length)}"
                - cond:
                    - when: "direction == 'inbound' && count < 3"
                      then: [{hangup: {}}]
            """);
    }

    // SWML0305 Unterminated expression

    [Fact]
    [Covers("SWML0305")]
    public void An_interpolation_without_its_closing_brace_is_unterminated()
    {
        var found = Reports("SWML0305", Error, """
            version: 1.0.0
            sections:
              main:
                - play:
                    url: "say: {|${call.from|}"
            """);

        Assert.Equal("'${call.from' is not closed: add '}'", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0305")]
    public void A_closed_interpolation_and_a_lone_dollar_or_brace_are_fine()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - play:
                    url: "say: ${call.from} owes $5 {or more"
            """);
    }

    // SWML0306 Empty expression

    [Fact]
    [Covers("SWML0306")]
    public void Interpolations_with_nothing_inside_are_empty()
    {
        var found = Reports("SWML0306", Error, """
            version: 1.0.0
            sections:
              main:
                - play:
                    url: "say: {|${}|} and {|%{  }|}"
            """);

        Assert.Equal("'${}' is empty: put a variable name or expression inside", found[0].Message);
        Assert.Equal("'%{  }' is empty: put a variable name or expression inside", found[1].Message);
    }

    [Fact]
    [NearMiss("SWML0306")]
    public void Braces_without_a_sigil_are_plain_text()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - play:
                    url: "say: {} and { } and ${call.to}"
            """);
    }

    // SWML0307 Unknown call field

    [Fact]
    [Covers("SWML0307")]
    public void Misspelt_call_fields_suggest_the_closest_field()
    {
        var found = Reports("SWML0307", Error, """
            version: 1.0.0
            sections:
              main:
                - play:
                    url: "say: {|${call.form}|} {|${call.from_numbr.length}|}"
                - cond:
                    - when: "{|call.directon|} == 'inbound'"
                      then: [{hangup: {}}]
            """);

        Assert.Equal(
            [
                "'call' has no field 'form'; did you mean 'from'?",
                "'call' has no field 'from_numbr'; did you mean 'from_number'?",
                "'call' has no field 'directon'; did you mean 'direction'?",
            ],
            found.Select(d => d.Message));
    }

    [Fact]
    [NearMiss("SWML0307")]
    public void Documented_call_fields_are_known()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - play:
                    url: "say: ${call.from} ${call.from_number.length} ${call.sip_data.sip_req_uri} ${call.headers[0].value}"
                - cond:
                    - when: "call.direction == 'inbound'"
                      then: [{hangup: {}}]
            """);
    }

    // SWML0308 Read-only variable

    [Fact]
    [Covers("SWML0308")]
    public void Setting_a_call_or_envs_variable_is_not_allowed()
    {
        var found = Reports("SWML0308", Error, """
            version: 1.0.0
            sections:
              main:
                - set:
                    {|call.from|}: "+15550000000"
                    {|envs.API_KEY|}: secret
            """);

        Assert.Equal("'call.from' cannot be set: 'call' variables are read-only", found[0].Message);
        Assert.Equal("'envs.API_KEY' cannot be set: 'envs' variables are read-only", found[1].Message);
    }

    [Fact]
    [Covers("SWML0308")]
    public void Unsetting_a_params_or_call_variable_is_not_allowed()
    {
        var found = Reports("SWML0308", Error, """
            version: 1.0.0
            sections:
              main:
                - set: {x: 1}
                - unset: {|params.caller|}
                - unset: [{|call.to|}, x]
            """);

        Assert.Equal("'params.caller' cannot be unset: 'params' variables are read-only", found[0].Message);
        Assert.Equal("'call.to' cannot be unset: 'call' variables are read-only", found[1].Message);
    }

    [Fact]
    [NearMiss("SWML0308")]
    public void Setting_and_unsetting_vars_is_allowed_with_or_without_the_prefix()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set:
                    caller: "${call.from}"
                    vars.api_key: "${envs.API_KEY}"
                - unset: [caller, vars.api_key]
            """);
    }

    // SWML0309 Expression too long

    [Fact]
    [Covers("SWML0309")]
    public void An_interpolated_expression_over_1024_characters_is_too_long()
    {
        var code = string.Concat(Enumerable.Repeat("1+", 512)) + "1";
        var found = Reports("SWML0309", Error, $$"""
            version: 1.0.0
            sections:
              main:
                - set:
                    total: "{|${{{code}}}|}"
            """);

        Assert.Equal("expression is 1025 characters long; SWML allows at most 1024", found[0].Message);
    }

    [Fact]
    [Covers("SWML0309")]
    public void A_condition_over_1024_characters_is_too_long()
    {
        var code = "call.from == '" + new string('5', 1020) + "'";
        var found = Reports("SWML0309", Error, $$"""
            version: 1.0.0
            sections:
              main:
                - cond:
                    - when: {|"{{code}}"|}
                      then: []
            """);

        Assert.Equal("expression is 1035 characters long; SWML allows at most 1024", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0309")]
    public void An_expression_of_exactly_1024_characters_is_allowed()
    {
        var code = string.Concat(Enumerable.Repeat("1+", 511)) + "11";
        Assert.Equal(1024, code.Length);

        ReportsNothing($$"""
            version: 1.0.0
            sections:
              main:
                - set:
                    total: "${{{code}}}"
            """);
    }

    // SWML0310 JavaScript construct not allowed

    [Fact]
    [Covers("SWML0310")]
    public void Functions_async_code_statement_bodies_and_classes_are_not_allowed()
    {
        var found = Reports("SWML0310", Error, """
            version: 1.0.0
            sections:
              main:
                - set:
                    a: "{|${function () { return 1 }}|}"
                    b: "{|${(async () => 1)()}|}"
                    c: "{|${[1].map(x => { return x })}|}"
                    d: "{|${(class {})}|}"
            """);

        Assert.Equal(
            [
                "function definitions are not allowed in SWML expressions, which must be single expressions",
                "async functions are not allowed in SWML expressions, which must be single expressions",
                "function bodies with statements are not allowed in SWML expressions, which must be single expressions",
                "class definitions are not allowed in SWML expressions, which must be single expressions",
            ],
            found.Select(d => d.Message));
    }

    [Fact]
    [NearMiss("SWML0310")]
    public void Arrow_functions_with_expression_bodies_are_allowed()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set:
                    c: "${[1, 2].map(x => x * 2).reduce((a, b) => a + b, 0)}"
            """);
    }

    // SWML0311 Interpolation inside a JavaScript field

    [Fact]
    [Covers("SWML0311")]
    public void An_interpolation_in_a_condition_is_pasted_in_as_text()
    {
        var found = Reports("SWML0311", Warning, """
            version: 1.0.0
            sections:
              main:
                - set: {count: 1}
                - label: top
                - cond:
                    - when: {|"${count} > 1"|}
                      then: [{hangup: {}}]
                - goto:
                    label: top
                    when: {|"${vars.count} > 2"|}
            """);

        Assert.Equal("'cond[0].when' is already JavaScript, so '${count}' inside it is pasted in as text before evaluation; write the expression itself: count > 1", found[0].Message);
        Assert.Equal("'goto.when' is already JavaScript, so '${vars.count}' inside it is pasted in as text before evaluation; write the expression itself: vars.count > 2", found[1].Message);
    }

    [Fact]
    [NearMiss("SWML0311")]
    public void The_expression_written_directly_in_the_condition_is_fine()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {count: 1}
                - label: top
                - cond:
                    - when: "count > 1"
                      then: [{hangup: {}}]
                - goto:
                    label: top
                    when: "vars.count > 2"
            """);
    }

    // SWML0312 Invalid variable name

    [Fact]
    [Covers("SWML0312")]
    public void Set_keys_that_are_not_plain_names_are_invalid()
    {
        var found = Reports("SWML0312", Error, """
            version: 1.0.0
            sections:
              main:
                - set:
                    {|1abc|}: x
                    {|d.e|}: w
                    {|"a[0]"|}: q
                    {|vars.a.b|}: y
            """);

        Assert.Equal(
            [
                "'1abc' is not a variable name: a variable name is letters, digits and '_', not starting with a digit",
                "'d.e' is not a variable name; set 'd' to a mapping to give it members",
                "'a[0]' is not a variable name: a variable name is letters, digits and '_', not starting with a digit",
                "'vars.a.b' is not a variable name; set 'a' to a mapping to give it members",
            ],
            found.Select(d => d.Message));
    }

    [Fact]
    [Covers("SWML0312")]
    public void A_switch_variable_written_as_an_interpolation_shows_the_name_to_write()
    {
        var found = Reports("SWML0312", Error, """
            version: 1.0.0
            sections:
              main:
                - set: {choice: a}
                - switch:
                    variable: {|"${choice}"|}
                    case: {a: [{hangup: {}}]}
                    default: []
                - unset: {|"1x"|}
            """);

        Assert.Equal("'${choice}' is not a variable name; 'switch.variable' takes the name itself: write 'choice'", found[0].Message);
        Assert.Equal("'1x' is not a variable name", found[1].Message);
    }

    [Fact]
    [NearMiss("SWML0312")]
    public void Plain_names_and_vars_names_are_valid()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set:
                    abc1: x
                    d: {e: w}
                    vars.a: y
                - switch:
                    variable: d.e
                    case: {w: [{hangup: {}}]}
                    default: []
                - unset: abc1
            """);
    }
}

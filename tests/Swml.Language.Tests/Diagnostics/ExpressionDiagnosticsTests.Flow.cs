using Swml.Language.Tests.Infrastructure;
using static Swml.Language.Tests.Infrastructure.DiagnosticAssert;

namespace Swml.Language.Tests.Diagnostics;

/// <summary>
/// SWML0302 is flow-sensitive: a read warns only when no path from the start of main sets the
/// variable before it ("may be set" analysis over sections, branches, gotos and executes).
/// </summary>
public sealed partial class ExpressionDiagnosticsTests
{
    [Fact]
    [NearMiss("SWML0302")]
    public void A_variable_set_in_one_cond_branch_may_be_set_after_the_cond()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - cond:
                    - when: "call.from == '+15551234567'"
                      then:
                        - set: {vip: "yes"}
                - play: {url: "say: ${vip}"}
            """);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void A_variable_set_in_one_switch_case_may_be_set_after_the_switch()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: "sip:bob@example.com"}
                - switch:
                    variable: sip_refer_result
                    case:
                      success: [{set: {outcome: transferred}}]
                    default: []
                - play: {url: "say: ${outcome}"}
            """);
    }

    [Fact]
    [Covers("SWML0302")]
    public void A_variable_read_inside_the_branch_before_the_branch_sets_it_is_not_set_yet()
    {
        Reports("SWML0302", Warning, """
            version: 1.0.0
            sections:
              main:
                - cond:
                    - when: "call.from == '+15551234567'"
                      then:
                        - play: {url: "say: {|${vip}|}"}
                        - set: {vip: "yes"}
            """);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void A_read_at_the_top_of_a_goto_loop_sees_the_set_later_in_the_loop()
    {
        // The first pass reads it unset, but the back edge carries the set to the read, so it may be set.
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - label: again
                - play: {url: "say: attempt ${attempt}"}
                - set: {attempt: "another"}
                - goto: {label: again, max: 3}
            """);
    }

    [Fact]
    [Covers("SWML0302")]
    public void A_read_before_a_loop_does_not_see_a_set_inside_the_loop()
    {
        Reports("SWML0302", Warning, """
            version: 1.0.0
            sections:
              main:
                - play: {url: "say: {|${attempt}|}"}
                - label: again
                - set: {attempt: "another"}
                - goto: {label: again, max: 3}
            """);
    }

    [Fact]
    [Covers("SWML0302")]
    public void A_variable_read_after_unset_is_not_set()
    {
        var found = Reports("SWML0302", Warning, """
            version: 1.0.0
            sections:
              main:
                - set: {greeting: hello, name: Bob}
                - unset: [vars.greeting]
                - play: {url: "say: {|${greeting}|} ${name}"}
            """);

        Assert.Equal("'greeting' is not set on any path that reaches this step, so it expands to an empty string", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void A_variable_unset_on_only_one_branch_may_still_be_set()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {greeting: hello}
                - cond:
                    - when: "call.type == 'phone'"
                      then: [{unset: greeting}]
                - play: {url: "say: ${greeting}"}
            """);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void Return_value_read_in_on_return_is_set_by_the_subroutine()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - execute:
                    dest: lookup
                    on_return:
                      - play: {url: "say: ${return_value}"}
                    result:
                      case:
                        found: [{play: {url: "say: found ${return_value}"}}]
                      default: []
                - play: {url: "say: then ${return_value}"}
              lookup:
                - return: found
            """);
    }

    [Fact]
    [Covers("SWML0302")]
    public void Return_value_read_before_any_execute_is_not_set_yet()
    {
        Reports("SWML0302", Warning, """
            version: 1.0.0
            sections:
              main:
                - play: {url: "say: {|${return_value}|}"}
                - execute: {dest: lookup}
              lookup:
                - return: found
            """);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void A_variable_the_executed_section_sets_is_set_after_the_execute()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - execute: {dest: lookup}
                - play: {url: "say: hello ${customer}"}
              lookup:
                - set: {customer: Alice}
                - return: {}
            """);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void A_variable_set_before_a_transfer_is_set_in_the_section_transferred_to()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {customer: Alice}
                - transfer: greet
              greet:
                - play: {url: "say: hello ${customer}"}
            """);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void Reads_inside_a_section_nothing_runs_are_not_warned_about()
    {
        // No path reaches the unused section, so no read in it is "before" anything; only SWML0406 says so.
        DoesNotReport("SWML0302", """
            version: 1.0.0
            sections:
              main:
                - set: {a: 1}
              {|SWML0406:unused|}:
                - play: {url: "say: ${customer}"}
                - set: {customer: Alice}
            """);
    }

    [Fact]
    [Covers("SWML0302")]
    public void A_variable_only_a_section_nothing_runs_sets_is_not_set_in_main()
    {
        Reports("SWML0302", Warning, """
            version: 1.0.0
            sections:
              main:
                - play: {url: "say: {|${customer}|}"}
              {|SWML0406:unused|}:
                - set: {customer: Alice}
            """);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void A_later_key_of_set_sees_the_earlier_keys()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {a: 1, b: '${a}', c: {d: ['${b}']}}
            """);
    }

    [Fact]
    [Covers("SWML0302")]
    public void An_earlier_key_of_set_does_not_see_the_later_keys_nor_itself()
    {
        Reports("SWML0302", Warning, """
            version: 1.0.0
            sections:
              main:
                - set: {c: '{|${d}|}', d: 2, e: '{|${e}|}'}
            """);
    }

    [Fact]
    [Covers("SWML0302")]
    public void A_read_in_a_condition_is_checked_at_its_name()
    {
        Reports("SWML0302", Warning, """
            version: 1.0.0
            sections:
              main:
                - cond:
                    - when: "{|tries|} > 2"
                      then: [{hangup: {}}]
                - set: {tries: 1}
            """);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void Steps_after_a_hangup_are_unreachable_and_not_warned_about()
    {
        DoesNotReport("SWML0302", """
            version: 1.0.0
            sections:
              main:
                - hangup: {}
                - {|SWML0404:play|}: {url: "say: ${greeting}"}
                - set: {greeting: hi}
            """);
    }

    [Fact]
    [NearMiss("SWML0302")]
    public void Return_value_read_in_an_execute_result_is_read_after_the_subroutine()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - execute:
                    dest: lookup
                    result:
                      - when: "return_value == 'found'"
                        then: [{hangup: {}}]
                - execute:
                    dest: lookup
                    result:
                      variable: return_value
                      case: {found: [{hangup: {}}]}
                      default: []
              lookup:
                - return: found
            """);
    }

    [Fact]
    [Covers("SWML0302")]
    public void A_key_named_result_in_a_request_body_or_a_set_is_read_before_the_step_runs()
    {
        // Only execute's own 'result' parameter runs after the step; any other key of that name does not.
        Reports("SWML0302", Warning, """
            version: 1.0.0
            sections:
              main:
                - request:
                    url: "https://example.com/hook"
                    method: POST
                    body: {result: "{|${request_result}|}"}
                - set: {result: "{|${result}|}"}
            """);
    }
}

using Swml.Language.Diagnostics;
using Swml.Language.Tests.Infrastructure;
using static Swml.Language.Tests.Infrastructure.DiagnosticAssert;

namespace Swml.Language.Tests.Diagnostics;

/// <summary>SWML04xx: labels, sections and control flow.</summary>
public sealed class ControlFlowDiagnosticsTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;
    private const DiagnosticSeverity Info = DiagnosticSeverity.Info;

    // SWML0401 Unknown label

    [Fact]
    [Covers("SWML0401")]
    public void A_misspelt_label_suggests_the_closest_label_of_the_section()
    {
        var found = Reports("SWML0401", Error, """
            version: 1.0.0
            sections:
              main:
                - label: start
                - play: {url: "say: hi"}
                - goto: {|strat|}
            """);

        Assert.Equal("section 'main' has no label 'strat'; did you mean 'start'?", found[0].Message);
    }

    [Fact]
    [Covers("SWML0401")]
    public void A_label_of_another_section_cannot_be_reached_by_goto()
    {
        var found = Reports("SWML0401", Error, """
            {
              "sections": {
                "main": [
                  {"execute": {"dest": "other"}},
                  {"goto": {"label": {|"elsewhere"|}}}
                ],
                "other": [
                  {"label": "elsewhere"}
                ]
              }
            }
            """);

        Assert.Equal("section 'main' has no label 'elsewhere'", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0401")]
    public void Labels_of_the_same_section_even_inside_a_branch_and_labels_chosen_at_run_time_resolve()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - label: start
                - set: {next: start}
                - cond:
                    - when: "call.type == 'sip'"
                      then:
                        - label: sip_only
                - goto: start
                - goto: {label: sip_only, max: 1}
                - goto: "${next}"
            """);
    }

    // SWML0402 Duplicate label

    [Fact]
    [Covers("SWML0402")]
    public void A_label_defined_twice_in_a_section_is_reported_at_the_second()
    {
        var found = Reports("SWML0402", Error, """
            version: 1.0.0
            sections:
              main:
                - label: start
                - answer: {}
                - cond:
                    - when: "call.type == 'sip'"
                      then:
                        - label: {|start|}
            """);

        Assert.Equal("label 'start' is already defined in section 'main' at line 4", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0402")]
    public void The_same_label_in_two_sections_is_two_labels()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - label: start
                - execute: other
              other:
                - label: start
                - return: 1
            """);
    }

    // SWML0403 Unknown section

    [Fact]
    [Covers("SWML0403")]
    public void Misspelt_destinations_suggest_the_closest_section()
    {
        var found = Reports("SWML0403", Error, """
            version: 1.0.0
            sections:
              main:
                - execute: {dest: {|sub_menu|}}
                - transfer: {|submenu|}
              {|SWML0406:sub_menu1|}:
                - return: 1
            """);

        Assert.Equal("no section named 'sub_menu'; did you mean 'sub_menu1'?", found[0].Message);
        Assert.Equal("no section named 'submenu'; did you mean 'sub_menu1'?", found[1].Message);
    }

    [Fact]
    [Covers("SWML0403")]
    public void A_destination_like_no_section_in_json_gets_no_suggestion()
    {
        var found = Reports("SWML0403", Error, """
            {"sections": {"main": [{"transfer": {"dest": {|"voicemail"|}}}]}}
            """);

        Assert.Equal("no section named 'voicemail'", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0403")]
    public void Existing_sections_urls_and_computed_destinations_are_not_unknown_sections()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {menu: sub_menu}
                - execute: {dest: sub_menu}
                - execute: {dest: "https://example.com/swml"}
                - execute: {dest: "${menu}"}
                - transfer: sub_menu
              sub_menu:
                - return: 1
            """);
    }

    // SWML0404 Unreachable step

    [Fact]
    [Covers("SWML0404")]
    public void The_first_step_after_hangup_transfer_or_return_is_unreachable()
    {
        var found = Reports("SWML0404", Warning, """
            version: 1.0.0
            sections:
              main:
                - hangup: {}
                - {|play|}: {url: "say: never"}
                - play: {url: "say: never either, but reported once"}
                - label: again
                - play: {url: "say: reachable through the label"}
                - transfer: other
                - {|answer|}: {}
              other:
                - return: 1
                - {|hangup|}: {}
            """);

        Assert.Equal(
            [
                "this step is never reached: the 'hangup' at line 4 always leaves the section",
                "this step is never reached: the 'transfer' at line 9 always leaves the section",
                "this step is never reached: the 'return' at line 12 always leaves the section",
            ],
            found.Select(d => d.Message));
    }

    [Fact]
    [Covers("SWML0404")]
    public void A_step_after_a_return_inside_a_branch_is_unreachable()
    {
        Reports("SWML0404", Warning, """
            {"sections": {"main": [
              {"cond": [{"when": "call.type == 'sip'", "then": [{"return": 1}, {{|"hangup"|}: {}}]}]},
              {"hangup": {}}
            ]}}
            """);
    }

    [Fact]
    [NearMiss("SWML0404")]
    public void Steps_after_a_goto_a_sip_refer_or_a_branch_that_leaves_are_reachable()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - label: top
                - sip_refer: {to_uri: "sip:bob@example.com"}
                - cond:
                    - when: "sip_refer_result == 'success'"
                      then: [{hangup: {}}]
                - goto: {label: top, max: 2}
                - play: {url: "say: the transfer failed"}
                - hangup: {}
            """);
    }

    // SWML0405 Invalid cond entry

    [Fact]
    [Covers("SWML0405")]
    public void An_else_before_the_last_entry_is_reported_at_the_else()
    {
        var found = Reports("SWML0405", Error, """
            version: 1.0.0
            sections:
              main:
                - cond:
                    - {|else|}:
                        - play: {url: "say: a"}
                    - when: "call.type == 'sip'"
                      then: [{hangup: {}}]
            """);

        Assert.Equal("an 'else' entry must be the last one: the entries after it are never tested", found[0].Message);
    }

    [Fact]
    [Covers("SWML0405")]
    public void A_cond_entry_with_none_of_when_then_and_else_is_reported_as_a_whole()
    {
        var found = Reports("SWML0405", Error, """
            version: 1.0.0
            sections:
              main:
                - cond:
                    - {|{}|}
            """);

        Assert.Equal("a cond entry needs 'when' and 'then', or 'else' alone", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0405")]
    public void Else_as_the_last_entry_is_valid()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - cond:
                    - when: "call.type == 'sip'"
                      then: [{hangup: {}}]
                    - else:
                        - play: {url: "say: a"}
            """);
    }

    // SWML0406 Section never used

    [Fact]
    [Covers("SWML0406")]
    public void A_section_no_execute_or_transfer_names_is_never_used()
    {
        var found = Reports("SWML0406", Info, """
            version: 1.0.0
            sections:
              main:
                - answer: {}
              {|helper|}:
                - return: 1
            """);

        Assert.Equal("section 'helper' is never executed or transferred to", found[0].Message);
    }

    [Fact]
    [Covers("SWML0406")]
    public void A_section_named_only_by_a_step_in_an_unused_section_still_counts_as_used()
    {
        // Only sections no step names at all are reported; whether the naming step runs is not considered.
        Reports("SWML0406", Info, """
            {"sections": {
              "main": [{"answer": {}}],
              {|"first"|}: [{"execute": "second"}],
              "second": [{"return": 1}]
            }}
            """);
    }

    [Fact]
    [NearMiss("SWML0406")]
    public void Sections_reached_by_execute_or_transfer_are_used()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - execute: helper
                - transfer: {dest: goodbye}
              helper:
                - return: 1
              goodbye:
                - hangup: {}
            """);
    }

    [Fact]
    [NearMiss("SWML0406")]
    public void A_destination_computed_at_run_time_may_use_any_section()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {next: helper}
                - execute: {dest: "${next}"}
              helper:
                - return: 1
            """);
    }

    // SWML0407 Switch without default

    [Fact]
    [Covers("SWML0407")]
    public void A_switch_without_default_is_reported_at_the_switch()
    {
        var found = Reports("SWML0407", Info, """
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: "sip:bob@example.com"}
                - {|switch|}:
                    variable: sip_refer_result
                    case:
                      success: [{hangup: {}}]
            """);

        Assert.Equal("switch on 'sip_refer_result' has no 'default': a value that matches no case runs nothing and sets script_error to relay_script_method_no_matching_condition", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0407")]
    public void A_switch_with_an_empty_default_is_fine()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: "sip:bob@example.com"}
                - switch:
                    variable: sip_refer_result
                    case:
                      success: [{hangup: {}}]
                    default: []
            """);
    }
}

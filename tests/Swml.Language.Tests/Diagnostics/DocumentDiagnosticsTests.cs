using Swml.Language.Diagnostics;
using Swml.Language.Syntax;
using Swml.Language.Tests.Infrastructure;
using static Swml.Language.Tests.Infrastructure.DiagnosticAssert;

namespace Swml.Language.Tests.Diagnostics;

/// <summary>SWML01xx: the document and its YAML or JSON syntax.</summary>
public sealed class DocumentDiagnosticsTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;

    [Fact]
    [Covers("SWML0101")]
    public void A_json_document_missing_its_last_brace_is_reported_at_the_end_of_the_text()
    {
        // Without a final line break YamlDotNet puts the end on a line after the last one; the
        // diagnostic must still be at the end of the text, not at the start of the last line.
        var found = Reports("SWML0101", Error, """{"version": "1.0.0", "sections": {"main": [{"answer": {}}]}{||}""");

        Assert.Equal("while parsing a flow mapping, did not find expected ',' or '}'", found[0].Message);
    }

    [Fact]
    [Covers("SWML0101")]
    public void A_yaml_document_ending_inside_a_flow_list_is_reported_at_the_end_of_the_text()
    {
        Reports("SWML0101", Error, "version: 1.0.0\nsections:\n  main:\n    - hangup: [{||}");
    }

    [Fact]
    [Covers("SWML0104")]
    public void A_tab_indenting_a_step_is_reported_at_the_tab()
    {
        Reports("SWML0104", Error, "version: 1.0.0\nsections:\n  main:\n{|\t|}- answer: {}\n");
    }

    [Fact]
    [Covers("SWML0104")]
    public void A_line_holding_only_a_tab_is_reported_at_the_tab_not_at_the_start_of_the_file()
    {
        // YamlDotNet rejects a tab-only line between steps and blames the enclosing mapping (line 1).
        Reports("SWML0104", Error, "version: 1.0.0\nsections:\n  main:\n    - answer: {}\n{|\t|}\n    - hangup: {}\n");
    }

    [Fact]
    [Covers("SWML0115")]
    public void A_step_with_two_method_keys_is_reported_at_the_second_key()
    {
        var found = Reports("SWML0115", Error, """
            version: 1.0.0
            sections:
              main:
                - answer: {}
                  {|hangup|}: {}
            """);

        Assert.Equal("a step must be a mapping with exactly one method name as its key; found 2 keys ('answer', 'hangup'); give each method its own '-' item, or indent its parameters under it", found[0].Message);
    }

    [Fact]
    [Covers("SWML0115", "SWML0117")]
    public void A_step_that_is_only_an_invalid_merge_key_is_reported_over_the_whole_step()
    {
        // The step's mapping has no entries left; its span must still cover what was written.
        Reports("SWML0115", Error, """
            version: 1.0.0
            sections:
              main:
                - {|<<: {|SWML0117:5|}|}
            """);
    }

    [Fact]
    [NearMiss("SWML0115")]
    public void Each_method_in_its_own_item_or_merged_from_an_anchor_is_a_valid_step()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - &greet
                  play: {url: "say: hi"}
                - <<: *greet
                - answer: {}
                - hangup: {}
            """);
    }
}

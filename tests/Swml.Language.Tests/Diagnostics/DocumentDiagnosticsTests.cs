using Swml.Language.Diagnostics;
using Swml.Language.Syntax;
using Swml.Language.Tests.Infrastructure;
using static Swml.Language.Tests.Infrastructure.DiagnosticAssert;

namespace Swml.Language.Tests.Diagnostics;

/// <summary>SWML01xx: the document and its YAML or JSON syntax.</summary>
public sealed class DocumentDiagnosticsTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;

    // SWML0101 Invalid YAML or JSON

    [Fact]
    [Covers("SWML0101")]
    public void A_step_with_a_mapping_value_on_the_method_line_is_invalid_yaml()
    {
        var found = Reports("SWML0101", Error, """
            version: 1.0.0
            sections:
              main:
                - play: url{|:|} "say: hi"
            """);

        Assert.Equal("while scanning a plain scalar value, found invalid mapping", found[0].Message);
    }

    [Fact]
    [Covers("SWML0101")]
    public void A_json_document_missing_a_comma_is_reported_at_the_next_key()
    {
        Reports("SWML0101", Error, """
            {
              "version": "1.0.0"
              {|"sections"|}: {"main": [{"answer": {}}]}
            }
            """);
    }

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
    [NearMiss("SWML0101")]
    public void The_same_step_with_its_parameters_indented_is_valid_yaml()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - play:
                    url: "say: hi"
            """);
    }

    [Fact]
    [NearMiss("SWML0101")]
    public void A_complete_json_document_is_valid()
    {
        ReportsNothing("""{"version": "1.0.0", "sections": {"main": [{"answer": {}}]}}""");
    }

    // SWML0102 Duplicate key

    [Fact]
    [Covers("SWML0102")]
    public void A_section_defined_twice_is_a_duplicate_key()
    {
        var found = Reports("SWML0102", Error, """
            version: 1.0.0
            sections:
              main:
                - answer: {}
              {|main|}:
                - hangup: {}
            """);

        Assert.Equal("duplicate key 'main'; it is already defined at line 3", found[0].Message);
    }

    [Fact]
    [Covers("SWML0102")]
    public void A_parameter_given_twice_in_json_is_a_duplicate_key()
    {
        var found = Reports("SWML0102", Error, """
            {
              "version": "1.0.0",
              "sections": {
                "main": [
                  {"sip_refer": {"to_uri": "sip:a@example.com", {|"to_uri"|}: "sip:b@example.com"}}
                ]
              }
            }
            """);

        Assert.Equal("duplicate key 'to_uri'; it is already defined at line 5", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0102")]
    public void The_same_key_in_two_different_mappings_is_not_a_duplicate()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: "sip:a@example.com"}
                - sip_refer: {to_uri: "sip:b@example.com"}
            """);
    }

    // SWML0103 More than one document

    [Fact]
    [Covers("SWML0103")]
    public void A_second_yaml_document_in_the_file_is_reported_at_its_marker()
    {
        Reports("SWML0103", Error, """
            version: 1.0.0
            sections:
              main:
                - answer: {}
            {|---|}
            version: 1.0.0
            """);
    }

    [Fact]
    [NearMiss("SWML0103")]
    public void A_single_document_with_start_and_end_markers_is_one_document()
    {
        ReportsNothing("""
            ---
            version: 1.0.0
            sections:
              main:
                - answer: {}
            ...
            """);
    }

    // SWML0104 Tab used as indentation

    [Fact]
    [Covers("SWML0104")]
    public void A_tab_indenting_a_step_is_reported_at_the_tab()
    {
        Reports("SWML0104", Error, "version: 1.0.0\nsections:\n  main:\n{|\t|}- answer: {}\n");
    }

    [Fact]
    [Covers("SWML0104")]
    public void A_tab_after_spaces_in_the_indentation_is_reported_at_the_tab()
    {
        Reports("SWML0104", Error, "version: 1.0.0\nsections:\n  main:\n    - answer: {}\n  {|\t|}  - hangup: {}\n");
    }

    [Fact]
    [Covers("SWML0104")]
    public void A_line_holding_only_a_tab_is_reported_at_the_tab_not_at_the_start_of_the_file()
    {
        // YamlDotNet rejects a tab-only line between steps and blames the enclosing mapping (line 1).
        Reports("SWML0104", Error, "version: 1.0.0\nsections:\n  main:\n    - answer: {}\n{|\t|}\n    - hangup: {}\n");
    }

    [Fact]
    [NearMiss("SWML0104")]
    public void Tabs_between_a_key_and_its_value_or_inside_a_string_are_not_indentation()
    {
        ReportsNothing("version: 1.0.0\nsections:\n  main:\n    - play:\n        url:\t\"say: one\ttwo\"\n");
    }

    // SWML0105 Root is not a mapping

    [Fact]
    [Covers("SWML0105")]
    public void A_yaml_list_of_steps_at_the_root_is_not_a_document()
    {
        var found = Reports("SWML0105", Error, """
            {|- answer: {}
            - hangup: {}|}
            """);

        Assert.Equal("the document root must be a mapping with 'version' and 'sections', not a list", found[0].Message);
    }

    [Fact]
    [Covers("SWML0105")]
    public void A_json_array_at_the_root_is_not_a_document()
    {
        Reports("SWML0105", Error, """{|[{"answer": {}}]|}""");
    }

    [Fact]
    [Covers("SWML0105")]
    public void A_string_at_the_root_is_not_a_document()
    {
        var found = Reports("SWML0105", Error, "{|\"just text\"|}\n");

        Assert.Equal("the document root must be a mapping with 'version' and 'sections', not the string 'just text'", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0105")]
    public void The_same_steps_under_sections_and_main_are_a_document()
    {
        ReportsNothing("""
            sections:
              main:
                - answer: {}
                - hangup: {}
            """);
    }

    // SWML0106 Nesting too deep

    [Fact]
    [Covers("SWML0106")]
    public void A_value_nested_257_levels_deep_is_reported_at_the_first_level_too_many()
    {
        // The root, sections, main and the step take four levels; 252 brackets reach the limit of 256.
        var markup = "version: 1.0.0\nsections:\n  main:\n    - return: " + new string('[', 252) + "{|[|}" + new string(']', 253) + "\n";

        var found = Reports("SWML0106", Error, markup);

        Assert.Equal("the document nests deeper than 256 levels", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0106")]
    public void A_value_nested_exactly_256_levels_deep_is_accepted()
    {
        ReportsNothing("version: 1.0.0\nsections:\n  main:\n    - return: " + new string('[', 252) + new string(']', 252) + "\n");
    }

    // SWML0107 Document too large

    [Fact]
    [Covers("SWML0107")]
    public void Aliases_that_expand_past_the_node_limit_are_reported_at_the_node_that_passes_it()
    {
        var found = Reports("SWML0107", Error, LaughingDocument(levels: 6, markLast: true));

        Assert.Equal("the document is too large: it expands to more than 250,000 nodes (are aliases repeating a large node?)", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0107")]
    public void Aliases_that_expand_to_fewer_nodes_than_the_limit_are_accepted()
    {
        ReportsNothing(LaughingDocument(levels: 5, markLast: false));
    }

    [Fact]
    [Covers("SWML0107")]
    public void A_text_longer_than_the_limit_is_reported_at_the_start_without_being_parsed()
    {
        var text = "version: 1.0.0\nsections:\n  main:\n    - play: {url: \"say: " + new string('a', 4 * 1024 * 1024) + "\"}\n";

        var found = Reports("SWML0107", Error, "{||}" + text);

        Assert.Equal($"the document is too large: {text.Length:N0} characters, more than the limit of 4,194,304", found[0].Message);
    }

    [Fact]
    [Covers("SWML0107")]
    public void A_text_one_character_over_a_configured_limit_is_too_large()
    {
        var text = "version: 1.0.0\nsections:\n  main:\n    - answer: {}\n";

        Reports("SWML0107", Error, "{||}" + text, new SwmlParseOptions { MaxTextLength = text.Length - 1 });
    }

    [Fact]
    [NearMiss("SWML0107")]
    public void A_text_exactly_at_a_configured_limit_is_accepted()
    {
        var text = "version: 1.0.0\nsections:\n  main:\n    - answer: {}\n";

        DoesNotReport("SWML0107", text, new SwmlParseOptions { MaxTextLength = text.Length });
    }

    // SWML0108 Unknown alias

    [Fact]
    [Covers("SWML0108")]
    public void An_alias_used_before_its_anchor_is_unknown()
    {
        var found = Reports("SWML0108", Error, """
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: {|{|SWML0205:*target|}|}}
                - set: {target: &target "sip:bob@example.com"}
            """);

        Assert.Equal("alias '*target' refers to no anchor defined before it", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0108")]
    public void An_alias_used_after_its_anchor_is_resolved()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {target: &target "sip:bob@example.com"}
                - sip_refer: {to_uri: *target}
            """);
    }

    // SWML0109 Invalid key

    [Fact]
    [Covers("SWML0109")]
    public void A_list_used_as_a_key_is_invalid()
    {
        var found = Reports("SWML0109", Error, """
            version: 1.0.0
            sections:
              main:
                - set:
                    ? {|[a, b]|}
                    : 1
            """);

        Assert.Equal("a mapping key must be a string; found a list", found[0].Message);
    }

    [Fact]
    [Covers("SWML0109")]
    public void A_null_key_is_invalid()
    {
        var found = Reports("SWML0109", Error, """
            version: 1.0.0
            sections:
              main:
                - set: {{|~|}: 1, {|null|}: 2, "null": 3}
            """);

        Assert.All(found, d => Assert.Equal("a mapping key must be a string; found null", d.Message));
    }

    [Fact]
    [NearMiss("SWML0109")]
    public void Number_and_quoted_null_keys_are_read_as_strings()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {choice: 1, "null": 3}
                - switch:
                    variable: choice
                    case:
                      1: [{hangup: {}}]
                    default: []
            """);
    }

    // SWML0110 Unknown top-level key

    [Fact]
    [Covers("SWML0110")]
    public void A_misspelt_top_level_key_suggests_sections()
    {
        var found = Reports("SWML0110", Error, """
            version: 1.0.0
            sections:
              main:
                - answer: {}
            {|section|}:
              other: []
            """);

        Assert.Equal("unknown top-level key 'section'; a document has only 'version' and 'sections'; did you mean 'sections'?", found[0].Message);
    }

    [Fact]
    [Covers("SWML0110")]
    public void A_top_level_key_holding_yaml_anchors_is_unknown_too()
    {
        var found = Reports("SWML0110", Error, """
            version: 1.0.0
            {|x-defaults|}: &d {status_url: "https://example.com/cb"}
            sections:
              main:
                - sip_refer:
                    <<: *d
                    to_uri: "sip:bob@example.com"
            """);

        Assert.Equal("unknown top-level key 'x-defaults'; a document has only 'version' and 'sections'", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0110")]
    public void A_document_with_only_version_and_sections_has_no_unknown_key()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - answer: {}
            """);
    }

    // SWML0111 Unsupported version

    [Fact]
    [Covers("SWML0111")]
    public void A_version_written_as_a_number_is_unsupported()
    {
        var found = Reports("SWML0111", Error, """
            version: {|1.0|}
            sections:
              main:
                - answer: {}
            """);

        Assert.Equal("unsupported version 1.0 (a number, not the string \"1.0.0\"); the only SWML version is \"1.0.0\"", found[0].Message);
    }

    [Fact]
    [Covers("SWML0111")]
    public void An_unknown_version_string_is_unsupported()
    {
        var found = Reports("SWML0111", Error, """{"version": {|"2.0.0"|}, "sections": {"main": []}}""");

        Assert.Equal("unsupported version '2.0.0'; the only SWML version is \"1.0.0\"", found[0].Message);
    }

    [Theory]
    [NearMiss("SWML0111")]
    [InlineData("version: 1.0.0\n")]
    [InlineData("version: \"1.0.0\"\n")]
    [InlineData("")]
    public void Version_1_0_0_plain_or_quoted_or_no_version_is_supported(string version)
    {
        ReportsNothing(version + "sections:\n  main:\n    - answer: {}\n");
    }

    // SWML0112 Missing sections

    [Fact]
    [Covers("SWML0112")]
    public void A_document_without_sections_is_reported_at_its_first_key()
    {
        Reports("SWML0112", Error, """
            {|version|}: 1.0.0
            """);
    }

    [Fact]
    [Covers("SWML0112")]
    public void An_empty_json_object_is_reported_as_a_whole()
    {
        Reports("SWML0112", Error, "{|{}|}");
    }

    [Fact]
    [NearMiss("SWML0112")]
    public void A_document_with_sections_after_version_is_complete()
    {
        ReportsNothing("""{"version": "1.0.0", "sections": {"main": []}}""");
    }

    // SWML0113 Missing main section

    [Fact]
    [Covers("SWML0113")]
    public void Sections_without_main_are_reported_at_the_sections_key()
    {
        var found = Reports("SWML0113", Error, """
            version: 1.0.0
            {|sections|}:
              {|SWML0406:start|}:
                - answer: {}
            """);

        Assert.Equal("'sections' has no 'main' section, where every call starts", found[0].Message);
    }

    [Fact]
    [Covers("SWML0113")]
    public void A_misspelt_main_is_reported_at_the_misspelt_name_and_suggests_main()
    {
        var found = Reports("SWML0113", Error, """
            version: 1.0.0
            sections:
              {|{|SWML0406:mian|}|}:
                - answer: {}
            """);

        Assert.Equal("'sections' has no 'main' section, where every call starts; did you mean 'main'?", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0113")]
    public void Sections_with_main_and_a_used_second_section_are_complete()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - execute: start
              start:
                - answer: {}
            """);
    }

    // SWML0114 Section is not a list of steps

    [Fact]
    [Covers("SWML0114")]
    public void A_section_written_as_a_mapping_is_not_a_list_of_steps()
    {
        var found = Reports("SWML0114", Error, """
            version: 1.0.0
            sections:
              main:
                {|answer: {}|}
            """);

        Assert.Equal("section 'main' must be a list of steps, not a mapping", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0114")]
    public void A_section_with_the_step_as_a_list_item_or_an_empty_list_is_valid()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - answer: {}
                - execute: empty
              empty: []
            """);
    }

    // SWML0115 Invalid step

    [Fact]
    [Covers("SWML0115")]
    public void A_method_name_alone_as_a_string_step_is_invalid_and_shows_the_fix()
    {
        var found = Reports("SWML0115", Error, """
            version: 1.0.0
            sections:
              main:
                - {|answer|}
            """);

        Assert.Equal("a step must be a mapping with exactly one method name as its key; found the string 'answer'; write 'answer: {}' to call it with no parameters", found[0].Message);
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
    [Covers("SWML0115")]
    public void A_parameter_written_at_step_level_in_json_is_a_second_key()
    {
        Reports("SWML0115", Error, """
            {"sections": {"main": [{"play": {}, {|"url"|}: "say: hi"}]}}
            """);
    }

    [Fact]
    [Covers("SWML0115")]
    public void An_empty_mapping_or_a_number_is_not_a_step()
    {
        var found = Reports("SWML0115", Error, """
            version: 1.0.0
            sections:
              main:
                - {|{}|}
                - {|42|}
            """);

        Assert.Equal("a step must be a mapping with exactly one method name as its key; found an empty mapping", found[0].Message);
        Assert.Equal("a step must be a mapping with exactly one method name as its key; found the integer 42", found[1].Message);
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

    // SWML0116 Empty document

    [Theory]
    [Covers("SWML0116")]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# flows/refer.swml: to be written\n")]
    public void A_file_with_no_content_holds_no_document(string text)
    {
        var found = Reports("SWML0116", Error, "{||}" + text);

        Assert.Equal("the file holds no SWML document", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0116")]
    public void A_commented_file_with_a_document_is_not_empty()
    {
        ReportsNothing("""
            # flows/refer.swml
            sections:
              main: []
            """);
    }

    // SWML0117 Invalid merge key

    [Fact]
    [Covers("SWML0117")]
    public void A_merge_key_referring_to_a_list_of_numbers_is_invalid()
    {
        var found = Reports("SWML0117", Error, """
            version: 1.0.0
            sections:
              main:
                - play:
                    <<: {|[1, 2]|}
                    url: "say: hi"
            """);

        Assert.Equal("a merge key '<<' must refer to a mapping or a list of mappings, not a list", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0117")]
    public void A_merge_key_referring_to_a_list_of_mappings_is_valid()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {base: &base {to_uri: "sip:bob@example.com"}, cb: &cb {status_url: "https://example.com/cb"}}
                - sip_refer:
                    <<: [*base, *cb]
            """);
    }

    [Fact]
    [NearMiss("SWML0117")]
    public void A_quoted_merge_key_is_an_ordinary_key()
    {
        DoesNotReport("SWML0117", """
            version: 1.0.0
            sections:
              main:
                - play:
                    {|SWML0203:"<<"|}: 5
                    url: "say: hi"
            """);
    }

    // SWML0118 Invalid section name

    [Fact]
    [Covers("SWML0118")]
    public void Section_names_with_spaces_urls_or_interpolation_are_not_usable()
    {
        var found = Reports("SWML0118", Error, """
            version: 1.0.0
            sections:
              main:
                - set: {next_section: main}
                - execute: {dest: "my section"}
                - execute: {dest: "${next_section}"}
              {|"my section"|}:
                - return: 1
              {|"https://example.com/swml"|}: []
              {|"${next}"|}: []
            """);

        Assert.Equal("section name 'my section' is not usable: a name must not be empty, hold white space or ${...}, or start like a URL or inline JSON, since execute and transfer would read it as one", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0118")]
    public void A_section_name_of_letters_digits_underscores_and_dashes_is_usable()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - execute: {dest: "sub-menu_2"}
              sub-menu_2:
                - return: 1
            """);
    }

    // SWML0199 Internal error: no input can trigger it, so it has no [Covers]. Every document any test
    // parses is checked for it (DiagnosticAssert.Parse); these are the inputs most likely to break a parser.

    [Theory]
    [NearMiss("SWML0199")]
    [MemberData(nameof(HostileInputs), DisableDiscoveryEnumeration = true)]
    public void Hostile_input_never_causes_an_internal_error(string name, string text)
    {
        _ = name;
        var document = Parse(text);

        Assert.DoesNotContain(document.Diagnostics, d => d.Id == "SWML0199");
    }

    public static TheoryData<string, string> HostileInputs() => new()
    {
        { "binary", "\0\u0001\u0002\uFFFE\uD800 garbage" },
        { "byte order mark only", "\uFEFF" },
        { "lone surrogates in a key", "version: 1.0.0\nsections:\n  \uD800main: []\n" },
        { "deep flow nesting", new string('[', 10_000) },
        { "deep block nesting", string.Concat(Enumerable.Range(0, 400).Select(i => new string(' ', i) + "a:\n")) },
        { "deep cond nesting", "sections:\n  main:\n" + string.Concat(Enumerable.Range(0, 40).Select(i => new string(' ', 4 + (6 * i)) + "- cond:\n" + new string(' ', 8 + (6 * i)) + "- else:\n")) },
        { "alias bomb", LaughingDocument(levels: 9, markLast: false) },
        { "self-referencing alias", "a: &a [*a]\n" },
        { "unterminated everything", "sections: {main: [{play: {url: \"say: ${(" },
        { "expression of 480 parentheses", "sections:\n  main:\n    - set: {a: \"${" + new string('(', 480) + "1" + new string(')', 480) + "}\"}\n" },
        { "expression of 5000 parentheses", "sections:\n  main:\n    - set: {a: \"${" + new string('(', 5000) + "1" + new string(')', 5000) + "}\"}\n" },
        { "goto to itself", "sections:\n  main:\n    - label: a\n    - goto: a\n" },
        { "execute recursion", "sections:\n  main:\n    - execute: main\n" },
        { "dynamic everything", "sections:\n  main:\n    - execute: \"${a}\"\n    - transfer: \"${b}\"\n    - goto: \"${c}\"\n" },
        { "inline document in inline document", "sections:\n  main:\n    - execute: '[{\"execute\": \"[{\\\"execute\\\": \\\"[]\\\"}]\"}]'\n" },
        { "every line break", "version: 1.0.0\rsections:\r\n  main:\u2028    - answer: {}\u0085    - hangup: {}\u2029" },
        { "only a document marker", "---\n" },
        { "two documents", "---\n---\n" },
        { "empty flow mapping key", "{: 1}" },
        { "tab inside a flow list in a block mapping", "sections:\n  main: [\n\t{answer: {}}]\n" },
    };

    /// <summary>
    /// A "billion laughs" set: each level is a list of ten aliases of the one before. Six levels
    /// expand to 1,111,111 nodes, past the 250,000 limit; five to 111,111.
    /// </summary>
    private static string LaughingDocument(int levels, bool markLast)
    {
        var lines = new List<string> { "version: 1.0.0", "sections:", "  main:", "    - set:", "        a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var level = 1; level < levels; level++)
        {
            var list = $"&a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]";
            lines.Add($"        a{level}: " + (markLast && level == levels - 1 ? "{|" + list + "|}" : list));
        }

        return string.Join("\n", lines) + "\n";
    }
}

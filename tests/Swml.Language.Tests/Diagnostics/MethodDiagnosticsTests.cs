using Swml.Language.Diagnostics;
using Swml.Language.Tests.Infrastructure;
using static Swml.Language.Tests.Infrastructure.DiagnosticAssert;

namespace Swml.Language.Tests.Diagnostics;

/// <summary>SWML02xx: methods and their parameters.</summary>
public sealed class MethodDiagnosticsTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;

    // SWML0201 Unknown method

    [Fact]
    [Covers("SWML0201")]
    public void A_misspelt_method_suggests_the_closest_method()
    {
        var found = Reports("SWML0201", Error, """
            version: 1.0.0
            sections:
              main:
                - {|sip_refr|}:
                    to_uri: "sip:bob@example.com"
            """);

        Assert.Equal("unknown method 'sip_refr'; did you mean 'sip_refer'?", found[0].Message);
    }

    [Fact]
    [Covers("SWML0201")]
    public void A_method_in_the_wrong_case_suggests_the_lower_case_name_in_json()
    {
        var found = Reports("SWML0201", Error, """
            {"sections": {"main": [{{|"Answer"|}: {}}]}}
            """);

        Assert.Equal("unknown method 'Answer'; did you mean 'answer'?", found[0].Message);
    }

    [Fact]
    [Covers("SWML0201")]
    public void A_method_like_no_other_gets_no_suggestion()
    {
        var found = Reports("SWML0201", Error, """
            version: 1.0.0
            sections:
              main:
                - {|dial|}: {to: "+15551234567"}
            """);

        Assert.Equal("unknown method 'dial'", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0201")]
    public void The_method_spelt_right_is_known()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:bob@example.com"
            """);
    }

    // SWML0202 Messaging-only method

    [Theory]
    [Covers("SWML0202")]
    [InlineData("reply")]
    [InlineData("receive")]
    [InlineData("transform")]
    public void A_messaging_method_cannot_be_used_in_a_calling_document(string method)
    {
        var found = Reports("SWML0202", Error, $$"""
            version: 1.0.0
            sections:
              main:
                - {|{{method}}|}: {}
            """);

        Assert.Equal($"'{method}' is a messaging SWML method and cannot be used in a calling document", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0202")]
    public void Methods_both_flavours_share_are_calling_methods_too()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - request: {url: "https://example.com/hook", method: POST}
                - switch:
                    variable: request_result
                    case:
                      success: [{return: 1}]
                    default: [{goto: done}]
                - label: done
            """);
    }

    // SWML0203 Unknown parameter

    [Fact]
    [Covers("SWML0203")]
    public void A_misspelt_parameter_suggests_the_closest_parameter()
    {
        var found = Reports("SWML0203", Error, """
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                    {|status_ur|}: "https://example.com/refer-status"
            """);

        Assert.Equal("'sip_refer' has no parameter 'status_ur'; did you mean 'status_url'?", found[0].Message);
    }

    [Fact]
    [Covers("SWML0203")]
    public void A_parameter_sip_refer_does_not_have_gets_no_suggestion()
    {
        var found = Reports("SWML0203", Error, """
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                    {|headers|}: [{name: X-Account, value: "42"}]
            """);

        Assert.Equal("'sip_refer' has no parameter 'headers'", found[0].Message);
    }

    [Fact]
    [Covers("SWML0203")]
    public void A_misspelt_key_of_a_cond_entry_suggests_then()
    {
        var found = Reports("SWML0203", Error, """
            version: 1.0.0
            sections:
              main:
                - cond:
                    - when: "call.type == 'sip'"
                      then: []
                      {|thn|}: []
            """);

        Assert.Equal("'cond[0]' has no parameter 'thn'; did you mean 'then'?", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0203")]
    public void Every_documented_sip_refer_parameter_is_known()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                    status_url: "https://example.com/refer-status"
                    username: alice
                    password: "${envs.SIP_REFER_PASSWORD}"
            """);
    }

    // SWML0204 Missing required parameter

    [Fact]
    [Covers("SWML0204")]
    public void A_sip_refer_without_to_uri_is_reported_at_the_method()
    {
        var found = Reports("SWML0204", Error, """
            version: 1.0.0
            sections:
              main:
                - {|sip_refer|}:
                    status_url: "https://example.com/refer-status"
            """);

        Assert.Equal("'sip_refer' requires 'to_uri'", found[0].Message);
    }

    [Fact]
    [Covers("SWML0204")]
    public void A_cond_entry_with_when_but_no_then_and_one_with_then_but_no_when_are_both_incomplete()
    {
        var found = Reports("SWML0204", Error, """
            version: 1.0.0
            sections:
              main:
                - cond:
                    - {|when|}: "call.type == 'sip'"
                    - {|then|}: [{hangup: {}}]
            """);

        Assert.Equal("'cond[0]' requires 'then'", found[0].Message);
        Assert.Equal("'cond[1]' requires 'when'", found[1].Message);
    }

    [Fact]
    [Covers("SWML0204")]
    public void A_request_without_method_in_json_is_reported_at_the_method_name()
    {
        Reports("SWML0204", Error, """
            {"sections": {"main": [{{|"request"|}: {"url": "https://example.com/hook"}}]}}
            """);
    }

    [Fact]
    [NearMiss("SWML0204")]
    public void A_sip_refer_with_to_uri_and_a_complete_cond_need_nothing_more()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                - cond:
                    - when: "call.type == 'sip'"
                      then: [{hangup: {}}]
            """);
    }

    // SWML0205 Wrong value type

    [Fact]
    [Covers("SWML0205")]
    public void A_word_where_a_number_belongs_is_the_wrong_type()
    {
        var found = Reports("SWML0205", Error, """
            version: 1.0.0
            sections:
              main:
                - sleep: {duration: {|long|}}
                - play: {url: "say: hi", volume: {|"loud"|}}
                - play: {url: "say: hi", auto_answer: {|1|}}
                - answer: {max_duration: {|1.5|}}
            """);

        Assert.Equal("'sleep.duration' must be an integer of at least -1, not the string 'long'", found[0].Message);
        Assert.Equal("'play.volume' must be a number from -40 to 40, not the string 'loud'", found[1].Message);
        Assert.Equal("'play.auto_answer' must be true or false, not the integer 1", found[2].Message);
        Assert.Equal("'answer.max_duration' must be an integer, not the number 1.5", found[3].Message);
    }

    [Fact]
    [Covers("SWML0205")]
    public void A_number_where_a_string_belongs_says_to_quote_it()
    {
        var found = Reports("SWML0205", Error, """
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: "sip:bob@example.com", username: {|1234|}}
            """);

        Assert.Equal("'sip_refer.username' must be a string, not the integer 1234 (quote it to make it a string)", found[0].Message);
    }

    [Fact]
    [Covers("SWML0205")]
    public void A_method_with_nothing_after_it_says_to_write_an_empty_mapping()
    {
        // The value is an empty (null) scalar, so the span is empty, at the end of the line.
        var found = Reports("SWML0205", Error, """
            version: 1.0.0
            sections:
              main:
                - answer:{||}
            """);

        Assert.Equal("'answer' must be a mapping, not null (write 'answer: {}' for no parameters)", found[0].Message);
    }

    [Fact]
    [Covers("SWML0205")]
    public void Sections_written_as_a_list_are_the_wrong_type()
    {
        var found = Reports("SWML0205", Error, """
            {"version": "1.0.0", "sections": {|[{"answer": {}}]|}}
            """);

        Assert.Equal("'sections' must be a mapping of section names to lists of steps, not a list", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0205")]
    public void Numbers_booleans_and_whole_value_interpolations_are_the_right_type()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {wait: 500, loud: true}
                - sleep: {duration: "${wait}"}
                - play: {url: "say: hi", volume: 3.5, auto_answer: "${loud}"}
                - answer: {max_duration: 3600}
                - sip_refer: {to_uri: "sip:bob@example.com", username: "1234"}
            """);
    }

    // SWML0206 Value not allowed

    [Fact]
    [Covers("SWML0206")]
    public void A_misspelt_hangup_reason_suggests_the_closest_reason()
    {
        var found = Reports("SWML0206", Error, """
            version: 1.0.0
            sections:
              main:
                - hangup:
                    reason: {|bussy|}
            """);

        Assert.Equal("'hangup.reason' must be one of 'hangup', 'busy', 'decline'; found 'bussy'; did you mean 'busy'?", found[0].Message);
    }

    [Fact]
    [Covers("SWML0206")]
    public void An_http_method_in_lower_case_suggests_the_upper_case_one()
    {
        var found = Reports("SWML0206", Error, """
            {"sections": {"main": [{"request": {"url": "https://example.com/hook", "method": {|"get"|}}}]}}
            """);

        Assert.Equal("'request.method' must be one of 'GET', 'POST', 'PUT', 'DELETE'; found 'get'; did you mean 'GET'?", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0206")]
    public void An_allowed_value_or_one_chosen_at_run_time_is_accepted()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - request: {url: "https://example.com/hook", method: GET}
                - hangup:
                    reason: "${request_response.reason}"
            """);
    }

    // SWML0207 Number out of range

    [Fact]
    [Covers("SWML0207")]
    public void Numbers_past_their_documented_range_are_out_of_range()
    {
        var found = Reports("SWML0207", Error, """
            version: 1.0.0
            sections:
              main:
                - label: top
                - play: {url: "say: hi", volume: {|41|}}
                - sleep: {|-2|}
                - goto: {label: top, max: {|0|}}
            """);

        Assert.Equal("'play.volume' must be a number from -40 to 40; found 41", found[0].Message);
        Assert.Equal("'sleep' must be an integer of at least -1; found -2", found[1].Message);
        Assert.Equal("'goto.max' must be an integer from 1 to 100; found 0", found[2].Message);
    }

    [Fact]
    [NearMiss("SWML0207")]
    public void Numbers_at_the_ends_of_their_range_are_accepted()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - label: top
                - play: {url: "say: hi", volume: 40}
                - play: {url: "say: hi", volume: -40}
                - sleep: -1
                - goto: {label: top, max: 100}
                - goto: {label: top, max: 1}
            """);
    }

    // SWML0208 Invalid URL

    [Fact]
    [Covers("SWML0208")]
    public void A_status_url_with_another_scheme_or_no_scheme_is_invalid()
    {
        var found = Reports("SWML0208", Error, """
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                    status_url: {|"ftp://example.com/refer-status"|}
                - request: {url: {|example.com/hook|}, method: POST}
            """);

        Assert.Equal("'sip_refer.status_url' must be an absolute http:// or https:// URL; found 'ftp://example.com/refer-status'", found[0].Message);
        Assert.Equal("'request.url' must be an absolute http:// or https:// URL; found 'example.com/hook'", found[1].Message);
    }

    [Fact]
    [Covers("SWML0208")]
    public void An_execute_url_without_a_host_is_invalid()
    {
        Reports("SWML0208", Error, """
            {"sections": {"main": [{"execute": {"dest": {|"https:///swml"|}}}]}}
            """);
    }

    [Fact]
    [NearMiss("SWML0208")]
    public void Https_urls_and_urls_built_from_variables_are_accepted()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - sip_refer:
                    to_uri: "sip:bob@example.com"
                    status_url: "https://example.com/refer-status"
                - request: {url: "https://${envs.API_HOST}/hook", method: POST}
                - request: {url: "${envs.HOOK_URL}", method: POST}
            """);
    }

    // SWML0209 Invalid SIP URI

    [Fact]
    [Covers("SWML0209")]
    public void A_to_uri_without_a_sip_scheme_is_invalid_and_says_why()
    {
        var found = Reports("SWML0209", Error, """
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: {|"bob@example.com"|}}
                - sip_refer: {to_uri: {|"http://example.com"|}}
                - sip_refer: {to_uri: {|"<sip:bob@example.com>"|}}
                - sip_refer: {to_uri: {|"sip:bob@example.com:99999"|}}
                - sip_refer: {to_uri: {|"tel:+1 555"|}}
            """);

        Assert.Equal(
            [
                "'sip_refer.to_uri' must be a sip:, sips: or tel: URI; it has no scheme; write e.g. 'sip:bob@example.com'",
                "'sip_refer.to_uri' must be a sip:, sips: or tel: URI; the scheme 'http' is not sip, sips or tel",
                "'sip_refer.to_uri' must be a sip:, sips: or tel: URI; write the bare URI, without '<' and '>'",
                "'sip_refer.to_uri' must be a sip:, sips: or tel: URI; '99999' is not a valid port",
                "'sip_refer.to_uri' must be a sip:, sips: or tel: URI; a URI has no spaces",
            ],
            found.Select(d => d.Message));
    }

    [Fact]
    [Covers("SWML0209")]
    public void A_to_uri_whose_literal_scheme_is_wrong_is_invalid_even_with_a_variable_after_it()
    {
        Reports("SWML0209", Error, """
            {"sections": {"main": [
              {"set": {"ext": "1001"}},
              {"sip_refer": {"to_uri": {|"http:${ext}@example.com"|}}}
            ]}}
            """);
    }

    [Fact]
    [NearMiss("SWML0209")]
    public void Sip_sips_and_tel_uris_and_ones_built_from_variables_are_accepted()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set: {ext: "1001"}
                - sip_refer: {to_uri: "sip:bob@example.com"}
                - sip_refer: {to_uri: "sips:bob@example.com:5061;transport=tls"}
                - sip_refer: {to_uri: "tel:+1-555-123-4567"}
                - sip_refer: {to_uri: "sip:${ext}@example.com"}
                - sip_refer: {to_uri: "sip:[2001:db8::1]:5060"}
            """);
    }

    // SWML0210 Invalid play URL

    [Fact]
    [Covers("SWML0210")]
    public void Play_urls_that_are_not_audio_speech_silence_or_ringing_are_invalid()
    {
        var found = Reports("SWML0210", Error, """
            version: 1.0.0
            sections:
              main:
                - play:
                    url: {|"sya: hello"|}
                - play:
                    urls: ["say: a", {|"ring:10:usa"|}, {|"silence: x"|}]
            """);

        Assert.Equal("'play.url' is not something play can play: 'sya: hello'; use http(s)://..., say:<text>, silence:<seconds> or ring:[<seconds>:]<country>", found[0].Message);
        Assert.StartsWith("'play.urls[1]' is not something play can play: 'ring:10:usa';", found[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("'play.urls[2]' is not something play can play: 'silence: x';", found[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    [NearMiss("SWML0210")]
    public void Audio_speech_silence_and_ringing_can_be_played()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - play:
                    urls: ["say: hello", "silence: 2", "ring:10:us", "ring:uk", "https://example.com/a.wav", "say: ${call.from}"]
            """);
    }

    // SWML0211 Conflicting parameters

    [Fact]
    [Covers("SWML0211")]
    public void A_play_with_neither_url_nor_urls_is_reported_at_the_method()
    {
        var found = Reports("SWML0211", Error, """
            version: 1.0.0
            sections:
              main:
                - {|play|}:
                    volume: 3
            """);

        Assert.Equal("'play' takes exactly one of 'url', 'urls'; found none", found[0].Message);
    }

    [Fact]
    [Covers("SWML0211")]
    public void A_play_with_both_url_and_urls_is_reported_at_the_second()
    {
        var found = Reports("SWML0211", Error, """
            version: 1.0.0
            sections:
              main:
                - play:
                    url: "say: a"
                    {|urls|}: ["say: b"]
            """);

        Assert.Equal("'play' takes exactly one of 'url', 'urls'; found 'url' and 'urls'", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0211")]
    public void A_play_with_exactly_one_of_url_and_urls_is_accepted()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - play: {url: "say: a", volume: 3}
                - play: {urls: ["say: b"]}
            """);
    }

    // SWML0212 Empty value

    [Fact]
    [Covers("SWML0212")]
    public void Empty_labels_destinations_and_goto_targets_are_empty_values()
    {
        var found = Reports("SWML0212", Error, """
            version: 1.0.0
            sections:
              main:
                - label: {|""|}
                - execute: {dest: {|" "|}}
                - goto: {|''|}
            """);

        Assert.Equal(["'label' must not be empty", "'execute.dest' must not be empty", "'goto' must not be empty"], found.Select(d => d.Message));
    }

    [Fact]
    [Covers("SWML0212")]
    public void An_empty_cond_when_is_reported_once_as_an_empty_value()
    {
        // Not also as a JavaScript syntax error: there is no expression to parse.
        Reports("SWML0212", Error, """
            version: 1.0.0
            sections:
              main:
                - cond:
                    - when: {|""|}
                      then: []
                - label: again
                - goto: {label: again, when: {|" "|}}
            """);
    }

    [Fact]
    [NearMiss("SWML0212")]
    public void Named_labels_destinations_and_conditions_are_not_empty()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - label: start
                - execute: {dest: sub}
                - cond:
                    - when: "call.type == 'sip'"
                      then: []
                - goto: {label: start, max: 2}
              sub:
                - return: 1
            """);
    }

    // SWML0213 Invalid value format

    [Fact]
    [Covers("SWML0213")]
    public void A_hard_stop_time_in_words_is_not_a_duration()
    {
        var found = Reports("SWML0213", Error, """
            version: 1.0.0
            sections:
              main:
                - {|SWML0503:amazon_bedrock|}:
                    prompt: {text: "You take orders."}
                    params: {hard_stop_time: {|"10 minutes"|}}
            """);

        Assert.Equal("'amazon_bedrock.params.hard_stop_time' must be a duration such as 30s, 2m or 1h30m; found '10 minutes'", found[0].Message);
    }

    [Fact]
    [Covers("SWML0213")]
    public void Hold_music_with_an_unsupported_scheme_is_invalid()
    {
        var found = Reports("SWML0213", Error, """
            version: 1.0.0
            sections:
              main:
                - {|SWML0503:ai|}:
                    prompt: {text: "You take orders."}
                    params: {hold_music: {|"ftp://example.com/hold.mp3"|}}
            """);

        Assert.Equal("'ai.params.hold_music' must be a URI starting with http://, https://, tone_stream://; found 'ftp://example.com/hold.mp3'", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0213")]
    public void A_duration_and_hold_music_of_the_documented_forms_are_accepted()
    {
        DoesNotReport("SWML0213", """
            version: 1.0.0
            sections:
              main:
                - {|SWML0503:amazon_bedrock|}:
                    prompt: {text: "You take orders."}
                    params: {hard_stop_time: "1h30m"}
                - {|SWML0503:ai|}:
                    prompt: {text: "You take orders."}
                    params: {hold_music: "https://example.com/hold.mp3"}
            """);
    }

    // SWML0214 Method not allowed here

    [Fact]
    [Covers("SWML0214")]
    public void A_transfer_in_connect_confirm_is_not_allowed()
    {
        var found = Reports("SWML0214", Error, """
            version: 1.0.0
            sections:
              main:
                - {|SWML0503:connect|}:
                    to: "+15551234567"
                    confirm:
                      - play: {url: "say: Press 1 to accept."}
                      - {|transfer|}: elsewhere
              elsewhere:
                - hangup: {}
            """);

        Assert.StartsWith("'transfer' cannot be used in 'connect.confirm', which allows only ", found[0].Message);
        Assert.Contains("play", found[0].Message);
    }

    [Fact]
    [NearMiss("SWML0214")]
    public void Play_and_hangup_in_connect_confirm_are_allowed()
    {
        DoesNotReport("SWML0214", """
            version: 1.0.0
            sections:
              main:
                - {|SWML0503:connect|}:
                    to: "+15551234567"
                    confirm:
                      - play: {url: "say: Press 1 to accept."}
                      - hangup: {}
            """);
    }
}

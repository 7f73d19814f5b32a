using System.Text.Json.Nodes;

namespace Swml.Generators.Tests.Differential;

/// <summary>A hand-written document aimed at a likely drift, and the envs it runs with (added to the standard ones).</summary>
public sealed record CraftedProbe(string Name, string Aim, string Text, JsonObject? Envs = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// Documents written to probe where compiled and interpreted flows are likely to part: values
/// beyond int, unset values in typed arguments, envs read through vars., JSON of every type,
/// AI arguments (not interpolated), member names the generated class could clash with. Each
/// passes swml check; a probe with an SWML error would probe nothing.
/// </summary>
internal static class CraftedProbes
{
    public static IReadOnlyList<CraftedProbe> All { get; } = new CraftedProbe[]
    {
        new("vars_path_of_a_variable_only_in_envs", "${vars.x} reads vars only; x is in envs alone", """
            version: 1.0.0
            sections:
              main:
                - play: {url: "say:vars ${vars.x}, bare ${x}"}
                - set: {x: from-set}
                - play: {url: "say:vars ${vars.x}, bare ${x}"}
            """, new JsonObject { ["x"] = "from-envs" }),
        new("goto_max_from_a_variable_beyond_int", "goto max: \"${m}\" with m = 2^32 + 1", """
            version: 1.0.0
            sections:
              main:
                - set: {m: 4294967297, n: 0}
                - label: loop
                - set: {n: "${n + 1}"}
                - goto: {label: loop, max: "${m}"}
            """),
        new("sleep_from_a_variable_beyond_int", "sleep: \"${d}\" with d = 3e9 ms (more than int.MaxValue)", """
            version: 1.0.0
            sections:
              main:
                - set: {d: 3000000000}
                - sleep: "${d}"
                - play: {url: "say:awake"}
            """),
        new("sleep_from_a_variable_beyond_the_timer_limit", "sleep: \"${d}\" with d = 5e9 ms (more than a timer takes)", """
            version: 1.0.0
            sections:
              main:
                - set: {d: 5000000000}
                - sleep: "${d}"
                - play: {url: "say:awake"}
            """),
        new("sleep_literal_beyond_int", "sleep: 3000000000", """
            version: 1.0.0
            sections:
              main:
                - sleep: 3000000000
                - play: {url: "say:awake"}
            """),
        new("sleep_literal_beyond_the_timer_limit", "sleep: 5000000000", """
            version: 1.0.0
            sections:
              main:
                - sleep: 5000000000
                - play: {url: "say:awake"}
            """),
        new("typed_text_arguments_of_unset_values", "a typed argument written as one ${...} of an unset value", """
            version: 1.0.0
            sections:
              main:
                - play: {url: "${envs.missing}"}
                - sip_refer: {to_uri: "sip:agent@example.com", status_url: "${envs.missing_url}", username: "${envs.missing_user}"}
            """),
        new("request_method_of_an_unset_value", "request method: \"${envs.http_method}\" unset (method is required: it has no default)", """
            version: 1.0.0
            sections:
              main:
                - request: {url: "https://example.com/api", method: "${envs.http_method}"}
            """),
        new("answer_max_duration_beyond_double_precision", "max_duration: 2^53 + 1, which a double cannot hold", """
            version: 1.0.0
            sections:
              main:
                - answer: {max_duration: 9007199254740993}
            """),
        new("yaml_values_of_every_type", "YAML scalars, lists and mappings of every type in set, params and return", 
            """
            version: 1.0.0
            sections:
              main:
                - set:
                    s: text
                    quoted_number: "42"
                    i: 42
                    negative: -7
                    big: 9007199254740993
                    long_max: 9223372036854775807
                    beyond_long: 18446744073709551616
                    f: 2.5
                    whole_float: 3.0
                    negative_zero: -0.0
                    tiny: 1.0e-300
                    huge: 1.0e300
                    t: true
                    f2: false
                    n: null
                    tilde: ~
                    empty: ""
                    inf: .inf
                    nan: .nan
                    hex: 0x1F
                    octal: 0o17
                    date: 2024-01-01
                    list: [1, "two", 3.0, false, null, {a: 1}, [2]]
                    object: {a: {b: [1, 2]}, c: null}
                    whole_int: "${i}"
                    whole_object: "${object}"
                    whole_list: "${list}"
                    whole_missing: "${envs.nothing_here}"
                    script: "${i * 2}"
                    script_object: "${({k: i})}"
                    mixed: "i=${i} f=${f} big=${big} obj=${object} list=${list} t=${t} n=${n}"
                    spaced: " ${i} "
                    percent: "%{i}"
                    escaped_braces: "{literal} $ { not } ${'}'}"
                - execute:
                    dest: echo
                    params:
                      s: text
                      i: 42
                      big: 9007199254740993
                      f: 2.5
                      negative_zero: -0.0
                      t: true
                      n: null
                      list: [1, "two", 3.0]
                      object: {a: {b: [1, 2]}}
                      whole: "${object}"
                      mixed: "i=${i}"
                - play: {url: "say:${mixed} ${whole_float} ${huge} ${tiny} ${negative_zero} ${beyond_long} ${long_max} ${inf} ${date}"}
                - return:
                    s: text
                    i: 42
                    big: 9007199254740993
                    long_max: 9223372036854775807
                    f: 2.5
                    negative_zero: -0.0
                    t: true
                    n: null
                    list: [1, "two", 3.0, {a: null}]
                    whole: "${object}"
                    mixed: "i=${i} ${list}"
                    echoed: "${return_value}"
              echo:
                - return: "${params}"
            """),
        new("json_values_of_every_type", "JSON values of every type in set, params and return", 
            """
            {
              "version": "1.0.0",
              "sections": {
                "main": [
                  {"set": {
                    "s": "text", "quoted_number": "42", "i": 42, "negative": -7,
                    "big": 9007199254740993, "long_max": 9223372036854775807, "beyond_long": 18446744073709551616,
                    "f": 2.5, "whole_float": 3.0, "negative_zero": -0.0, "exponent": 1e3, "tiny": 1.0e-300, "huge": 1.0E300,
                    "t": true, "f2": false, "n": null, "empty": "",
                    "list": [1, "two", 3.0, false, null, {"a": 1}, [2]],
                    "object": {"a": {"b": [1, 2]}, "c": null},
                    "unicode": "caf\u00e9 \ud83d\ude00 \"quoted\" back\\slash",
                    "whole_int": "${i}", "whole_object": "${object}", "whole_missing": "${envs.nothing_here}",
                    "script": "${i * 2}", "mixed": "i=${i} f=${f} big=${big} obj=${object} t=${t} n=${n}"
                  }},
                  {"execute": {"dest": "echo", "params": {"i": 42, "big": 9007199254740993, "f": 2.5, "whole_float": 3.0, "negative_zero": -0.0, "t": true, "n": null, "list": [1, "two"], "whole": "${object}"}}},
                  {"play": {"url": "say:${mixed} ${whole_float} ${exponent} ${huge} ${tiny} ${negative_zero} ${beyond_long} ${long_max} ${unicode}"}},
                  {"return": {"i": 42, "big": 9007199254740993, "long_max": 9223372036854775807, "whole_float": 3.0, "negative_zero": -0.0, "exponent": 1e3, "t": true, "n": null, "list": [1, {"a": null}], "whole": "${object}", "echoed": "${return_value}"}}
                ],
                "echo": [
                  {"return": "${params}"}
                ]
              }
            }
            """),
        new("ai_arguments", "ai arguments: ${...} is the AI engine's, numbers and booleans keep their types",
            """
            version: 1.0.0
            sections:
              main:
                - set: {company: Acme}
                - ai:
                    prompt:
                      text: "You are ${company}'s agent; the caller is ${call.from}. %{args.x}"
                      temperature: 0.5
                      top_p: 1
                      confidence: 0.6
                    post_prompt:
                      text: "Summarise ${call.to}"
                    post_prompt_url: "https://example.com/summary/${call.call_id}"
                    params:
                      save_conversation: true
                      attention_timeout: 10000
                      languages_enabled: false
                    languages:
                      - {name: English, code: en-US, voice: "elevenlabs.rachel"}
                    hints: ["${company}", "one"]
                    SWAIG:
                      defaults:
                        web_hook_url: "https://example.com/swaig/${call.call_id}"
                      functions:
                        - function: lookup
                          description: "Look ${company} up"
                          parameters:
                            type: object
                            properties:
                              x: {type: string, description: "the ${x}"}
                          data_map:
                            webhooks:
                              - url: "https://example.com/lookup?x=%{args.x}&from=${call.from}"
                                method: GET
                                output:
                                  response: "Found %{Records[0].name} for ${company}"
                                  action:
                                    - SWML:
                                        version: 1.0.0
                                        sections:
                                          main:
                                            - play: {url: "say:${company}"}
            """),
        new("names_the_generated_class_could_clash_with", "variables named like the flow class's own members", 
            """
            version: 1.0.0
            sections:
              main:
                - set: {section: 1, definition: 2, context: 3, run_async: 4, source_path: 5, name_of: 6, text: 7, get_string: 8, main_body: 9, ctx: 10, s_script0: 11, __: 12, ___: 13, Corpus: 14, class: 15}
                - play: {url: "say:${section}${definition}${context}${run_async}${source_path}${name_of}${text}${get_string}${main_body}${ctx}${s_script0}${__}${___}${Corpus}${class}"}
                - execute: {dest: section}
              section:
                - return: "${vars.definition}"
            """),
    };

    public static CraftedProbe Get(string name) => All.Single(p => p.Name == name);
}

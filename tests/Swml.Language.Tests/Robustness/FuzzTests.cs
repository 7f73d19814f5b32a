using System.Diagnostics;
using System.Text;
using Swml.Language.Binding;
using Swml.Language.Diagnostics;
using Swml.Language.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Swml.Language.Tests.Robustness;

/// <summary>
/// Random and mutated inputs through parse, validate and flow analysis: no exception escapes, no
/// input takes long, every diagnostic is located inside the text, and every input that YamlDotNet's
/// own loader rejects (the oracle for "not valid YAML or JSON") gets at least one located error.
/// Inputs come from a fixed seed, so a failure names the input that caused it and can be replayed.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20261126;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static readonly string[] BuiltInSeeds =
    {
        "version: 1.0.0\nsections:\n  main:\n    - answer: {}\n    - sip_refer:\n        to_uri: 'sip:bob@example.com'\n        status_url: https://example.com/cb\n    - play:\n        url: 'say: ${sip_refer_result} ${sip_refer_response_code}'\n    - hangup: {}\n",
        "sections:\n  main:\n    - label: top\n    - set: {n: 1, m: '${n + 1}'}\n    - cond:\n        - when: vars.n < 3\n          then: [{goto: {label: top, max: 3}}]\n        - else: [{execute: {dest: sub, params: {a: 1}, on_return: [{play: {url: 'say:${return_value}'}}]}}]\n  sub:\n    - return: '${params.a}'\n",
        "{\"version\":\"1.0.0\",\"sections\":{\"main\":[{\"switch\":{\"variable\":\"call.type\",\"case\":{\"sip\":[{\"transfer\":\"other\"}]},\"default\":[{\"unset\":[\"x\"]}]}}],\"other\":[{\"request\":{\"url\":\"https://example.com\",\"method\":\"GET\",\"save_variables\":true}},{\"play\":{\"urls\":[\"say:${request_response.a}\",\"silence: 1\"]}}]}}",
        "a: &x {b: [1, 2, {c: *x}]}\n<<: *x\n",
    };

    private static readonly string[] Fragments =
    {
        "{", "}", "[", "]", ":", ": ", "- ", "#", "&a ", "*a", "!!str ", "|", ">", "'", "\"", "\t", "\n", "\r\n", "%", "@",
        "`", "${", "}", "%{", "${call.from}", "${x +* y}", "${(a)=>{for(;;){}}}", "---\n", "...\n", "<<: ", "? ", "\0", "\uFFFD",
        "\uD800", "é", "\u2028", "\u0085", "  ", "    - ", "sections:", "main:", "sip_refer:", "goto: ", "label: ", "0x", "1e999",
        "-.inf", "~", "null", "true", "\\", "\\u00", "&", "*", ",", "!", "$", "${", "}}}}", "[[[[", "{{{{",
    };

    [Fact]
    public void TwelveThousandRandomAndMutatedInputsNeverCrashHangOrGoUnlocated()
    {
        var random = new Random(Seed);
        var seeds = LoadSeeds();
        var failures = new List<string>();
        var invalidYaml = 0;
        const int Inputs = 12_000;
        for (var i = 0; i < Inputs && failures.Count < 10; i++)
        {
            var input = Generate(random, seeds, i);
            var failure = Check(input);
            if (failure is not null)
            {
                failures.Add($"input #{i} ({Describe(input)}): {failure}");
            }

            if (!IsValidYaml(input))
            {
                invalidYaml++;
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(invalidYaml > Inputs / 10, $"only {invalidYaml} of {Inputs} inputs were invalid YAML; the mutations are too gentle");
    }

    private static string? Check(string input)
    {
        SwmlDocument? document = null;
        Exception? thrown = null;
        var watch = Stopwatch.StartNew();
        var run = Task.Run(() =>
        {
            try
            {
                document = SwmlDocument.Parse(input, "fuzz.swml");
            }
            catch (Exception ex)
            {
                thrown = ex;
            }
        });
        if (!run.Wait(Bound))
        {
            return $"did not finish within {Bound.TotalSeconds} s";
        }

        if (thrown is not null)
        {
            return "threw " + thrown;
        }

        foreach (var diagnostic in document!.Diagnostics)
        {
            if (!IsLocated(diagnostic, input))
            {
                return $"diagnostic not located inside the text: {diagnostic}";
            }
        }

        if (!IsValidYaml(input) && !document.Diagnostics.Any(d => d.IsError))
        {
            return $"YamlDotNet's loader rejects it, but it got no error (took {watch.ElapsedMilliseconds} ms)";
        }

        return null;
    }

    private static bool IsLocated(SwmlDiagnostic diagnostic, string input)
    {
        var span = diagnostic.Span;
        var length = input.Length - (input.StartsWith("\uFEFF", StringComparison.Ordinal) ? 1 : 0);
        return span.Start.Line >= 1 && span.Start.Column >= 1 &&
               span.Start.Offset >= 0 && span.End.Offset >= span.Start.Offset && span.End.Offset <= length &&
               (span.End.Line > span.Start.Line || (span.End.Line == span.Start.Line && span.End.Column >= span.Start.Column));
    }

    /// <summary>The oracle: YamlDotNet's representation model loads every document of the stream.</summary>
    private static bool IsValidYaml(string input)
    {
        try
        {
            new YamlStream().Load(new StringReader(input.TrimStart('\uFEFF')));
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static string Generate(Random random, IReadOnlyList<string> seeds, int index) => (index % 10) switch
    {
        0 => RandomBytes(random),
        1 => RandomText(random),
        _ => Mutate(random, seeds[random.Next(seeds.Count)], seeds),
    };

    private static string RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 400)];
        random.NextBytes(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var pieces = random.Next(1, 60);
        for (var i = 0; i < pieces; i++)
        {
            builder.Append(Fragments[random.Next(Fragments.Length)]);
            if (random.Next(3) == 0)
            {
                builder.Append((char)random.Next(32, 127));
            }
        }

        return builder.ToString();
    }

    private static string Mutate(Random random, string text, IReadOnlyList<string> seeds)
    {
        var mutations = random.Next(1, 6);
        for (var m = 0; m < mutations; m++)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length);
            var length = text.Length - at == 0 ? 0 : random.Next(Math.Min(40, text.Length - at) + 1);
            text = random.Next(8) switch
            {
                0 => text.Remove(at, length),
                1 => text.Insert(at, Fragments[random.Next(Fragments.Length)]),
                2 => text.Insert(at, text.Substring(at, length)),
                3 => text.Substring(0, at),
                4 => text.Insert(at, Slice(random, seeds[random.Next(seeds.Count)])),
                5 => SwapLines(random, text),
                6 => Indent(random, text),
                _ => text.Remove(at, length).Insert(at, new string((char)random.Next(0, 0x3000), length)),
            };
        }

        return text;
    }

    private static string Slice(Random random, string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var at = random.Next(text.Length);
        return text.Substring(at, random.Next(Math.Min(200, text.Length - at) + 1));
    }

    private static string SwapLines(Random random, string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2)
        {
            return text;
        }

        var a = random.Next(lines.Length);
        var b = random.Next(lines.Length);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join("\n", lines);
    }

    private static string Indent(Random random, string text)
    {
        var lines = text.Split('\n');
        var line = random.Next(lines.Length);
        lines[line] = random.Next(2) == 0 ? new string(' ', random.Next(1, 5)) + lines[line] : lines[line].TrimStart();
        return string.Join("\n", lines);
    }

    private static IReadOnlyList<string> LoadSeeds()
    {
        var seeds = new List<string>(BuiltInSeeds);
        var directory = Environment.GetEnvironmentVariable(ConformanceData.Variable);
        if (!string.IsNullOrWhiteSpace(directory) && Directory.Exists(Path.Combine(directory, "swml-docs")))
        {
            seeds.AddRange(Directory.GetFiles(Path.Combine(directory, "swml-docs")).OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText));
        }

        return seeds;
    }

    private static string Describe(string input)
    {
        var shown = input.Length <= 120 ? input : input.Substring(0, 120) + "...";
        return System.Text.Json.JsonSerializer.Serialize(shown);
    }
}

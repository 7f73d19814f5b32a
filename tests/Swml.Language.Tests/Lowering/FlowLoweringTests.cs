using Swml.Language.Binding;
using Swml.Language.Lowering;

namespace Swml.Language.Tests.Lowering;

/// <summary>
/// What each step lowers to: the one place that decides what a step means before it runs, for
/// the generator and the interpreter alike. Values are checked as the records they are.
/// </summary>
public sealed class FlowLoweringTests
{
    [Fact]
    public void EachControlFlowStepLowersToItsKindWithItsValues()
    {
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - label: top
                - goto: {label: top, when: "x < 3", max: 3}
                - execute: {dest: sub, params: {p: 1}}
                - transfer: sub
                - set: {x: 1, vars.y: "${x}"}
                - unset: [x, vars.y]
                - sleep: 250
                - hangup: {reason: busy}
              sub:
                - return: {ok: true}
            """);

        var main = flow.FindSection("main")!.Body.Steps;
        Assert.Equal(new LabelStep("main", "0", "top"), main[0]);
        Assert.Equal(
            new GotoStep("main", "1", Template.Literal("top"), Template.Literal("x < 3"), new IntegerArgument(new IntegerValue(3), 100, 1, 100)),
            main[1]);
        var execute = Assert.IsType<ExecuteStep>(main[2]);
        Assert.Equal(Template.Literal("sub"), execute.Destination);
        Assert.Equal(new ObjectValue(ValueList.Of(new LoweredProperty("p", new IntegerValue(1)))), execute.Parameters);
        Assert.Null(execute.OnReturn);
        Assert.Null(execute.Result);
        Assert.Equal(new TransferStep("main", "3", Template.Literal("sub"), null), main[3]);
        var set = Assert.IsType<SetStep>(main[4]);
        Assert.Equal(new[] { "x", "y" }, set.Assignments.Select(a => a.Name));
        Assert.Equal(new UnsetStep("main", "5", ValueList.Of("x", "y")), main[5]);
        Assert.Equal(new SleepStep("main", "6", new IntegerArgument(new IntegerValue(250), 0, -1, long.MaxValue)), main[6]);
        Assert.Equal(new HangupStep("main", "7", new TextValue(Template.Literal("busy"))), main[7]);
        Assert.Equal(
            new ReturnStep("sub", "0", new ObjectValue(ValueList.Of(new LoweredProperty("ok", new BoolValue(true))))),
            flow.FindSection("sub")!.Body.Steps[0]);
    }

    [Fact]
    public void DefaultsComeFromTheCatalog()
    {
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - label: top
                - goto: top
                - goto: {label: top, max: "${m}"}
                - hangup: {}
                - set: {m: 5}
            """);
        var steps = flow.FindSection("main")!.Body.Steps;

        // goto's max is 100 left out, and 100 again when a computed max is no number.
        Assert.Equal(new IntegerArgument(new IntegerValue(100), 100, 1, 100), ((GotoStep)steps[1]).Max);
        var computed = ((GotoStep)steps[2]).Max;
        Assert.True(computed.Value is TextValue { Template.IsWhole: true });
        Assert.Equal((100, 1, 100), (computed.Fallback, computed.Minimum, computed.Maximum));
        Assert.Null(computed.Constant);
        Assert.Equal(new TextValue(Template.Literal("hangup")), ((HangupStep)steps[3]).Reason);
    }

    [Fact]
    public void AValueThatMayComputeToNothingIsBackedByItsDefault()
    {
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - play: {url: "say: hi", volume: "${v}", say_voice: "${voice}"}
                - hangup: {reason: "${r}"}
                - set: {v: 1, voice: x, r: busy}
            """);
        var steps = flow.FindSection("main")!.Body.Steps;
        var play = (ObjectValue)((ActionStep)steps[0]).Arguments;

        // "${v}" unset is as if volume were left out; a variable that stands in comes after the step's own value.
        var volume = Assert.IsType<Coalesce>(play["volume"]);
        Assert.True(IsWholePath(volume.Value, "v"));
        Assert.Equal(new IntegerValue(0), volume.Otherwise);
        var voice = Assert.IsType<Coalesce>(play["say_voice"]);
        Assert.True(IsWholePath(voice.Value, "voice"));
        Assert.Equal(VariableOr("say_voice", "Polly.Salli"), voice.Otherwise);
        Assert.Equal(new BoolValue(true), play["auto_answer"]);
        Assert.Equal(new TextValue(Template.Literal("say: hi")), play["url"]);
        var reason = Assert.IsType<Coalesce>(((HangupStep)steps[1]).Reason);
        Assert.True(IsWholePath(reason.Value, "r"));
        Assert.Equal(new TextValue(Template.Literal("hangup")), reason.Otherwise);
    }

    [Fact]
    public void AMethodTheRuntimeDoesNotRunIsHandedOverAsWritten()
    {
        // record's defaults (format wav...) and connect's stream-only ones depend on how SignalWire
        // would run the step; a handler of your own gets what the document says.
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - record: {beep: true}
                - connect: {to: "+15551230000"}
            """);
        var steps = flow.FindSection("main")!.Body.Steps.Cast<ActionStep>().ToArray();

        Assert.Equal(Object(("beep", new BoolValue(true))), steps[0].Arguments);
        Assert.Equal(Object(("to", new TextValue(Template.Literal("+15551230000")))), steps[1].Arguments);
    }

    [Fact]
    public void AnActionGetsTheKeysItWasGivenThenEveryDefaultItLeftOut()
    {
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - answer: {}
                - play: {volume: 3, url: "say: hi"}
                - sip_refer: {to_uri: "sip:a@example.com"}
            """);
        var steps = flow.FindSection("main")!.Body.Steps.Cast<ActionStep>().ToArray();

        Assert.Equal(Object(("max_duration", new IntegerValue(14400))), steps[0].Arguments);

        // Given keys in document order, then defaults in catalog order; say_* read the variable of
        // their name first, as SignalWire does.
        Assert.Equal(
            Object(
                ("volume", new IntegerValue(3)),
                ("url", new TextValue(Template.Literal("say: hi"))),
                ("auto_answer", new BoolValue(true)),
                ("say_voice", VariableOr("say_voice", "Polly.Salli")),
                ("say_language", VariableOr("say_language", "en-US")),
                ("say_gender", VariableOr("say_gender", "female"))),
            steps[1].Arguments);

        // sip_refer documents no defaults: only what the step says.
        Assert.Equal(Object(("to_uri", new TextValue(Template.Literal("sip:a@example.com")))), steps[2].Arguments);
    }

    [Fact]
    public void BranchesCasesAndResultsLowerToNestedBlocks()
    {
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - set: {x: a}
                - cond:
                    - when: "x == 'a'"
                      then: [{hangup: {}}]
                      else: [{sleep: 1}]
                    - else: [{sleep: 2}]
                - switch:
                    variable: x
                    case:
                      a: [{sleep: 3}]
                      b: []
                    default: [{sleep: 4}]
                - execute:
                    dest: sub
                    on_return: [{sleep: 5}]
                    result:
                      case:
                        ok: [{sleep: 6}]
                - execute:
                    dest: sub
                    result:
                      - when: "return_value == 'ok'"
                        then: [{sleep: 7}]
              sub:
                - return: ok
            """);
        var steps = flow.FindSection("main")!.Body.Steps;

        var cond = Assert.IsType<CondStep>(steps[1]);
        Assert.Equal(2, cond.Branches.Count);
        Assert.Equal(Template.Literal("x == 'a'"), cond.Branches[0].When);
        Assert.Equal("1/[0].then/0", cond.Branches[0].Then.Steps[0].Path);
        Assert.Equal("1/[0].else/0", cond.Branches[0].Else!.Steps[0].Path);

        // A final else is a branch without a condition whose steps are its then.
        Assert.Null(cond.Branches[1].When);
        Assert.Equal("1/[1].else/0", cond.Branches[1].Then.Steps[0].Path);
        Assert.Null(cond.Branches[1].Else);

        var choice = Assert.IsType<SwitchStep>(steps[2]).Choice;
        Assert.Equal("x", choice.Variable);
        Assert.Equal(new[] { "a", "b" }, choice.Cases.Select(c => c.Value));
        Assert.Equal(LoweredBlock.Empty, choice.Cases[1].Steps);
        Assert.Equal("2/default/0", choice.Default!.Steps[0].Path);

        // result as a mapping switches on return_value unless it names a variable.
        var execute = Assert.IsType<ExecuteStep>(steps[3]);
        Assert.Equal("3/on_return/0", execute.OnReturn!.Steps[0].Path);
        Assert.Equal("return_value", execute.Result!.Switch!.Variable);
        Assert.Empty(execute.Result.Branches);
        var cases = Assert.IsType<ExecuteStep>(steps[4]).Result!;
        Assert.Null(cases.Switch);
        Assert.Equal(Template.Literal("return_value == 'ok'"), Assert.Single(cases.Branches).When);

        // Every step of the flow, nested ones too, in document order.
        Assert.Equal(
            new[] { "0", "1", "1/[0].then/0", "1/[0].else/0", "1/[1].else/0", "2", "2/case.a/0", "2/default/0", "3", "3/on_return/0", "3/result.case.ok/0", "4", "4/result[0].then/0" },
            flow.FindSection("main")!.Body.AllSteps().Select(s => s.Path));
    }

    [Fact]
    public void TemplatesKeepLiteralTextPathsAndJavaScriptWithTheirPlaces()
    {
        var text = """
            version: 1.0.0
            sections:
              main:
                - set:
                    a: "Hi ${call.from}, ${x + 1} left"
                    b: "${x}"
                    c: " ${x}"
                    x: 1
            """;
        var flow = Lower(text);
        var set = (SetStep)flow.FindSection("main")!.Body.Steps[0];

        var a = ((TextValue)set.Assignments[0].Value).Template;
        Assert.Equal(
            new[] { (TemplatePartKind.Literal, "Hi "), (TemplatePartKind.Path, "call.from"), (TemplatePartKind.Literal, ", "), (TemplatePartKind.Script, "x + 1"), (TemplatePartKind.Literal, " left") },
            a.Parts.Select(p => (p.Kind, p.Text)));
        var from = a.Parts[1].Span!.Value;
        Assert.Equal("${call.from}", text.Replace("\r\n", "\n").Substring(from.Start.Offset, from.Length));
        Assert.Equal((5, 16), (from.Start.Line, from.Start.Column));
        Assert.Null(a.Parts[0].Span);

        // Exactly one ${...} keeps its value's type; anything around it makes text.
        Assert.True(((TextValue)set.Assignments[1].Value).Template.IsWhole);
        Assert.False(((TextValue)set.Assignments[2].Value).Template.IsWhole);
    }

    [Fact]
    public void AnAiMethodKeepsItsInterpolationsForTheAiEngine()
    {
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - ai:
                    prompt: {text: "Greet ${caller}"}
            """);
        var ai = (ActionStep)flow.FindSection("main")!.Body.Steps[0];
        var prompt = (ObjectValue)((ObjectValue)ai.Arguments)["prompt"]!;

        Assert.Equal(new TextValue(Template.Literal("Greet ${caller}")), prompt["text"]);
    }

    [Fact]
    public void VariablesAreTextOnlyWhenEveryStepThatSetsThemSetsText()
    {
        var flow = Lower("""
            version: 1.0.0
            sections:
              main:
                - sip_refer: {to_uri: "sip:a@example.com"}
                - set: {sip_refer_to: 5, mine: true}
            """);

        var variables = flow.Variables.ToDictionary(v => v.Name);
        Assert.True(variables["sip_refer_result"].IsText);
        Assert.False(variables["sip_refer_to"].IsText);
        Assert.False(variables["return_value"].IsText);
        Assert.False(variables["mine"].IsText);
        Assert.Equal(variables.Keys.Order(StringComparer.Ordinal), flow.Variables.Select(v => v.Name));
        Assert.Equal(
            new[] { "sip_refer_to", "sip_refer_result", "return_value", "sip_refer_response_code", "sip_refer_to_response_code", "mine" },
            flow.VariableNames);
    }

    [Fact]
    public void TheSameTextLowersToAnEqualFlowAndAnotherTextDoesNot()
    {
        var text = "version: 1.0.0\nsections:\n  main:\n    - play: {url: \"say: ${call.from}\"}\n    - goto: {label: x, when: \"call.from > 1\"}\n    - label: x\n";
        var first = Lower(text);
        var second = Lower(new string(text.ToCharArray()));

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotSame(first, second);
        Assert.NotEqual(first, Lower(text.Replace("call.from > 1", "call.from > 2")));

        // A ${...} that moves is a different flow: its place goes into #line directives.
        Assert.NotEqual(first, Lower("# moved\n" + text));
    }

    [Fact]
    public void OnlyADocumentThatCanRunIsLowered()
    {
        // Unknown names are left to the call's variables, which earlier documents set.
        var unknown = SwmlDocument.Parse("version: 1.0.0\nsections:\n  main:\n    - play: {url: \"say: ${not_set_here}\"}\n");
        Assert.Contains(unknown.Diagnostics, d => d.Id == "SWML0301");
        Assert.Null(FlowLowering.FirstBlockingError(unknown));
        Assert.Single(FlowLowering.Lower(unknown).Sections);

        var broken = SwmlDocument.Parse("version: 1.0.0\nsections:\n  main:\n    - goto: nowhere\n");
        var error = Assert.Throws<ArgumentException>(() => FlowLowering.Lower(broken));
        Assert.Contains("SWML0401", error.Message);
    }

    [Theory]
    [InlineData("- switch: {case: {a: []}}", "SWML0204")]
    [InlineData("- switch: {variable: x, case: {a: }}", "SWML0205")]
    [InlineData("- execute: {dest: s, result: {case: {a: hangup}}}", "SWML0205")]
    public void AStepTheEngineCouldReadTwoWaysNeverReachesTheLowering(string step, string id)
    {
        // The generator and the interpreter once disagreed on these (a switch without a variable,
        // a case that is not a list); the validator rejects them, so the lowering's one rule for
        // them (no variable matches nothing, such a case runs nothing) is never what a user meets.
        var document = SwmlDocument.Parse($"version: 1.0.0\nsections:\n  main:\n    - set: {{x: a}}\n    {step}\n  s:\n    - return: 1\n");

        Assert.Equal(id, FlowLowering.FirstBlockingError(document)?.Id);
    }

    private static LoweredFlow Lower(string text)
    {
        var document = SwmlDocument.Parse(text, "flow.swml");
        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        return FlowLowering.Lower(document);
    }

    private static bool IsWholePath(LoweredValue value, string path) =>
        value is TextValue { Template: { IsWhole: true, Parts: [{ Kind: TemplatePartKind.Path } part] } } && part.Text == path;

    private static Coalesce VariableOr(string variable, string literal) =>
        new(new TextValue(Template.Variable(variable)), new TextValue(Template.Literal(literal)));

    private static ObjectValue Object(params (string Name, LoweredValue Value)[] properties) =>
        new(properties.Select(p => new LoweredProperty(p.Name, p.Value)).ToValueList());
}

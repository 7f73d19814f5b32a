using System.Text.Json.Nodes;
using Swml.Language.Catalog;
using Swml.Language.Lowering;
using Swml.Runtime.Steps;

namespace Swml.Runtime.Tests;

/// <summary>
/// The catalog is the one description of every method's parameters; the runtime's typed argument
/// classes only say which property holds which parameter. These hold each class to its catalog
/// entry, so a parameter added to the catalog without a property, or bound to a property of the
/// wrong type, fails here instead of reaching a handler as nothing.
/// </summary>
public sealed class ArgumentCatalogTests
{
    public static TheoryData<string> TypedMethods() => new(ArgumentBinding.All.Select(b => b.Method.Name));

    [Fact]
    public void EveryMethodTheRuntimeRunsOnTheCallHasATypedClass()
    {
        var run = MethodCatalog.All.Where(m => m.IsRunBySipRefer && m.Kind == MethodKind.Action).Select(m => m.Name);

        Assert.All(run, name => Assert.NotNull(ArgumentBinding.ForMethod(name)));
        Assert.Null(ArgumentBinding.ForMethod("record"));
        Assert.IsType<JsonArguments>(StepArguments.Create("record", new JsonObject { ["format"] = "wav" }));
    }

    [Theory, MemberData(nameof(TypedMethods))]
    public void EveryParameterOfTheMethodIsHeldByOnePropertyOfASuitableType(string method)
    {
        var binding = ArgumentBinding.ForMethod(method)!;
        var shape = (ObjectShape)binding.Method.Arguments;
        var bound = binding.Properties.SelectMany(p => p.Parameters.Select(parameter => (parameter, p.Property))).ToList();

        Assert.Equal(shape.Properties.Select(p => p.Name).Order(StringComparer.Ordinal), bound.Select(b => b.parameter.Name).Order(StringComparer.Ordinal));
        foreach (var (parameter, property) in bound)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.True(Suits(parameter.Shape, type), $"{binding.Type.Name}.{property.Name} is {type.Name}, which cannot hold '{parameter.Name}' ({parameter.Shape.Description}).");
        }
    }

    [Theory, MemberData(nameof(TypedMethods))]
    public void AValueOfEachParameterGoesInAndComesOutAsItWas(string method)
    {
        var binding = ArgumentBinding.ForMethod(method)!;

        // play takes url or urls, never both: each in an arguments object of its own.
        foreach (var property in binding.Properties)
        {
            foreach (var parameter in property.Parameters)
            {
                var sample = Sample(parameter.Shape);
                var arguments = StepArguments.Create(method, new JsonObject { [parameter.Name] = sample.DeepClone() });
                Assert.IsType(binding.Type, arguments);

                var written = arguments.ToJson()!.AsObject();
                var name = property.Parameters[property.Parameters.Count - 1].Name;
                var expected = parameter.IsSecret ? JsonValue.Create("***") : name == parameter.Name ? sample : new JsonArray(sample.DeepClone());
                Assert.True(JsonNode.DeepEquals(expected, written[name]), $"{method}.{parameter.Name}: {sample.ToJsonString()} came out as {written[name]?.ToJsonString() ?? "nothing"} under '{name}'.");
            }
        }
    }

    [Theory, MemberData(nameof(TypedMethods))]
    public void AParameterLeftOutHasItsCatalogDefault(string method)
    {
        var binding = ArgumentBinding.ForMethod(method)!;
        var built = StepArguments.Create(method, new JsonObject()).ToJson()!.AsObject();
        var constructed = ((StepArguments)Activator.CreateInstance(binding.Type)!).ToJson()!.AsObject();

        foreach (var parameter in ((ObjectShape)binding.Method.Arguments).Properties)
        {
            var expected = Json(ParameterDefaults.LiteralOf(parameter));
            if (expected is not null)
            {
                Assert.True(JsonNode.DeepEquals(expected, built[parameter.Name]), $"{method}.{parameter.Name}: expected its default {expected.ToJsonString()}, got {built[parameter.Name]?.ToJsonString() ?? "nothing"}.");
                Assert.True(JsonNode.DeepEquals(expected, constructed[parameter.Name]), $"new {binding.Type.Name}() lacks the default of {parameter.Name}.");
            }
        }
    }

    [Fact]
    public void SecretsAreNeverWrittenOutAndNonTypedArgumentsAreKeptAsTheyCame()
    {
        var refer = StepArguments.Create("sip_refer", new JsonObject { ["to_uri"] = "sip:a@example.com", ["password"] = "hunter2" });

        Assert.Equal("hunter2", ((SipReferArguments)refer).Password);
        Assert.DoesNotContain("hunter2", refer.ToString(), StringComparison.Ordinal);
        Assert.Equal("***", (string?)refer.ToJson()!["password"]);

        var value = new JsonObject { ["anything"] = new JsonArray(1, 2) };
        Assert.True(JsonNode.DeepEquals(value, ((JsonArguments)StepArguments.Create("user_event", value)).Value));

        // A method without a typed class: its secrets, nested ones too, are masked in ToJson only.
        var connect = JsonNode.Parse("""
            {"to": "sip:a@example.com", "password": "top-level",
             "serial": [{"to": "sip:b@example.com", "username": "bob", "password": "nested"}]}
            """)!;
        var arguments = (JsonArguments)StepArguments.Create("connect", connect);
        Assert.Equal("nested", (string?)arguments.Value!["serial"]![0]!["password"]);
        var written = arguments.ToJson()!.ToJsonString();
        Assert.DoesNotContain("top-level", written, StringComparison.Ordinal);
        Assert.DoesNotContain("nested", written, StringComparison.Ordinal);
        Assert.Contains("\"username\":\"bob\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuesAreConvertedByThePropertysTypeAsSwmlReadsThem()
    {
        var play = (PlayArguments)StepArguments.Create("play", new JsonObject { ["url"] = "say: hi", ["auto_answer"] = "TRUE", ["volume"] = "-3.5" });
        Assert.Equal(new[] { "say: hi" }, play.Urls);
        Assert.True(play.AutoAnswer);
        Assert.Equal(-3.5, play.Volume);

        // An integer beyond 2^53 stays exact.
        var answer = (AnswerArguments)StepArguments.Create("answer", new JsonObject { ["max_duration"] = 9007199254740993L });
        Assert.Equal(9007199254740993L, answer.MaxDuration);

        // A value that is not what the parameter takes leaves its default.
        var request = (RequestArguments)StepArguments.Create("request", new JsonObject { ["url"] = "https://example.com", ["method"] = "GET", ["timeout"] = "soon" });
        Assert.Equal(0, request.Timeout);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("\" TRUE \"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("\"1\"", true)]
    [InlineData("\"yes\"", true)]
    [InlineData("null", true)]
    [InlineData("{}", true)]
    public void ABooleanComputedAtRunTimeIsReadOneWay(string json, bool expected)
    {
        // auto_answer defaults to true: what is no boolean keeps it.
        var play = (PlayArguments)StepArguments.Create("play", new JsonObject { ["url"] = "say: hi", ["auto_answer"] = JsonNode.Parse(json) });

        Assert.Equal(expected, play.AutoAnswer);
    }

    [Theory]
    [InlineData("\"-3.5\"", -3.5)]
    [InlineData("40", 40)]
    [InlineData("1000", 0)]
    [InlineData("-41", 0)]
    [InlineData("\"loud\"", 0)]
    public void ANumberOutsideItsRangeIsAsIfLeftOut(string json, double expected)
    {
        var play = (PlayArguments)StepArguments.Create("play", new JsonObject { ["url"] = "say: hi", ["volume"] = JsonNode.Parse(json) });

        Assert.Equal(expected, play.Volume);
    }

    [Fact]
    public void ThePasswordOfAUrlAndAnAuthorizationHeaderAreNeverWrittenOut()
    {
        var request = StepArguments.Create("request", JsonNode.Parse("""
            {"url": "https://bob:s3cret@api.example.com/x", "method": "POST",
             "headers": {"authorization": "Bearer t0ken", "X-Trace": "1"}}
            """));
        var refer = StepArguments.Create("sip_refer", new JsonObject { ["to_uri"] = "sip:a@example.com", ["status_url"] = "https://u:hook-pw@hooks.example.com/r" });
        var record = StepArguments.Create("record_call", new JsonObject { ["status_url"] = "https://u:other-pw@hooks.example.com/r" });

        var written = string.Join("\n", new[] { request, refer, record }.Select(a => a.ToJson()!.ToJsonString()));
        foreach (var secret in new[] { "s3cret", "t0ken", "hook-pw", "other-pw" })
        {
            Assert.DoesNotContain(secret, written, StringComparison.Ordinal);
        }

        Assert.Contains("https://api.example.com/x", written, StringComparison.Ordinal);
        Assert.Contains("\"X-Trace\":\"1\"", written, StringComparison.Ordinal);
        Assert.Equal("https://bob:s3cret@api.example.com/x", ((RequestArguments)request).Url);
    }

    /// <summary>Whether a property of <paramref name="type"/> can hold every value of <paramref name="shape"/>.</summary>
    private static bool Suits(ValueShape shape, Type type) => shape switch
    {
        // A list holds one string as a list of one (play's url fills Urls).
        StringShape => type == typeof(string) || type == typeof(IReadOnlyList<string>),
        BooleanShape => type == typeof(bool),
        IntegerShape => type == typeof(long),
        NumberShape => type == typeof(double),
        ArrayShape { Items: StringShape } => type == typeof(IReadOnlyList<string>),
        ObjectShape => type == typeof(JsonObject) || type == typeof(JsonNode),
        _ => type == typeof(JsonNode),
    };

    /// <summary>A valid value of a shape that is not its default, so a value that was dropped shows.</summary>
    private static JsonNode Sample(ValueShape shape) => shape switch
    {
        StringShape { Values: { Count: > 0 } values } => JsonValue.Create(values[values.Count - 1]),
        StringShape { Format: StringFormat.HttpUrl } => JsonValue.Create("https://example.com/hook"),
        StringShape { Format: StringFormat.SipUri } => JsonValue.Create("sip:desk@example.com"),
        StringShape { Format: StringFormat.PlayUrl } => JsonValue.Create("say: sample"),
        StringShape => JsonValue.Create("sample"),
        BooleanShape => JsonValue.Create(false),
        IntegerShape integer => JsonValue.Create(integer.Minimum is { } min && min > 7 ? min : 7L),
        NumberShape => JsonValue.Create(1.5),
        ArrayShape array => new JsonArray(Sample(array.Items)),
        UnionShape union => Sample(union.Alternatives[0]),
        _ => new JsonObject { ["key"] = "value" },
    };

    private static JsonNode? Json(LoweredValue? value) => value switch
    {
        BoolValue flag => JsonValue.Create(flag.Value),
        IntegerValue integer => JsonValue.Create(integer.Value),
        NumberValue number => JsonValue.Create(number.Value),
        TextValue text => JsonValue.Create(text.Template.LiteralText),
        ArrayValue array => new JsonArray(array.Items.Select(Json).ToArray()),
        _ => null,
    };
}

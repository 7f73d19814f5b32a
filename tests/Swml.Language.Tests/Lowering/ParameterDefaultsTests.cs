using Swml.Language.Catalog;
using Swml.Language.Lowering;
using static Swml.Language.Catalog.Shapes;

namespace Swml.Language.Tests.Lowering;

/// <summary>How a catalog default written as text becomes the value a step runs with, and how a computed integer is held to its range.</summary>
public sealed class ParameterDefaultsTests
{
    public static TheoryData<string, ValueShape, LoweredValue?> Literals() => new()
    {
        { "true", Bool, new BoolValue(true) },
        { "yes", Bool, null },
        { "14400", Integer, new IntegerValue(14400) },
        { "101", Int(1, 100), null },
        { "5.0", Number, new NumberValue(5.0) },
        { "0", Number, new IntegerValue(0) },
        { "41", Num(-40, 40), null },
        { "wav", Enum("wav", "mp3"), new TextValue(Template.Literal("wav")) },
        { "ogg", Enum("wav", "mp3"), null },
        { "#", Str, new TextValue(Template.Literal("#")) },
        { "[ended, answered]", ListOf(Enum("ended", "answered")), new ArrayValue(ValueList.Of<LoweredValue>(new TextValue(Template.Literal("ended")), new TextValue(Template.Literal("answered")))) },
        { "[]", ListOf(Str), new ArrayValue(ValueList<LoweredValue>.Empty) },
        { "ended", ListOf(Str), null },
        { "7", OneOf(Bool, Integer), new IntegerValue(7) },
    };

    [Theory, MemberData(nameof(Literals))]
    public void ADefaultIsReadByItsParametersShape(string text, ValueShape shape, LoweredValue? expected) =>
        Assert.Equal(expected, ParameterDefaults.Literal(text, shape));

    [Fact]
    public void AParameterAVariableStandsInForReadsTheVariableFirst()
    {
        var play = (ObjectShape)MethodCatalog.Find("play")!.Arguments;

        Assert.Equal(new Coalesce(new TextValue(Template.Variable("say_voice")), new TextValue(Template.Literal("Polly.Salli"))), ParameterDefaults.Of(play.Find("say_voice")!));
        Assert.Equal(new TextValue(Template.Literal("Polly.Salli")), ParameterDefaults.LiteralOf(play.Find("say_voice")!));
        Assert.Equal(new BoolValue(true), ParameterDefaults.Of(play.Find("auto_answer")!));
        Assert.Null(ParameterDefaults.Of(play.Find("url")!));
    }

    [Theory]
    [InlineData(null, 7)]
    [InlineData(double.NaN, 7)]
    [InlineData(2.9, 2)]
    [InlineData(1.0, 1)]
    [InlineData(100.5, 100)]
    [InlineData(0.5, 7)]
    [InlineData(-3.0, 7)]
    [InlineData(101.0, 7)]
    [InlineData(4294967297.0, 7)]
    [InlineData(1e300, 7)]
    public void AComputedIntegerOutsideItsRangeIsAsIfLeftOut(double? number, long expected) =>
        Assert.Equal(expected, IntegerArgument.Resolve(number, 7, 1, 100));

    [Fact]
    public void TheWholeLongRangeResolvesWithoutOverflow()
    {
        Assert.Equal(-1, IntegerArgument.Resolve(-1, 0, -1, long.MaxValue));
        Assert.Equal(0, IntegerArgument.Resolve(-5, 0, -1, long.MaxValue));
        Assert.Equal(4_000_000_000_000L, IntegerArgument.Resolve(4e12, 0, -1, long.MaxValue));
        Assert.Equal(0, IntegerArgument.Resolve(1e19, 0, -1, long.MaxValue));
    }

    [Fact]
    public void AnIntegerWrittenInTheDocumentIsKnownBeforeTheRun()
    {
        Assert.Equal(3, new IntegerArgument(new IntegerValue(3), 100, 1, 100).Constant);
        Assert.Equal(100, new IntegerArgument(NullValue.Instance, 100, 1, 100).Constant);
        Assert.Null(new IntegerArgument(new TextValue(Template.Literal("5")), 100, 1, 100).Constant);
    }
}

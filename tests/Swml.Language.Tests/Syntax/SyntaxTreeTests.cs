using Swml.Language.Diagnostics;
using Swml.Language.Syntax;

namespace Swml.Language.Tests.Syntax;

public sealed class SyntaxTreeTests
{
    [Fact]
    public void EveryKeyAndValueKeepsItsOneBasedSpan()
    {
        var tree = SwmlSyntaxTree.Parse("version: 1.0.0\nsections:\n  main:\n    - play: {url: \"say:hi\"}\n");
        var root = Assert.IsType<MappingNode>(tree.Root);

        var sections = root.Find("sections")!;
        Assert.Equal((2, 1, 2, 9), Span(sections.Key));
        var main = ((MappingNode)sections.Value).Find("main")!;
        var step = (MappingNode)((SequenceNode)main.Value).Items[0];
        var url = ((MappingNode)step["play"]!).Find("url")!;
        Assert.Equal((4, 14, 4, 17), Span(url.Key));
        Assert.Equal((4, 19, 4, 27), Span(url.Value));
        Assert.Equal("say:hi", ((ScalarNode)url.Value).Value);
        Assert.Empty(tree.Diagnostics);
    }

    [Fact]
    public void OffsetsAgreeWithLinesAndColumnsAcrossCrLfLineBreaks()
    {
        var text = "a: 1\r\nb: 'two'\r\n";
        var tree = SwmlSyntaxTree.Parse(text);
        var b = ((MappingNode)tree.Root!).Find("b")!;

        Assert.Equal((2, 4, 2, 9), Span(b.Value));
        Assert.Equal("'two'", text.Substring(b.Value.Span.Start.Offset, b.Value.Span.Length));
    }

    [Fact]
    public void JsonParsesWithTabsAndEscapes()
    {
        var tree = SwmlSyntaxTree.Parse("{\n\t\"a\": \"x\\/y\\u00e9\",\n\t\"b\": [1, 2.5, true, null]\n}");
        var root = (MappingNode)tree.Root!;

        Assert.Empty(tree.Diagnostics);
        Assert.Equal("x/yé", ((ScalarNode)root["a"]!).Value);
        var items = ((SequenceNode)root["b"]!).Items.Cast<ScalarNode>().Select(s => s.Type).ToArray();
        Assert.Equal(new[] { ScalarType.Integer, ScalarType.Float, ScalarType.Boolean, ScalarType.Null }, items);
    }

    [Theory]
    [InlineData("1.0.0", ScalarType.String)]
    [InlineData("'5'", ScalarType.String)]
    [InlineData("5", ScalarType.Integer)]
    [InlineData("-12", ScalarType.Integer)]
    [InlineData("0x1F", ScalarType.Integer)]
    [InlineData("+15551234567", ScalarType.Integer)]
    [InlineData("2.5e3", ScalarType.Float)]
    [InlineData(".inf", ScalarType.Float)]
    [InlineData("yes", ScalarType.String)]
    [InlineData("True", ScalarType.Boolean)]
    [InlineData("~", ScalarType.Null)]
    [InlineData("", ScalarType.Null)]
    [InlineData("say:hi", ScalarType.String)]
    public void PlainScalarsResolveByTheYaml12CoreSchema(string value, ScalarType expected)
    {
        var tree = SwmlSyntaxTree.Parse("k: " + value + "\n");
        Assert.Equal(expected, ((ScalarNode)((MappingNode)tree.Root!)["k"]!).Type);
    }

    [Fact]
    public void AnchorsAliasesAndMergeKeysWork()
    {
        var tree = SwmlSyntaxTree.Parse("base: &b {url: 'say:hi', volume: 1}\nuse: *b\nmerged:\n  <<: *b\n  volume: 5\n");
        var root = (MappingNode)tree.Root!;

        Assert.Empty(tree.Diagnostics);
        Assert.Same(root["base"], root["use"]);
        var merged = (MappingNode)root["merged"]!;
        Assert.Equal("5", ((ScalarNode)merged["volume"]!).Value);
        Assert.Equal("say:hi", ((ScalarNode)merged["url"]!).Value);
        Assert.Equal(new[] { "volume", "url" }, merged.Entries.Select(e => e.Name));
    }

    [Fact]
    public void MergeKeysFromSeveralMappingsLetTheFirstWin()
    {
        var tree = SwmlSyntaxTree.Parse("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n");
        var c = (MappingNode)((MappingNode)tree.Root!)["c"]!;

        Assert.Equal("1", ((ScalarNode)c["x"]!).Value);
        Assert.Equal("2", ((ScalarNode)c["y"]!).Value);
    }

    [Fact]
    public void AByteOrderMarkIsNotPartOfTheFirstKey()
    {
        var tree = SwmlSyntaxTree.Parse("\uFEFFsections: {}\n");
        Assert.NotNull(((MappingNode)tree.Root!).Find("sections"));
    }

    [Fact]
    public void ADuplicateKeyKeepsTheFirstValue()
    {
        var tree = SwmlSyntaxTree.Parse("a: 1\na: 2\n");

        var diagnostic = Assert.Single(tree.Diagnostics);
        Assert.Equal(DiagnosticDescriptors.DuplicateKey.Id, diagnostic.Id);
        Assert.Equal("1", ((ScalarNode)((MappingNode)tree.Root!)["a"]!).Value);
    }

    [Fact]
    public void ADeepFlowSequenceIsRejectedWithoutRecursion()
    {
        var text = "a: " + new string('[', 100_000) + new string(']', 100_000);
        var tree = SwmlSyntaxTree.Parse(text);

        Assert.Null(tree.Root);
        Assert.Equal(DiagnosticDescriptors.NestingTooDeep.Id, Assert.Single(tree.Diagnostics).Id);
    }

    [Fact]
    public void TextOverTheSizeLimitIsRejectedBeforeParsing()
    {
        var tree = SwmlSyntaxTree.Parse("a: 1\n", options: new SwmlParseOptions { MaxTextLength = 3 });

        Assert.Null(tree.Root);
        Assert.Equal(DiagnosticDescriptors.DocumentTooLarge.Id, Assert.Single(tree.Diagnostics).Id);
    }

    private static (int, int, int, int) Span(SyntaxNode node) =>
        (node.Span.Start.Line, node.Span.Start.Column, node.Span.End.Line, node.Span.End.Column);
}

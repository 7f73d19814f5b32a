namespace Swml.Language.Tests.Infrastructure;

public sealed class MarkupTests
{
    [Fact]
    public void Markers_are_removed_and_interpolations_stay_literal()
    {
        var markup = Markup.Parse("url: \"say: {|${sip_refer_reslt}|}\"");

        Assert.Equal("url: \"say: ${sip_refer_reslt}\"", markup.Text);
        var span = Assert.Single(markup.Spans);
        Assert.Null(span.Id);
        Assert.Equal(new MarkedPosition(1, 12, 11), span.Start);
        Assert.Equal(new MarkedPosition(1, 30, 29), span.End);
    }

    [Fact]
    public void A_marker_can_name_its_diagnostic_and_markers_can_nest()
    {
        var markup = Markup.Parse("a: {|{|SWML0205:*x|}|}\nb: {|SWML0404:c|}");

        Assert.Equal("a: *x\nb: c", markup.Text);
        Assert.Equal(["(1,4)-(1,6) ", "(1,4)-(1,6) SWML0205", "(2,4)-(2,5) SWML0404"], markup.Spans.Select(s => $"{s} {s.Id}").OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public void An_empty_marker_is_an_empty_span_and_flow_braces_are_left_alone()
    {
        var markup = Markup.Parse("{a: {}}{||}");

        Assert.Equal("{a: {}}", markup.Text);
        Assert.Equal("(1,8)-(1,8)", Assert.Single(markup.Spans).ToString());
    }

    [Theory]
    [InlineData("a\nb{|c|}", 2, 2)]
    [InlineData("a\r\nb{|c|}", 2, 2)]
    [InlineData("a\rb{|c|}", 2, 2)]
    [InlineData("a\u2028b{|c|}", 2, 2)]
    [InlineData("a\tb{|c|}", 1, 4)]
    public void Lines_and_columns_follow_every_line_break(string markup, int line, int column)
    {
        var start = Assert.Single(Markup.Parse(markup).Spans).Start;

        Assert.Equal((line, column), (start.Line, start.Column));
    }

    [Theory]
    [InlineData("a {|b")]
    [InlineData("a b|}")]
    public void Unbalanced_markers_are_a_mistake_in_the_test(string markup)
    {
        Assert.Throws<ArgumentException>(() => Markup.Parse(markup));
    }
}

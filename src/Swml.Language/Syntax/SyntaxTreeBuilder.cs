using Swml.Language.Diagnostics;
using Swml.Language.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlScalarStyle = YamlDotNet.Core.ScalarStyle;

namespace Swml.Language.Syntax;

/// <summary>
/// Builds a <see cref="SyntaxNode"/> tree from YamlDotNet's event stream. Events, not the
/// representation model, because only events let us see duplicate keys, a second document and
/// exact positions; the builder keeps its own stack, so nesting never recurses.
/// </summary>
internal sealed class SyntaxTreeBuilder
{
    private const string MergeKey = "<<";
    private const string StringTag = "tag:yaml.org,2002:str";

    private readonly LineMap _lines;
    private readonly DiagnosticBag _diagnostics;
    private readonly SwmlParseOptions _options;
    private readonly Dictionary<string, SyntaxNode> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _stack = new();

    // Alias-expanded size of each node, so the node budget counts a node once per place it appears.
    private readonly Dictionary<SyntaxNode, long> _expandedSize = new(ReferenceComparer.Instance);

    private SyntaxNode? _root;

    // Set when a limit is reached: the rest of the input is not read.
    private bool _fatal;

    private SyntaxTreeBuilder(LineMap lines, DiagnosticBag diagnostics, SwmlParseOptions options)
    {
        _lines = lines;
        _diagnostics = diagnostics;
        _options = options;
    }

    public static SyntaxNode? Build(LineMap lines, DiagnosticBag diagnostics, SwmlParseOptions options)
    {
        var builder = new SyntaxTreeBuilder(lines, diagnostics, options);
        return builder.Run();
    }

    private SyntaxNode? Run()
    {
        var documents = 0;
        var lastGood = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(_lines.Text));
            while (parser.MoveNext())
            {
                lastGood = parser.Current!.End;
                switch (parser.Current)
                {
                    case DocumentStart start:
                        if (++documents > 1)
                        {
                            _diagnostics.Report(DiagnosticDescriptors.MultipleDocuments, Span(start.Start, start.End, minLength: 3));
                            return _root;
                        }

                        break;
                    case Scalar scalar:
                        Add(CreateScalar(scalar), scalar.Anchor);
                        break;
                    case AnchorAlias alias:
                        Add(ResolveAlias(alias), AnchorName.Empty);
                        break;
                    case MappingStart mapping:
                        if (!Push(new Frame(isMapping: true, mapping.Start, mapping.Anchor, mapping.Style == MappingStyle.Flow)))
                        {
                            return null;
                        }

                        break;
                    case SequenceStart sequence:
                        if (!Push(new Frame(isMapping: false, sequence.Start, sequence.Anchor, sequence.Style == SequenceStyle.Flow)))
                        {
                            return null;
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        var frame = _stack.Pop();
                        Add(frame.Complete(this, parser.Current.Start), frame.Anchor);
                        break;
                }

                if (_fatal)
                {
                    return null;
                }
            }
        }
        catch (YamlException ex)
        {
            ReportYamlException(ex);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A YamlDotNet defect must not take the caller down; report it where parsing stopped.
            _diagnostics.Report(DiagnosticDescriptors.SyntaxError, Span(lastGood, lastGood, minLength: 1), $"the YAML parser failed after this point: {ex.Message}");
            return null;
        }

        if (documents == 0 || _root is null)
        {
            _diagnostics.Report(DiagnosticDescriptors.EmptyDocument, _lines.GetSpan(0, 0));
        }

        return _root;
    }

    private bool Push(Frame frame)
    {
        if (_stack.Count >= _options.MaxDepth)
        {
            _diagnostics.Report(DiagnosticDescriptors.NestingTooDeep, Span(frame.StartMark, frame.StartMark, minLength: 1), _options.MaxDepth);
            _fatal = true;
            return false;
        }

        _stack.Push(frame);
        return true;
    }

    private void Add(SyntaxNode node, AnchorName anchor)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        if (!CountNodes(node))
        {
            return;
        }

        if (_stack.Count == 0)
        {
            _root = node;
            return;
        }

        _stack.Peek().Add(this, node);
    }

    private bool CountNodes(SyntaxNode node)
    {
        long size = 1;
        switch (node)
        {
            case MappingNode mapping:
                foreach (var entry in mapping.Entries)
                {
                    size += 1 + SizeOf(entry.Value);
                }

                break;
            case SequenceNode sequence:
                foreach (var item in sequence.Items)
                {
                    size += SizeOf(item);
                }

                break;
        }

        _expandedSize[node] = size;
        if (size > _options.MaxNodes && !_fatal)
        {
            _diagnostics.Report(
                DiagnosticDescriptors.DocumentTooLarge,
                node.Span,
                $"it expands to more than {_options.MaxNodes:N0} nodes (are aliases repeating a large node?)");
            _fatal = true;
            return false;
        }

        return true;
    }

    private long SizeOf(SyntaxNode node) => _expandedSize.TryGetValue(node, out var size) ? size : 1;

    private ScalarNode CreateScalar(Scalar scalar)
    {
        var style = scalar.Style switch
        {
            YamlScalarStyle.SingleQuoted => ScalarStyle.SingleQuoted,
            YamlScalarStyle.DoubleQuoted => ScalarStyle.DoubleQuoted,
            YamlScalarStyle.Literal => ScalarStyle.Literal,
            YamlScalarStyle.Folded => ScalarStyle.Folded,
            _ => ScalarStyle.Plain,
        };
        var explicitString = !scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == StringTag;
        var type = ScalarNode.Resolve(scalar.Value, style, explicitString);
        return new ScalarNode(Span(scalar.Start, scalar.End), scalar.Value, style, type);
    }

    private SyntaxNode ResolveAlias(AnchorAlias alias)
    {
        if (_anchors.TryGetValue(alias.Value.Value, out var node))
        {
            return node;
        }

        var span = Span(alias.Start, alias.End);
        _diagnostics.Report(DiagnosticDescriptors.UnknownAlias, span, alias.Value.Value);
        return new ScalarNode(span, string.Empty, ScalarStyle.Plain, ScalarType.Null);
    }

    private void ReportYamlException(YamlException ex)
    {
        var message = ex.Message.Trim();
        if (message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 && FindTabIndentation() is { } tab)
        {
            // YamlDotNet reports tab indentation at the start of the enclosing mapping; point at the tab itself.
            _diagnostics.Report(DiagnosticDescriptors.TabIndentation, tab);
            return;
        }

        _diagnostics.Report(DiagnosticDescriptors.SyntaxError, Span(ex.Start, ex.End, minLength: 1), DescribeYamlError(message));
    }

    private static string DescribeYamlError(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the span says that already.
        var marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker > 0)
        {
            message = message.Substring(marker + 3);
        }

        message = string.Join(" ", message.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
        return message.Length == 0 ? "invalid YAML" : char.ToLowerInvariant(message[0]) + message.Substring(1);
    }

    /// <summary>
    /// The first tab in a line's leading whitespace. Lines with content come first; a line of only
    /// white space is the answer when no other line has one, since YamlDotNet rejects those too.
    /// </summary>
    private SourceSpan? FindTabIndentation()
    {
        SourceSpan? blankLineTab = null;
        for (var line = 1; line <= _lines.LineCount; line++)
        {
            var content = _lines.GetLineText(line);
            for (var column = 0; column < content.Length; column++)
            {
                var c = content[column];
                if (c == '\t')
                {
                    var start = _lines.GetPosition(line, column + 1);
                    var tab = new SourceSpan(start, _lines.GetPosition(start.Offset + 1));
                    if (content.Trim().Length > 0)
                    {
                        return tab;
                    }

                    blankLineTab ??= tab;
                    break;
                }

                if (c != ' ')
                {
                    break;
                }
            }
        }

        return blankLineTab;
    }

    internal SourceSpan Span(Mark start, Mark end, int minLength = 0)
    {
        // A mark's Index is its character offset. Its Line and Column can name a line after the last
        // one (at the end of a text without a final line break), which would clamp to that line's start.
        var startPosition = _lines.GetPosition((int)Math.Min(start.Index, int.MaxValue));
        var endPosition = _lines.GetPosition((int)Math.Min(end.Index, int.MaxValue));
        if (endPosition.Offset < startPosition.Offset)
        {
            endPosition = startPosition;
        }

        if (endPosition.Offset - startPosition.Offset < minLength)
        {
            endPosition = _lines.GetPosition(Math.Min(_lines.Text.Length, startPosition.Offset + minLength));
            if (endPosition.Line != startPosition.Line)
            {
                endPosition = startPosition;
            }
        }

        return new SourceSpan(startPosition, endPosition);
    }

    private void ReportDuplicate(ScalarNode key, ScalarNode first) =>
        _diagnostics.Report(DiagnosticDescriptors.DuplicateKey, key.Span, key.Value, first.Span.Start.Line);

    private void ReportInvalidKey(SyntaxNode key) =>
        _diagnostics.Report(DiagnosticDescriptors.InvalidKey, key.Span, key.Describe());

    private void ReportInvalidMerge(SyntaxNode value) =>
        _diagnostics.Report(DiagnosticDescriptors.InvalidMergeKey, value.Span, value.Describe());

    /// <summary>A mapping or sequence being read.</summary>
    private sealed class Frame
    {
        private readonly List<SyntaxNode> _items = new();
        private readonly List<MappingEntry> _entries = new();
        private readonly Dictionary<string, ScalarNode> _keys = new(StringComparer.Ordinal);
        private readonly List<MappingNode> _merges = new();
        private readonly bool _isFlow;
        private ScalarNode? _pendingKey;
        private bool _pendingKeyInvalid;
        private bool _expectingKey = true;

        // The end of the furthest node read inside this collection, dropped ones included.
        private SourcePosition? _lastEnd;

        public Frame(bool isMapping, Mark start, AnchorName anchor, bool isFlow)
        {
            IsMapping = isMapping;
            StartMark = start;
            Anchor = anchor;
            _isFlow = isFlow;
        }

        public bool IsMapping { get; }

        public Mark StartMark { get; }

        public AnchorName Anchor { get; }

        public void Add(SyntaxTreeBuilder builder, SyntaxNode node)
        {
            if (_lastEnd is not { } end || node.Span.End.Offset > end.Offset)
            {
                _lastEnd = node.Span.End;
            }

            if (!IsMapping)
            {
                _items.Add(node);
                return;
            }

            if (_expectingKey)
            {
                _expectingKey = false;
                _pendingKeyInvalid = node is not ScalarNode { IsNull: false };
                _pendingKey = node as ScalarNode;
                if (_pendingKeyInvalid)
                {
                    builder.ReportInvalidKey(node);
                }

                return;
            }

            _expectingKey = true;
            var key = _pendingKey;
            _pendingKey = null;
            if (_pendingKeyInvalid || key is null)
            {
                return;
            }

            if (key.Style == ScalarStyle.Plain && key.Value == MergeKey)
            {
                AddMerge(builder, node);
                return;
            }

            if (_keys.TryGetValue(key.Value, out var first))
            {
                builder.ReportDuplicate(key, first);
                return;
            }

            _keys.Add(key.Value, key);
            _entries.Add(new MappingEntry(key, node));
        }

        private void AddMerge(SyntaxTreeBuilder builder, SyntaxNode value)
        {
            switch (value)
            {
                case MappingNode mapping:
                    _merges.Add(mapping);
                    break;
                case SequenceNode sequence when sequence.Items.All(i => i is MappingNode):
                    _merges.AddRange(sequence.Items.Cast<MappingNode>());
                    break;
                default:
                    builder.ReportInvalidMerge(value);
                    break;
            }
        }

        public SyntaxNode Complete(SyntaxTreeBuilder builder, Mark endMark)
        {
            // Block collections end where their last child ends, counting keys, merge values and
            // dropped entries (a node reached through an alias keeps its anchor's earlier span);
            // flow ones after the closing bracket.
            var start = builder.Span(StartMark, StartMark).Start;
            var last = _lastEnd;
            var end = _isFlow ? builder.Span(endMark, endMark, minLength: 1).End : last ?? start;
            if (last is { } lastEnd && lastEnd.Offset > end.Offset)
            {
                end = lastEnd;
            }

            var span = new SourceSpan(start, end.Offset < start.Offset ? start : end);
            if (!IsMapping)
            {
                return new SequenceNode(span, _items.ToArray());
            }

            // Merged keys come after the mapping's own and never override them (YAML merge key spec);
            // of several merged mappings, the first listed wins.
            foreach (var merged in _merges)
            {
                foreach (var entry in merged.Entries)
                {
                    if (!_keys.ContainsKey(entry.Key.Value))
                    {
                        _keys.Add(entry.Key.Value, entry.Key);
                        _entries.Add(entry);
                    }
                }
            }

            return new MappingNode(span, _entries.ToArray());
        }
    }
}

using System.Threading;
using Swml.Generators.Helpers;
using Swml.Generators.Model;
using Swml.Language.Binding;
using Swml.Language.Catalog;
using Swml.Language.Diagnostics;
using Swml.Language.Expressions;
using Swml.Language.Syntax;

namespace Swml.Generators;

public sealed partial class SwmlGenerator
{
    /// <summary>
    /// Reads one .swml file with Swml.Language (the same parser, validator and diagnostics as
    /// swml check) and turns the bound document into a <see cref="FlowSpec"/>. Only this class
    /// touches Swml.Language's syntax and symbols; what it returns is plain, equatable data.
    /// </summary>
    internal sealed class Parser
    {
        // Members every flow class has; a typed variable property may not take their names.
        private static readonly HashSet<string> ReservedMembers = new(StringComparer.Ordinal)
        {
            "Section", "SourcePath", "NameOf", "Definition", "Context", "RunAsync", "BuildDefinition", "GetString", "GetValue",
            "Text", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals",
        };

        private readonly SwmlDocument _document;
        private readonly SwmlInput _input;
        private readonly Dictionary<string, VariableSpec> _variables = new(StringComparer.Ordinal);
        private readonly List<string> _scripts = new();
        private readonly Dictionary<string, string> _sectionMembers = new(StringComparer.Ordinal);
        private readonly HashSet<string> _stateMembers = new(StringComparer.Ordinal);

        private Parser(SwmlDocument document, SwmlInput input)
        {
            _document = document;
            _input = input;
        }

        public static FlowModel Parse(SwmlInput input, CancellationToken cancellationToken)
        {
            if (input.Text is null)
            {
                var nowhere = new LocationInfo(input.Path, 0, 0, 1, 1, 1, 1);
                return new FlowModel(null, new[] { new DiagnosticInfo(DiagnosticDescriptors.SyntaxError.Id, "the file could not be read", nowhere) }.ToEquatableArray());
            }

            var document = SwmlDocument.Parse(input.Text, input.Path);
            cancellationToken.ThrowIfCancellationRequested();
            var diagnostics = document.Diagnostics
                .Select(d => new DiagnosticInfo(d.Id, d.Message, LocationInfo.From(input.Path, d.Span)))
                .ToEquatableArray();
            if (document.HasErrors)
            {
                return new FlowModel(null, diagnostics);
            }

            return new FlowModel(new Parser(document, input).Build(), diagnostics);
        }

        private FlowSpec Build()
        {
            DeclareVariables();
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var section in _document.Sections)
            {
                _sectionMembers[section.Name] = Unique(Names.ToPascalCase(section.Name), used);
            }

            var sections = _document.Sections
                .Select(s => new SectionSpec(s.Name, _sectionMembers[s.Name], Block(s.Body)))
                .ToEquatableArray();
            var names = _document.AllSteps().SelectMany(s => s.DefinedVariables).Distinct(StringComparer.Ordinal).ToEquatableArray();
            return new FlowSpec(
                _input.Namespace,
                _input.ClassName,
                _input.HintName,
                _input.Path,
                _input.RelativePath.Replace('\\', '/'),
                sections,
                _variables.Values.OrderBy(v => v.Name, StringComparer.Ordinal).ToEquatableArray(),
                names,
                _scripts.ToEquatableArray());
        }

        /// <summary>A typed property for every variable the document can read: the outputs of its methods and its set keys.</summary>
        private void DeclareVariables()
        {
            var used = new HashSet<string>(ReservedMembers, StringComparer.Ordinal) { _input.ClassName };
            foreach (var step in _document.AllSteps())
            {
                if (step.Method is { } method)
                {
                    foreach (var output in method.Outputs)
                    {
                        Declare(output.Name, output.Type == VariableType.String, $"Set by {method.Name}: {output.Description}", used);
                    }
                }

                if (step.MethodName == "set")
                {
                    foreach (var name in step.DefinedVariables)
                    {
                        Declare(name, isText: false, "Set by a set step.", used);
                    }
                }
            }
        }

        private void Declare(string name, bool isText, string description, HashSet<string> used)
        {
            if (_variables.TryGetValue(name, out var existing))
            {
                // Set by a method as text and by set as any value: read it as any value.
                if (existing.IsText && !isText)
                {
                    _variables[name] = existing with { IsText = false };
                }

                return;
            }

            _variables[name] = new VariableSpec(name, Unique(Names.ToPascalCase(name), used), isText, description);
        }

        private static string Unique(string name, HashSet<string> used)
        {
            var candidate = name;
            for (var i = 2; !used.Add(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        private BlockSpec Block(StepBlock block) => new(block.Steps.Select(Step).ToEquatableArray());

        private BlockSpec? Nested(StepSymbol owner, SyntaxNode? node) =>
            node is SequenceNode sequence && owner.Blocks.FirstOrDefault(b => ReferenceEquals(b.Node, sequence)) is { } block
                ? Block(block)
                : null;

        private StepSpec Step(StepSymbol step)
        {
            // Unique: case keys a-b and a_b give the same identifier.
            var member = Unique(
                $"{_sectionMembers[step.Section.Name]}_{Names.Identifier(step.Path.Replace('/', '_')).TrimStart('_')}_{Names.ToPascalCase(step.MethodName)}",
                _stateMembers);
            var spec = new StepSpec(KindOf(step.MethodName), step.MethodName, step.Section.Name, step.Path, member);
            var arguments = step.Arguments;
            switch (spec.Kind)
            {
                case StepKind.Label:
                    return spec with { LabelName = ((ScalarNode)arguments).Value };
                case StepKind.Goto:
                    return spec with
                    {
                        Target = Value(step.GetParameter("label"), step),
                        When = step.GetParameter("when") is ScalarNode when ? Condition(when, step) : null,
                        Max = step.GetParameter("max") is { } max ? Value(max, step) : null,
                    };
                case StepKind.Execute:
                    return spec with
                    {
                        Target = Value(step.GetParameter("dest"), step),
                        Parameters = step.GetParameter("params") is { } p ? Value(p, step) : null,
                        OnReturn = Nested(step, step.GetParameter("on_return")),
                        Result = Result(step, step.GetParameter("result")),
                    };
                case StepKind.Transfer:
                    return spec with
                    {
                        Target = Value(step.GetParameter("dest"), step),
                        Parameters = step.GetParameter("params") is { } tp ? Value(tp, step) : null,
                    };
                case StepKind.Cond:
                    return spec with { Branches = Branches(step, (SequenceNode)arguments) };
                case StepKind.Switch:
                    var choice = (MappingNode)arguments;
                    return spec with
                    {
                        Variable = ((ScalarNode)choice["variable"]!).Value,
                        Cases = Cases(step, choice["case"]),
                        Default = Nested(step, choice["default"]),
                    };
                case StepKind.Set:
                    return spec with
                    {
                        Assignments = ((MappingNode)arguments).Entries
                            .Select(e => new AssignmentSpec(VarName(e.Name), Value(e.Value, step)))
                            .ToEquatableArray(),
                    };
                case StepKind.Unset:
                    var names = arguments is SequenceNode list ? list.Items.Cast<ScalarNode>().Select(n => n.Value) : new[] { ((ScalarNode)arguments).Value };
                    return spec with { Names = names.Select(VarName).ToEquatableArray() };
                case StepKind.Return:
                    return spec with { Value = Value(arguments, step) };
                case StepKind.Hangup:
                    return spec with { Value = step.GetParameter("reason") is { } reason ? Value(reason, step) : null };
                case StepKind.Sleep:
                    return spec with { Value = Value(step.GetParameter("duration"), step) };
                default:
                    return spec with { Value = Value(arguments, step, interpolate: step.Method?.IsAiMethod != true) };
            }
        }

        private static StepKind KindOf(string method) => method switch
        {
            "label" => StepKind.Label,
            "goto" => StepKind.Goto,
            "execute" => StepKind.Execute,
            "transfer" => StepKind.Transfer,
            "cond" => StepKind.Cond,
            "switch" => StepKind.Switch,
            "set" => StepKind.Set,
            "unset" => StepKind.Unset,
            "return" => StepKind.Return,
            "hangup" => StepKind.Hangup,
            "sleep" => StepKind.Sleep,
            _ => StepKind.Action,
        };

        private static string VarName(string name) => name.StartsWith("vars.", StringComparison.Ordinal) ? name.Substring(5) : name;

        private EquatableArray<BranchSpec> Branches(StepSymbol owner, SequenceNode entries) =>
            entries.Items.Cast<MappingNode>().Select(entry =>
            {
                var when = entry["when"] as ScalarNode;
                var then = Nested(owner, entry["then"]) ?? BlockSpec.Empty;
                var otherwise = Nested(owner, entry["else"]);
                return when is null
                    ? new BranchSpec(null, otherwise ?? BlockSpec.Empty, null)
                    : new BranchSpec(Condition(when, owner), then, otherwise);
            }).ToEquatableArray();

        private EquatableArray<CaseSpec> Cases(StepSymbol owner, SyntaxNode? node) =>
            (node as MappingNode)?.Entries
                .Select(e => new CaseSpec(e.Name, Nested(owner, e.Value) ?? BlockSpec.Empty))
                .ToEquatableArray() ?? EquatableArray<CaseSpec>.Empty;

        private ResultSpec? Result(StepSymbol owner, SyntaxNode? node) => node switch
        {
            SequenceNode entries => new ResultSpec(true, "return_value", EquatableArray<CaseSpec>.Empty, null, Branches(owner, entries)),
            MappingNode choice => new ResultSpec(
                false,
                (choice["variable"] as ScalarNode)?.Value ?? "return_value",
                Cases(owner, choice["case"]),
                Nested(owner, choice["default"]),
                EquatableArray<BranchSpec>.Empty),
            _ => null,
        };

        /// <summary>A raw JavaScript field; fixed code is prepared once, code with ${...} at each run.</summary>
        private ConditionSpec Condition(ScalarNode node, StepSymbol step)
        {
            var text = (TextSpec)Value(node, step);
            return new ConditionSpec(text, text.IsLiteral ? ScriptIndex(node.Value) : -1);
        }

        private int ScriptIndex(string code)
        {
            var index = _scripts.IndexOf(code);
            if (index < 0)
            {
                _scripts.Add(code);
                index = _scripts.Count - 1;
            }

            return index;
        }

        private ValueSpec Value(SyntaxNode? node, StepSymbol step, bool interpolate = true)
        {
            switch (node)
            {
                case null:
                    return NullSpec.Instance;
                case ScalarNode scalar:
                    return scalar.Type switch
                    {
                        ScalarType.Null => NullSpec.Instance,
                        ScalarType.Boolean => new BoolSpec(scalar.TryGetBoolean(out var b) && b),
                        ScalarType.Integer when scalar.TryGetInt64(out var integer) => new IntegerSpec(integer),
                        ScalarType.Integer or ScalarType.Float when scalar.TryGetDouble(out var number) && !double.IsNaN(number) && !double.IsInfinity(number) => new NumberSpec(number),
                        _ => interpolate ? Text(scalar, step) : TextSpec.Literal(scalar.Value),
                    };
                case MappingNode mapping:
                    return new ObjectSpec(mapping.Entries.Select(e => new PropertySpec(e.Name, Value(e.Value, step, interpolate))).ToEquatableArray());
                case SequenceNode sequence:
                    return new ArraySpec(sequence.Items.Select(i => Value(i, step, interpolate)).ToEquatableArray());
                default:
                    return NullSpec.Instance;
            }
        }

        /// <summary>A string's parts, with each ${...} placed where the binder found it in the file.</summary>
        private TextSpec Text(ScalarNode scalar, StepSymbol step)
        {
            var value = scalar.Value;
            if (!Interpolation.Contains(value))
            {
                return TextSpec.Literal(value);
            }

            var located = step.References.Where(r => scalar.Span.Contains(r.Span) && r.Kind is ReferenceKind.Path or ReferenceKind.JavaScript).ToList();
            var parts = new List<TextPart>();
            var position = 0;
            var tokens = Interpolation.Scan(value);
            foreach (var token in tokens)
            {
                if (token.Start > position)
                {
                    parts.Add(new TextPart(TextPartKind.Literal, value.Substring(position, token.Start - position), null, null, null));
                }

                var text = token.GetText(value);
                var reference = located.FirstOrDefault(r => r.Text == text);
                if (reference is not null)
                {
                    located.Remove(reference);
                }

                var location = reference is null ? null : LocationInfo.From(_input.Path, reference.Span);
                var code = token.Code.Trim();
                parts.Add(VariablePath.TryParse(code, out var path)
                    ? PathPart(path, location)
                    : new TextPart(TextPartKind.Script, code, null, ScriptIndex(code), location));
                position = token.End;
            }

            if (position < value.Length)
            {
                parts.Add(new TextPart(TextPartKind.Literal, value.Substring(position), null, null, null));
            }

            // Whole only when nothing surrounds the ${...}: " ${x}" is text, as the interpreter reads it.
            return new TextSpec(parts.ToEquatableArray(), parts.Count == 1 && parts[0].Kind != TextPartKind.Literal);
        }

        /// <summary>A path that names a whole document variable is read through its typed property.</summary>
        private TextPart PathPart(VariablePath path, LocationInfo? location)
        {
            var name = path.Root == KnownNames.VarsScope && path.Segments.Count == 2 ? path.Segments[1]
                : path.Segments.Count == 1 && !KnownNames.IsScope(path.Root) ? path.Root
                : null;
            if (name is not null && _variables.TryGetValue(name, out var variable))
            {
                return new TextPart(TextPartKind.Path, path.Text, variable.Property, null, location) { PropertyIsText = variable.IsText };
            }

            return new TextPart(TextPartKind.Path, path.Text, null, null, location);
        }
    }
}

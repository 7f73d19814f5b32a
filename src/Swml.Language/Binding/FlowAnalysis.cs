using System.Collections;
using Swml.Language.Diagnostics;
using Swml.Language.Expressions;

namespace Swml.Language.Binding;

/// <summary>
/// Which variables can hold a value at each step. Builds a control-flow graph over every step of
/// the document (sequence, cond and switch branches, goto, execute into a section and back through
/// on_return and result, transfer, return, hangup), then solves "may be set" by iterating to a fixed
/// point: a variable may be set at a step if some path from the start of main sets it and no unset
/// follows on that path. A read of a variable no step sets is an error; a read of one that no path
/// sets before the step is a warning. Steps that no path reaches (unused sections) get no warnings.
/// </summary>
internal sealed class FlowAnalysis
{
    private const int Nowhere = -1;

    private readonly IReadOnlyList<SectionSymbol> _sections;
    private readonly List<List<int>> _successors = new();
    private readonly List<BitArray?> _gen = new();
    private readonly List<BitArray?> _kill = new();
    private readonly Dictionary<StepSymbol, int> _stepNodes = new();
    private readonly Dictionary<StepSymbol, int> _returnNodes = new();
    private readonly Dictionary<SectionSymbol, int> _exitNodes = new();
    private readonly Dictionary<string, int> _variableIndex = new(StringComparer.Ordinal);
    private BitArray?[] _in = Array.Empty<BitArray?>();

    private FlowAnalysis(IReadOnlyList<SectionSymbol> sections) => _sections = sections;

    public static void Run(IReadOnlyList<SectionSymbol> sections, IReadOnlyList<VariableReference> references, DiagnosticBag diagnostics)
    {
        var analysis = new FlowAnalysis(sections);
        analysis.Build();
        analysis.Solve();
        analysis.Check(references, diagnostics);
    }

    private void Build()
    {
        // Every name gets its index before any set is made, so all sets have one width.
        IndexOf("return_value");
        foreach (var step in _sections.SelectMany(s => Steps(s.Body)))
        {
            _stepNodes[step] = NewNode();
            foreach (var name in step.DefinedVariables.Concat(step.UnsetVariables))
            {
                IndexOf(name);
            }
        }

        foreach (var section in _sections)
        {
            _exitNodes[section] = NewNode();
        }

        foreach (var section in _sections)
        {
            BuildBlock(section.Body, _exitNodes[section]);
        }
    }

    private void BuildBlock(StepBlock block, int continuation)
    {
        for (var i = 0; i < block.Steps.Count; i++)
        {
            var next = i + 1 < block.Steps.Count ? _stepNodes[block.Steps[i + 1]] : continuation;
            BuildStep(block.Steps[i], next);
        }
    }

    private void BuildStep(StepSymbol step, int next)
    {
        var node = _stepNodes[step];
        var isExecute = step.MethodName == "execute";
        _gen[node] = Set(step.DefinedVariables.Where(v => !(isExecute && v == "return_value")));
        _kill[node] = Set(step.UnsetVariables);
        var branches = step.Blocks.Where(b => b.Kind == BlockKind.Branch).ToList();

        switch (step.MethodName)
        {
            case "goto":
                Edge(node, next);
                if (step.GotoTarget is { } target)
                {
                    Edge(node, _stepNodes[target]);
                }

                break;
            case "transfer":
                foreach (var section in Targets(step.Destination))
                {
                    Edge(node, Entry(section));
                }

                break;
            case "hangup":
                break;
            case "return":
                Edge(node, _exitNodes[step.Section]);
                break;
            case "execute":
                BuildExecute(step, node, next, branches);
                return;
            default:
                var hasDefault = step.MethodName switch
                {
                    "cond" => branches.Any(b => b.Name.EndsWith("else", StringComparison.Ordinal)),
                    "switch" => branches.Any(b => b.Name == "default"),
                    _ => false,
                };
                if (!hasDefault || branches.Count == 0)
                {
                    Edge(node, next);
                }

                foreach (var branch in branches)
                {
                    Edge(node, First(branch, next));
                    BuildBlock(branch, next);
                }

                break;
        }

        // Steps that run elsewhere (connect's confirm, on the called leg) lead nowhere in this flow.
        foreach (var other in step.Blocks.Where(b => b.Kind == BlockKind.Other))
        {
            Edge(node, First(other, Nowhere));
            BuildBlock(other, Nowhere);
        }
    }

    /// <summary>execute: into the subroutine, back to a return point that sets return_value, then on_return, then result.</summary>
    private void BuildExecute(StepSymbol step, int node, int next, List<StepBlock> resultBranches)
    {
        var returned = NewNode();
        _returnNodes[step] = returned;
        _gen[returned] = Set(new[] { "return_value" });
        var targets = Targets(step.Destination).ToList();
        foreach (var section in targets)
        {
            Edge(node, Entry(section));
            Edge(_exitNodes[section], returned);
        }

        if (step.Destination?.Kind != DestinationKind.Section)
        {
            Edge(node, returned);
        }

        var dispatch = NewNode();
        var onReturn = step.Blocks.FirstOrDefault(b => b.Kind == BlockKind.OnReturn);
        if (onReturn is not null)
        {
            Edge(returned, First(onReturn, dispatch));
            BuildBlock(onReturn, dispatch);
        }
        else
        {
            Edge(returned, dispatch);
        }

        Edge(dispatch, next);
        foreach (var branch in resultBranches)
        {
            Edge(dispatch, First(branch, next));
            BuildBlock(branch, next);
        }

        foreach (var other in step.Blocks.Where(b => b.Kind == BlockKind.Other))
        {
            Edge(node, First(other, Nowhere));
            BuildBlock(other, Nowhere);
        }
    }

    /// <summary>The sections a jump can reach: its own target, or every section when computed at run time.</summary>
    private IEnumerable<SectionSymbol> Targets(Destination? destination) => destination switch
    {
        { Kind: DestinationKind.Section, Section: { } section } => new[] { section },
        { Kind: DestinationKind.Dynamic } => _sections,
        _ => Array.Empty<SectionSymbol>(),
    };

    private int Entry(SectionSymbol section) => First(section.Body, _exitNodes[section]);

    private int First(StepBlock block, int continuation) =>
        block.Steps.Count > 0 ? _stepNodes[block.Steps[0]] : continuation;

    private void Solve()
    {
        _in = new BitArray?[_successors.Count];
        var main = _sections.FirstOrDefault(s => s.Name == "main");
        if (main is null)
        {
            return;
        }

        var width = _variableIndex.Count;
        var start = Entry(main);
        _in[start] = new BitArray(width);
        var pending = new Stack<int>();
        var queued = new bool[_successors.Count];
        pending.Push(start);
        queued[start] = true;
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            queued[node] = false;
            var output = Out(node, width);
            foreach (var successor in _successors[node])
            {
                var changed = false;
                if (_in[successor] is not { } current)
                {
                    _in[successor] = new BitArray(output);
                    changed = true;
                }
                else
                {
                    for (var i = 0; i < width; i++)
                    {
                        if (output[i] && !current[i])
                        {
                            current[i] = true;
                            changed = true;
                        }
                    }
                }

                if (changed && !queued[successor])
                {
                    pending.Push(successor);
                    queued[successor] = true;
                }
            }
        }
    }

    private BitArray Out(int node, int width)
    {
        var output = new BitArray(_in[node]!);
        if (_kill[node] is { } kill)
        {
            output.And(new BitArray(kill).Not());
        }

        if (_gen[node] is { } gen)
        {
            output.Or(gen);
        }

        return output;
    }

    private void Check(IReadOnlyList<VariableReference> references, DiagnosticBag diagnostics)
    {
        var defined = new HashSet<string>(
            _stepNodes.Keys.SelectMany(s => s.DefinedVariables).Concat(KnownNames.AmbientVariables),
            StringComparer.Ordinal);
        foreach (var reference in references)
        {
            var state = StateFor(reference);
            var isJavaScript = reference.Kind is ReferenceKind.JavaScript or ReferenceKind.RawJavaScript;
            foreach (var variable in reference.Variables)
            {
                if (variable.Scope != VariableScope.Vars || variable.Name is not { } name)
                {
                    continue;
                }

                if (!defined.Contains(name))
                {
                    // JavaScript looks a bare name up in vars, then envs, then call.
                    if (isJavaScript && KnownNames.CallFields.Contains(name))
                    {
                        continue;
                    }

                    var hint = Suggestions.DidYouMean(name, defined);
                    if (hint.Length == 0 && KnownNames.CallFields.Contains(name))
                    {
                        hint = $"; did you mean 'call.{name}'?";
                    }
                    else if (hint.Length == 0 && reference.Path?.Root != KnownNames.VarsScope)
                    {
                        // A bare name may have been meant as an environment variable; vars.x was not.
                        hint = $"; if it is an environment variable, write 'envs.{name}'";
                    }

                    diagnostics.Report(
                        isJavaScript ? DiagnosticDescriptors.UnknownJavaScriptName : DiagnosticDescriptors.UnknownVariable,
                        variable.Span,
                        name,
                        hint);
                    continue;
                }

                if (state is not null &&
                    !KnownNames.AmbientVariables.Contains(name) &&
                    !(reference.LocallyDefined?.Contains(name) ?? false) &&
                    !state[_variableIndex[name]])
                {
                    diagnostics.Report(DiagnosticDescriptors.VariableNotYetSet, variable.Span, name);
                }
            }
        }
    }

    /// <summary>Variables that may be set where a reference is evaluated; null when no path reaches it.</summary>
    private BitArray? StateFor(VariableReference reference)
    {
        if (reference.Step is not { } step || !_stepNodes.TryGetValue(step, out var node) || _in[node] is null)
        {
            return null;
        }

        if (!reference.IsEvaluatedAfterStep)
        {
            return _in[node];
        }

        if (_returnNodes.TryGetValue(step, out var returned))
        {
            return _in[returned] is null ? null : Out(returned, _variableIndex.Count);
        }

        return Out(node, _variableIndex.Count);
    }

    private int NewNode()
    {
        _successors.Add(new List<int>());
        _gen.Add(null);
        _kill.Add(null);
        return _successors.Count - 1;
    }

    private void Edge(int from, int to)
    {
        if (from != Nowhere && to != Nowhere)
        {
            _successors[from].Add(to);
        }
    }

    private int IndexOf(string name)
    {
        if (!_variableIndex.TryGetValue(name, out var index))
        {
            index = _variableIndex.Count;
            _variableIndex.Add(name, index);
        }

        return index;
    }

    private BitArray? Set(IEnumerable<string> names)
    {
        BitArray? set = null;
        foreach (var name in names)
        {
            set ??= new BitArray(_variableIndex.Count);
            set[IndexOf(name)] = true;
        }

        return set;
    }

    private static IEnumerable<StepSymbol> Steps(StepBlock block)
    {
        foreach (var step in block.Steps)
        {
            yield return step;
            foreach (var nested in step.Blocks.SelectMany(Steps))
            {
                yield return nested;
            }
        }
    }
}

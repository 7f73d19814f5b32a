using System.Text.Json.Nodes;
using Swml.Language.Binding;
using Swml.Language.Lowering;
using Swml.Runtime.Calls;
using Swml.Runtime.Expressions;
using Swml.Runtime.Interpretation;
using Swml.Runtime.Steps;
using Swml.Runtime.Values;

namespace Swml.Runtime.Flow;

/// <summary>
/// Runs a flow. Every control-flow rule of SWML lives here, once, for compiled and interpreted
/// flows alike: start at main, step order, goto (when, per-label max), label, execute as a
/// subroutine (params replaced and restored, return_value, on_return, result), transfer, cond,
/// switch, set, unset, return, hangup, sleep, and the per-call limits. Methods that talk to the
/// call are handed to the <see cref="IStepHandler"/>.
/// </summary>
public static class FlowEngine
{
    public const string ScriptErrorVariable = "script_error";
    public const string ReturnValueVariable = "return_value";

    /// <summary>The longest single wait asked of the clock: Task.Delay takes at most about 49 days.</summary>
    private static readonly TimeSpan LongestDelay = TimeSpan.FromHours(1);

    private static readonly long LongestSleep = (long)TimeSpan.MaxValue.TotalMilliseconds - 1;

    public static Task<FlowResult> RunAsync(FlowDefinition definition, IStepHandler handler, FlowRunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(definition, handler, options, started: null, cancellationToken);

    internal static async Task<FlowResult> RunAsync(FlowDefinition definition, IStepHandler handler, FlowRunOptions? options, Action<FlowContext>? started, CancellationToken cancellationToken)
    {
        options ??= new FlowRunOptions();
        var call = options.CallIsOwned ? options.Call : options.Call?.DeepClone().AsObject();
        var variables = new VariableStore(call, options.Envs?.DeepClone().AsObject(), options.Vars?.DeepClone().AsObject());
        var scripts = new ScriptEvaluator(variables, definition.VariableNames);
        var context = new FlowContext(variables, scripts, handler, options.Time, cancellationToken);
        started?.Invoke(context);
        var run = new FlowRun(definition, context, options.Limits, options.SecretEnvironmentNames);
        var result = await run.RunAsync().ConfigureAwait(false);
        if (result.Reason == FlowEndReason.LimitExceeded)
        {
            // SignalWire disconnects a call that exceeds its limits.
            await run.HangupAsync(default, new HangupArguments()).ConfigureAwait(false);
        }

        return result;
    }

    private enum FrameKind
    {
        /// <summary>The section the call is in (main, or one transferred to).</summary>
        Section,

        /// <summary>A section run as a subroutine by execute.</summary>
        Subroutine,

        /// <summary>A branch, on_return or result block inside a step.</summary>
        Nested,

        /// <summary>Pending: pick execute's result branch once on_return has run.</summary>
        Dispatch,
    }

    private sealed class Frame
    {
        public Frame(FrameKind kind, FlowDefinition definition, SectionDefinition section, StateBlock block)
        {
            Kind = kind;
            Definition = definition;
            Section = section;
            Block = block;
        }

        public FrameKind Kind { get; }

        public FlowDefinition Definition { get; }

        public SectionDefinition Section { get; }

        public StateBlock Block { get; }

        public int Index { get; set; }

        /// <summary>For a subroutine: the execute that called it.</summary>
        public ExecuteState? Caller { get; init; }

        /// <summary>For a dispatch frame: the result to choose from.</summary>
        public ResultSelector? Result { get; init; }
    }

    private sealed class FlowRun
    {
        private readonly FlowDefinition _definition;
        private readonly FlowContext _context;
        private readonly FlowLimits _limits;
        private readonly Stack<Frame> _frames = new();
        private readonly List<TraceEntry> _trace = new();
        private readonly Dictionary<(SectionDefinition, string), int> _jumpsToLabel = new();
        private readonly Dictionary<StateBlock, Dictionary<string, List<(StateBlock Block, int Index)>>> _labels = new();
        // Environment variables whose values stay here: configured ones, and those a document of this run uses as secrets.
        private readonly HashSet<string> _secretEnvironmentNames;
        private int _jumps;
        private int _depth;

        public FlowRun(FlowDefinition definition, FlowContext context, FlowLimits limits, IEnumerable<string>? secretEnvironmentNames)
        {
            _definition = definition;
            _context = context;
            _limits = limits;
            _secretEnvironmentNames = new HashSet<string>(secretEnvironmentNames ?? Array.Empty<string>(), StringComparer.Ordinal);
            _secretEnvironmentNames.UnionWith(definition.SecretEnvironmentNames);
        }

        private VariableStore Variables => _context.Variables;

        public async Task<FlowResult> RunAsync()
        {
            var main = _definition.Find("main") ?? throw new InvalidOperationException("The flow has no main section.");
            _frames.Push(new Frame(FrameKind.Section, _definition, main, main.Body));
            try
            {
                while (_frames.Count > 0)
                {
                    _context.Cancellation.ThrowIfCancellationRequested();
                    var frame = _frames.Peek();
                    if (frame.Kind == FrameKind.Dispatch)
                    {
                        _frames.Pop();
                        ChooseResult(frame);
                        continue;
                    }

                    if (frame.Index >= frame.Block.Count)
                    {
                        _frames.Pop();
                        if (frame.Kind == FrameKind.Subroutine)
                        {
                            AfterReturn(frame, value: null);
                        }
                        else if (frame.Kind == FrameKind.Section)
                        {
                            return End(FlowEndReason.Completed);
                        }

                        continue;
                    }

                    var state = frame.Block[frame.Index++];
                    _trace.Add(new TraceEntry(state.Id, state.Method));
                    if (await StepAsync(state, frame).ConfigureAwait(false) is { } end)
                    {
                        return end;
                    }
                }

                return End(FlowEndReason.Completed);
            }
            catch (OperationCanceledException) when (_context.Cancellation.IsCancellationRequested)
            {
                return End(FlowEndReason.Cancelled);
            }
        }

        private FlowResult End(FlowEndReason reason, JsonNode? value = null) => new(reason, value, _trace, Variables);

        private async ValueTask<FlowResult?> StepAsync(FlowState state, Frame frame)
        {
            switch (state)
            {
                case ActionState action:
                    return await RunActionAsync(action).ConfigureAwait(false);
                case LabelState:
                    return null;
                case GotoState jump:
                    return Goto(jump, frame);
                case ExecuteState execute:
                    return await ExecuteAsync(execute, frame).ConfigureAwait(false);
                case TransferState transfer:
                    return await TransferAsync(transfer, frame).ConfigureAwait(false);
                case CondState cond:
                    RunCond(cond.Branches, frame);
                    return null;
                case SwitchState choice:
                    RunSwitch(choice.Variable, choice.Cases, choice.Default, frame);
                    return null;
                case SetState set:
                    foreach (var (name, value) in set.Assignments)
                    {
                        if (TryCompute(() => value(_context), out var computed))
                        {
                            Variables.Set(name, computed);
                        }
                    }

                    return null;
                case UnsetState unset:
                    foreach (var name in unset.Names)
                    {
                        Variables.Unset(name);
                    }

                    return null;
                case ReturnState ret:
                    TryCompute(() => ret.Value(_context), out var returned);
                    return Return(returned);
                case HangupState hangup:
                    TryCompute(() => hangup.Reason(_context), out var reason);
                    await HangupAsync(hangup.Id, reason is null ? new HangupArguments() : new HangupArguments { Reason = reason }).ConfigureAwait(false);
                    return End(FlowEndReason.HungUp);
                case SleepState sleep:
                    if (TryCompute(() => sleep.Milliseconds(_context), out var milliseconds))
                    {
                        await SleepAsync(milliseconds).ConfigureAwait(false);
                    }

                    return null;
                default:
                    throw new InvalidOperationException($"Unknown state {state.GetType().Name}.");
            }
        }

        /// <summary>
        /// Hangs up through the handler. A hangup that fails (the call already gone, a transport
        /// error) is recorded in script_error; the flow is over either way, so it never escapes the run.
        /// </summary>
        public async Task HangupAsync(StepId id, HangupArguments arguments)
        {
            try
            {
                await _context.Handler.RunStepAsync(new StepInvocation(id, arguments, _context), _context.Cancellation).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SetError($"relay_script_method_execute_failed: hangup: {ex.Message}");
            }
            catch (OperationCanceledException) when (_context.Cancellation.IsCancellationRequested)
            {
                // The call went away while hanging up: nothing left to end.
            }
        }

        /// <summary>
        /// Waits on the flow's clock; a negative time waits until the call ends. In waits of at most
        /// an hour, so any length works (Task.Delay refuses more than about 49 days) and a test
        /// clock sees the flow waiting and can move time on.
        /// </summary>
        private async Task SleepAsync(long milliseconds)
        {
            // Past what a TimeSpan holds (some 29,000 years) is as good as forever.
            var remaining = milliseconds < 0 || milliseconds >= LongestSleep ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(milliseconds);
            while (remaining == Timeout.InfiniteTimeSpan || remaining > TimeSpan.Zero)
            {
                var wait = remaining == Timeout.InfiniteTimeSpan || remaining > LongestDelay ? LongestDelay : remaining;
                await Task.Delay(wait, _context.Time, _context.Cancellation).ConfigureAwait(false);
                if (remaining != Timeout.InfiniteTimeSpan)
                {
                    remaining -= wait;
                }
            }
        }

        private async ValueTask<FlowResult?> RunActionAsync(ActionState action)
        {
            if (!TryCompute(() => action.Arguments(_context), out var arguments) || arguments is null)
            {
                return null;
            }

            StepOutcome outcome;
            try
            {
                outcome = await _context.Handler.RunStepAsync(new StepInvocation(action.Id, arguments, _context), _context.Cancellation).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SetError($"relay_script_method_execute_failed: {action.Method}: {ex.Message}");
                return null;
            }

            foreach (var (name, value) in outcome.Variables)
            {
                // A null value means "absent" (e.g. no response code): an earlier step's value must not linger.
                if (value is null)
                {
                    Variables.Unset(name);
                }
                else
                {
                    Variables.Set(name, value);
                }
            }

            return outcome.CallEnded ? End(FlowEndReason.HungUp) : null;
        }

        private FlowResult? Goto(GotoState jump, Frame frame)
        {
            if (jump.When is { } when && !(TryCompute(() => when(_context), out var yes) && yes))
            {
                return null;
            }

            if (!TryCompute(() => jump.Label(_context), out var label) || label is null)
            {
                return null;
            }

            if (!TryCompute(() => jump.Max(_context), out var max))
            {
                return null;
            }

            var key = (frame.Section, label);
            _jumpsToLabel.TryGetValue(key, out var taken);
            if (taken >= max)
            {
                return null; // max reached: the goto is skipped and the next step runs.
            }

            if (!FindLabel(frame.Section, label, out var path))
            {
                SetError($"relay_script_method_parameter_invalid_value: no label '{label}' in section '{frame.Section.Name}'");
                return null;
            }

            if (++_jumps > _limits.MaxJumps)
            {
                return TooMany();
            }

            _jumpsToLabel[key] = taken + 1;
            JumpTo(path);
            return null;
        }

        private async ValueTask<FlowResult?> ExecuteAsync(ExecuteState execute, Frame frame)
        {
            if (!TryCompute(() => execute.Destination(_context), out var destination) || destination is null ||
                !TryCompute(() => execute.Parameters?.Invoke(_context) ?? new JsonObject(), out var parameters))
            {
                return null;
            }

            if (_depth + 1 > _limits.MaxDepth)
            {
                SetError("relay_script_nested_too_deep");
                return End(FlowEndReason.LimitExceeded);
            }

            var target = await ResolveAsync(destination, parameters!, frame).ConfigureAwait(false);
            if (target is not { } found)
            {
                return null;
            }

            _depth++;
            Variables.PushParams(parameters!);
            _frames.Push(new Frame(FrameKind.Subroutine, found.Definition, found.Section, found.Section.Body) { Caller = execute });
            return null;
        }

        private async ValueTask<FlowResult?> TransferAsync(TransferState transfer, Frame frame)
        {
            if (!TryCompute(() => transfer.Destination(_context), out var destination) || destination is null ||
                !TryCompute(() => transfer.Parameters?.Invoke(_context) ?? new JsonObject(), out var parameters))
            {
                return null;
            }

            // Counted before the destination is fetched: a call over its budget fetches nothing more.
            if (++_jumps > _limits.MaxJumps)
            {
                return TooMany();
            }

            var target = await ResolveAsync(destination, parameters!, frame).ConfigureAwait(false);
            if (target is not { } found)
            {
                return null;
            }

            // A tail call: nothing after the transfer runs, and no execute it was inside returns.
            _frames.Clear();
            _depth = 0;
            Variables.ReplaceParams(parameters!);
            _frames.Push(new Frame(FrameKind.Section, found.Definition, found.Section, found.Section.Body));
            return null;
        }

        /// <summary>A section of the current document, or a document fetched from a URL or written inline.</summary>
        private async ValueTask<(FlowDefinition Definition, SectionDefinition Section)?> ResolveAsync(string destination, JsonObject parameters, Frame frame)
        {
            destination = destination.Trim();
            string? text = null;
            if (destination.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || destination.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                var body = new JsonObject
                {
                    ["call"] = Variables.Call.DeepClone(),
                    ["vars"] = Variables.Vars.DeepClone(),
                    ["envs"] = EnvsAsSent(),
                    ["params"] = ParamsAsSent(parameters),
                };
                try
                {
                    text = await _context.Handler.FetchDocumentAsync(destination, body, _context.Cancellation).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    SetError($"relay_script_method_execute_failed: fetching {HttpUrls.Redact(destination)}: {ex.Message}");
                    return null;
                }
            }
            else if (destination.StartsWith('{') || destination.StartsWith('['))
            {
                text = destination.StartsWith('[') ? "{\"sections\": {\"main\": " + destination + "}}" : destination;
            }

            if (text is null)
            {
                var section = frame.Definition.Find(destination);
                if (section is null)
                {
                    SetError($"relay_script_method_parameter_invalid_value: no section '{destination}'");
                    return null;
                }

                return (frame.Definition, section);
            }

            var shown = HttpUrls.Redact(destination);
            var document = SwmlDocument.Parse(text, shown);
            if (FlowLowering.FirstBlockingError(document) is { } first)
            {
                SetError($"relay_script_parse_error: {first.ToString(shown)}");
                return null;
            }

            var definition = DocumentInterpreter.Build(FlowLowering.Lower(document));
            _secretEnvironmentNames.UnionWith(definition.SecretEnvironmentNames);

            // Its JavaScript must see the variables it sets later as undefined, like the first document's.
            _context.Scripts.Declare(definition.VariableNames);
            return (definition, definition.Find("main")!);
        }

        /// <summary>Envs as a URL receives them: a secret's name with a mask, so the password stays here.</summary>
        private JsonObject EnvsAsSent()
        {
            var sent = new JsonObject();
            foreach (var (name, value) in Variables.Envs)
            {
                sent[name] = _secretEnvironmentNames.Contains(name) ? JsonValue.Create(SecretRedaction.Mask) : value?.DeepClone();
            }

            return sent;
        }

        /// <summary>Params as a URL receives them: SignalWire sends their values as strings (12345 arrives as "12345").</summary>
        private static JsonObject ParamsAsSent(JsonObject parameters)
        {
            var sent = new JsonObject();
            foreach (var (name, value) in parameters)
            {
                sent[name] = value is JsonValue ? JsonValue.Create(SwmlValue.ToText(value)) : value?.DeepClone();
            }

            return sent;
        }

        private void RunCond(IReadOnlyList<CondBranch> branches, Frame frame)
        {
            foreach (var branch in branches)
            {
                if (branch.When is null)
                {
                    PushNested(frame, branch.Then);
                    return;
                }

                if (!TryCompute(() => branch.When(_context), out var matched))
                {
                    continue;
                }

                if (matched)
                {
                    PushNested(frame, branch.Then);
                    return;
                }

                if (branch.Else is { } otherwise)
                {
                    PushNested(frame, otherwise);
                    return;
                }
            }
        }

        /// <summary>Compares the variable's value, as a string, with each case key.</summary>
        private void RunSwitch(string variable, IReadOnlyList<(string Value, StateBlock Steps)> cases, StateBlock? otherwise, Frame frame)
        {
            var value = SwmlValue.ToText(Variables.Get(variable));
            foreach (var (key, steps) in cases)
            {
                if (string.Equals(key, value, StringComparison.Ordinal))
                {
                    PushNested(frame, steps);
                    return;
                }
            }

            if (otherwise is not null)
            {
                PushNested(frame, otherwise);
                return;
            }

            SetError($"relay_script_method_no_matching_condition: no case of switch on '{variable}' matches '{value}'");
        }

        private FlowResult? Return(JsonNode? value)
        {
            while (_frames.Count > 0)
            {
                var frame = _frames.Pop();
                if (frame.Kind == FrameKind.Subroutine)
                {
                    AfterReturn(frame, value, returned: true);
                    return null;
                }

                if (frame.Kind == FrameKind.Section)
                {
                    break;
                }
            }

            // A return outside any execute ends the script.
            return End(FlowEndReason.Returned, value);
        }

        /// <summary>Back in the caller: params restored, return_value set, then on_return, then result.</summary>
        private void AfterReturn(Frame subroutine, JsonNode? value, bool returned = false)
        {
            Variables.PopParams();
            _depth--;
            var caller = subroutine.Caller!;
            if (returned && value is not null && value is not JsonObject { Count: 0 })
            {
                Variables.Set(ReturnValueVariable, value);
            }
            else
            {
                Variables.Unset(ReturnValueVariable);
            }

            var callerFrame = _frames.Peek();
            if (caller.Result is { } result)
            {
                _frames.Push(new Frame(FrameKind.Dispatch, callerFrame.Definition, callerFrame.Section, StateBlock.Empty) { Result = result });
            }

            if (caller.OnReturn is { Count: > 0 } onReturn)
            {
                PushNested(callerFrame, onReturn);
            }
        }

        /// <summary>execute's result: runs only when return_value is set; a list is a cond, a mapping a switch.</summary>
        private void ChooseResult(Frame dispatch)
        {
            if (!Variables.IsSet(ReturnValueVariable))
            {
                return;
            }

            var result = dispatch.Result!;
            if (result.Branches is { } branches)
            {
                RunCond(branches, dispatch);
            }
            else
            {
                RunSwitch(result.Variable ?? ReturnValueVariable, result.Cases!, result.Default, dispatch);
            }
        }

        private void PushNested(Frame parent, StateBlock block) =>
            _frames.Push(new Frame(FrameKind.Nested, parent.Definition, parent.Section, block));

        private bool FindLabel(SectionDefinition section, string label, out List<(StateBlock Block, int Index)> path)
        {
            if (!_labels.TryGetValue(section.Body, out var index))
            {
                index = new Dictionary<string, List<(StateBlock, int)>>(StringComparer.Ordinal);
                IndexLabels(section.Body, new List<(StateBlock, int)>(), index);
                _labels[section.Body] = index;
            }

            return index.TryGetValue(label, out path!);
        }

        private static void IndexLabels(StateBlock block, List<(StateBlock Block, int Index)> path, Dictionary<string, List<(StateBlock, int)>> index)
        {
            for (var i = 0; i < block.Count; i++)
            {
                path.Add((block, i));
                if (block[i] is LabelState label && !index.ContainsKey(label.Name))
                {
                    index[label.Name] = new List<(StateBlock, int)>(path);
                }

                foreach (var child in Children(block[i]))
                {
                    IndexLabels(child, path, index);
                }

                path.RemoveAt(path.Count - 1);
            }
        }

        private static IEnumerable<StateBlock> Children(FlowState state) => state switch
        {
            CondState cond => cond.Branches.SelectMany(b => b.Else is null ? new[] { b.Then } : new[] { b.Then, b.Else }),
            SwitchState choice => choice.Cases.Select(c => c.Steps).Concat(choice.Default is null ? Array.Empty<StateBlock>() : new[] { choice.Default }),
            ExecuteState execute => (execute.OnReturn is null ? Array.Empty<StateBlock>() : new[] { execute.OnReturn })
                .Concat(execute.Result?.Branches?.SelectMany(b => b.Else is null ? new[] { b.Then } : new[] { b.Then, b.Else }) ?? Array.Empty<StateBlock>())
                .Concat(execute.Result?.Cases?.Select(c => c.Steps) ?? Array.Empty<StateBlock>())
                .Concat(execute.Result?.Default is { } d ? new[] { d } : Array.Empty<StateBlock>()),
            _ => Array.Empty<StateBlock>(),
        };

        /// <summary>Unwinds to the section level of the current subroutine, then descends to the label.</summary>
        private void JumpTo(List<(StateBlock Block, int Index)> path)
        {
            while (_frames.Peek().Kind is FrameKind.Nested or FrameKind.Dispatch)
            {
                _frames.Pop();
            }

            var frame = _frames.Peek();
            for (var i = 0; i < path.Count; i++)
            {
                var (_, index) = path[i];
                if (i == path.Count - 1)
                {
                    frame.Index = index;
                    break;
                }

                frame.Index = index + 1;
                var nested = new Frame(FrameKind.Nested, frame.Definition, frame.Section, path[i + 1].Block);
                _frames.Push(nested);
                frame = nested;
            }
        }

        private FlowResult TooMany()
        {
            SetError("relay_script_too_many_transfers");
            return End(FlowEndReason.LimitExceeded);
        }

        private bool TryCompute<T>(Func<T> compute, out T value)
        {
            try
            {
                value = compute();
                return true;
            }
            catch (ScriptEvaluationException ex)
            {
                SetError(ex.Message);
                value = default!;
                return false;
            }
        }

        /// <summary>
        /// Sets script_error, which later execute and transfer POSTs carry in vars: so never with a
        /// URL's user:password@, whatever message it came from.
        /// </summary>
        private void SetError(string message) => Variables.Set(ScriptErrorVariable, HttpUrls.RedactText(message));
    }
}

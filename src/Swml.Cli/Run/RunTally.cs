using Swml.Runtime.Hosting;

namespace Swml.Cli.Run;

/// <summary>
/// What <c>swml run</c> remembers of the calls it served, for the summary at exit: counts by outcome
/// and the first few calls in full. It is bounded, so a server left running for days does not keep
/// every call it ever took; only <c>--report</c>, which asks for each call, keeps them all.
/// </summary>
internal sealed class RunTally(bool keepEveryCall)
{
    /// <summary>Up to this many calls the summary lists each one; beyond it, counts say more.</summary>
    public const int ListedCalls = 20;

    private readonly Dictionary<string, int> _byOutcome = new(StringComparer.Ordinal);
    private readonly List<CallSummary> _kept = new();

    public int Count { get; private set; }

    /// <summary>The calls kept: every call with --report, else the first <see cref="ListedCalls"/> + 1 (enough to know whether to list them).</summary>
    public IReadOnlyList<CallSummary> Kept => _kept;

    public IEnumerable<KeyValuePair<string, int>> ByOutcome => _byOutcome.OrderBy(g => g.Key, StringComparer.Ordinal);

    /// <summary>Counts the call; returns the number counted so far.</summary>
    public int Add(CallSummary summary)
    {
        var key = Outcome(summary);
        _byOutcome[key] = _byOutcome.GetValueOrDefault(key) + 1;
        if (keepEveryCall || _kept.Count <= ListedCalls)
        {
            _kept.Add(summary);
        }

        return ++Count;
    }

    private static string Outcome(CallSummary call) =>
        $"{call.EndReason?.ToString() ?? "not run"}{(call.SipReferResult is { } r ? ", sip_refer_result " + r : string.Empty)}{(call.ScriptError is null ? string.Empty : ", with script_error")}";
}

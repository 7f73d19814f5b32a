namespace Swml.Runtime.Media;

/// <summary>
/// A national ringback tone: its frequencies (one, or two added), an optional amplitude modulation,
/// and its cadence as alternating on and off times in milliseconds, starting with on.
/// </summary>
internal sealed record RingCadence(string Country, double[] Frequencies, double ModulationHz, int[] PatternMilliseconds)
{
    /// <summary>One full cycle of the cadence: what ring:&lt;cc&gt; without a duration plays.</summary>
    public TimeSpan Cycle => TimeSpan.FromMilliseconds(PatternMilliseconds.Sum());
}

namespace Swml.Runtime.Tests.Infrastructure;

/// <summary>Builds expected traces with loops in them.</summary>
public static class Traces
{
    /// <summary>The lines, then <paramref name="times"/> copies of <paramref name="loop"/>, flattened.</summary>
    public static string[] Repeat(int times, params string[] loop) => Enumerable.Repeat(loop, times).SelectMany(l => l).ToArray();

    public static string[] Concat(params IEnumerable<string>[] parts) => parts.SelectMany(p => p).ToArray();
}

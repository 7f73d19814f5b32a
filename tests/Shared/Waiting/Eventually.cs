using System.Diagnostics;

namespace Swml.Tests.Waiting;

/// <summary>Waits in real time for work on other threads or processes (a socket, the thread pool, a peer) to show.</summary>
public static class Eventually
{
    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="limit"/>
    /// (5 s), saying what it waited for and, from <paramref name="details"/>, what the peers said.
    /// </summary>
    public static async Task True(Func<bool> condition, string what, TimeSpan? limit = null, Func<string>? details = null)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > (limit ?? TimeSpan.FromSeconds(5)))
            {
                Assert.Fail($"Still waiting after {waited.Elapsed.TotalSeconds:0.#} s for {what}." + (details is null ? string.Empty : "\n" + details()));
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}

namespace Swml.Sip.Transactions;

/// <summary>
/// The one thread-pool hop a public method takes before it returns to application code. The
/// stack's own awaits continue on the thread that read the response (or fired the timer), so code
/// after them must not block; an application's code may, so it never runs there.
/// </summary>
internal static class ThreadPoolHop
{
    /// <summary>
    /// <see cref="ThenOnThreadPool{T}"/>, unless the application asked to run inline
    /// (<see cref="Calls.SipEndpointOptions.UnsafePreferInlineScheduling"/>): then the task itself.
    /// </summary>
    public static Task<T> ThenOnApplicationThread<T>(this Task<T> task, bool inline) => inline ? task : task.ThenOnThreadPool();

    /// <summary>How a task the application awaits completes: inline when it asked for that, else on the pool.</summary>
    public static TaskCreationOptions CompletionFor(bool inline) =>
        inline ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously;

    /// <summary>
    /// Waits for <paramref name="task"/> wherever it completes, then continues on the thread pool
    /// with its result or its exception. (<see cref="ConfigureAwaitOptions.ForceYielding"/> alone
    /// yields only for a task already complete; a pending one would still resume inline.)
    /// </summary>
    public static async Task<T> ThenOnThreadPool<T>(this Task<T> task)
    {
        await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await task.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
    }
}

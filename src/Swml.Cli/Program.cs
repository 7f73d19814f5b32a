using Swml.Cli;

// swml run serves calls with nothing but its own code, none of which blocks: socket completions
// (callbacks' HTTP, SIP over TCP and TLS) then run where epoll reports them, a thread-pool wake-up
// fewer each (bench/results/sip-load.md). Read by .NET when it first uses a socket, so set first;
// an explicit setting in the environment wins.
const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (args is ["run", ..] && Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
}

return SwmlCommandLine.Run(args, Console.Out, Console.Error);

using System.CommandLine;
using Swml.Cli.Check;
using Swml.Cli.Demo;
using Swml.Cli.Gen;
using Swml.Cli.Run;

namespace Swml.Cli;

/// <summary>The swml command line: one subcommand per job, all writing to the given writers.</summary>
public static class SwmlCommandLine
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("SipRefer's SWML tool: check SWML files, print the C# the source generator makes of them, serve SIP calls with a flow, and run the demo: a SIP transfer on 127.0.0.1.")
        {
            CheckCommand.Create(output, error),
            GenCommand.Create(output, error),
            RunCommand.Create(output, error),
            DemoCommand.Create(output, error),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"swml: {parseError.Message}");
            }

            error.WriteLine("Run 'swml --help' for usage.");
            return ExitCodes.UsageOrIo;
        }

        var invocation = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.CommandResult.Command.Name == "run")
        {
            // swml run stops on SIGTERM/Ctrl+C through its host: it drains, lets running calls finish
            // and delivers their callbacks, which takes longer than the 2 s System.CommandLine
            // waits before it ends the process.
            invocation.ProcessTerminationTimeout = null;
        }

        return parsed.Invoke(invocation);
    }
}

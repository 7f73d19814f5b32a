using Swml.Cli;

return SwmlCommandLine.Run(args, Console.Out, Console.Error);

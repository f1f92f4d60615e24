namespace OrleansAgent.Silo.Commands;

/// <summary>Dispatches the first word of the command line to a command.</summary>
public static class CommandLine
{
    private const string Usage = """
        OrleansAgent: watches logs, learns their patterns and reports what is new or unusual.

        Usage: OrleansAgent.Silo [command] [options]
        Commands:
          run      start the agent service (the default command)
          mine     print the patterns of a log file, without starting a service
          replay   learn from some files, then report what detect mode would do on others, offline
          generate write the built-in sample log (several services, daily routines, optional faults) to a file
          help     print this text
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, eventArgs) =>
        {
            eventArgs.Cancel = true;
            cancellation.Cancel();
        };

        var command = args.Length == 0 || args[0].StartsWith('-') ? "run" : args[0];
        var rest = args.Length == 0 || args[0].StartsWith('-') ? args : args[1..];
        switch (command)
        {
            case "run":
                return await RunCommand.RunAsync(rest, cancellation.Token);
            case "mine":
                return await MineCommand.RunAsync(rest, Console.Out, Console.Error, cancellation.Token);
            case "replay":
                return await Replay.ReplayCommand.RunAsync(rest, Console.Out, Console.Error, cancellation.Token);
            case "generate":
                return await Sample.GenerateCommand.RunAsync(rest, Console.Out, Console.Error, cancellation.Token);
            case "help" or "--help" or "-h":
                Console.WriteLine(Usage);
                Console.WriteLine(RunCommand.Usage);
                Console.WriteLine(Replay.ReplayCommand.Usage);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{command}'.{Environment.NewLine}{Usage}");
                return 2;
        }
    }
}

using System.Globalization;

namespace OrleansAgent.Silo.Sample;

/// <summary><c>generate</c>: writes the built-in multi-service sample log to a file, for trying and measuring.</summary>
public static class GenerateCommand
{
    public const string Usage = """
        generate --out FILE [--hours H] [--rate LINES_PER_SECOND] [--start ISO_TIME] [--seed N] [--faults]
          --hours H       event time covered (default 24)
          --rate R        normal lines per second (default 8)
          --start TIME    first event time (default: H hours before now)
          --faults        inject a new error and a warning spike in the last hour
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? path = null;
        double hours = 24;
        double rate = 8;
        int seed = 7;
        DateTimeOffset? start = null;
        var faults = false;
        try
        {
            for (var index = 0; index < args.Length; index++)
            {
                switch (args[index])
                {
                    case "--out": path = Next(args, ref index); break;
                    case "--hours": hours = Number(args, ref index); break;
                    case "--rate": rate = Number(args, ref index); break;
                    case "--seed": seed = (int)Number(args, ref index); break;
                    case "--start": start = DateTimeOffset.Parse(Next(args, ref index), CultureInfo.InvariantCulture); break;
                    case "--faults": faults = true; break;
                    case "--help" or "-h":
                        await output.WriteLineAsync(Usage);
                        return 0;
                    default: throw new ArgumentException($"Unexpected argument '{args[index]}'.");
                }
            }

            if (path is null || hours <= 0 || rate <= 0)
            {
                throw new ArgumentException("Give --out FILE, and positive --hours and --rate.");
            }
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            await error.WriteLineAsync($"generate: {exception.Message}{Environment.NewLine}{Usage}");
            return 2;
        }

        var from = start ?? DateTimeOffset.UtcNow.AddHours(-hours);
        var to = from.AddHours(hours);
        var injected = faults
            ? new[] { new SampleFault(SampleFaults.NewError, to.AddMinutes(-50), TimeSpan.FromMinutes(10)), new SampleFault(SampleFaults.WarningSpike, to.AddMinutes(-20), TimeSpan.FromMinutes(5)) }
            : [];
        long lines = 0;
        await using (var writer = new StreamWriter(path))
        {
            foreach (var line in new SampleLogGenerator(seed, rate).Generate(from, to, injected))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await writer.WriteLineAsync(line.Text);
                lines++;
            }
        }

        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"generate: wrote {lines:N0} lines from {from:O} to {to:O} to {path}"));
        return 0;
    }

    private static string Next(string[] args, ref int index) =>
        index + 1 < args.Length ? args[++index] : throw new ArgumentException($"Missing value after {args[index]}.");

    private static double Number(string[] args, ref int index)
    {
        var text = Next(args, ref index);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"'{text}' after {args[index - 1]} is not a number.");
    }
}

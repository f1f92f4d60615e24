using OrleansAgent.Silo.Hosting;
using OrleansAgent.Silo.Sample;

namespace OrleansAgent.Silo.Commands;

/// <summary>
/// <c>run</c>: starts the agent service. <c>--file PATH</c> follows one log file; with no file and no
/// source in configuration the agent follows a generated sample log and starts in detect mode after
/// training on the sample's history.
/// </summary>
public static class RunCommand
{
    public const string Usage = """
        run [--file PATH] [--header-format FORMAT] [ASP.NET Core and configuration options]
          --file PATH             follow this log file (a glob such as logs/*.log also works)
          --header-format FORMAT  header layout of the file, such as "<Date> <Time> <Level> <Component>: <Content>"
                                  (default: detect common layouts)
          --urls URL              where the admin API listens (default http://127.0.0.1:5080); an address
                                  other than loopback needs API keys in Agent:Api:Keys
          --Agent:Section:Key=V   any setting of appsettings.json
        Without --file and without Agent:Sources in configuration, a sample log is generated and followed.
        """;

    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        RunAsync(args, Console.Error, configureServices: null, cancellationToken);

    /// <summary>
    /// Runs the agent until <paramref name="cancellationToken"/> is cancelled and returns the exit code: 0 after a
    /// stop, 1 when settings or the environment keep it from starting (the reason goes to <paramref name="error"/>),
    /// 2 for invalid arguments. <paramref name="configureServices"/> runs after the agent's own registrations.
    /// </summary>
    internal static async Task<int> RunAsync(
        string[] args, TextWriter error, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        var (hostArgs, overrides, argumentError) = ParseArguments(args);
        if (argumentError is not null)
        {
            await error.WriteLineAsync(argumentError + Environment.NewLine + Usage);
            return 2;
        }

        WebApplication app;
        EmbeddedGarnet? garnet;
        try
        {
            (app, garnet) = AgentHost.Build(hostArgs, overrides, configureServices);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException)
        {
            await error.WriteLineAsync(StartFailureMessage.Format(exception));
            return 1;
        }

        try
        {
            var sample = app.Configuration.GetSection(SampleOptions.SectionName).Get<SampleOptions>() ?? new SampleOptions();
            if (sample.Enabled)
            {
                LiveSampleWriter.EnsureHistory(sample, DateTimeOffset.UtcNow);
            }

            await AgentHost.SignInToRedisAsync(app, cancellationToken);
            await app.RunAsync(cancellationToken);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C while the agent was starting, for example before an identity endpoint answered.
            return 0;
        }
        catch (Exception exception) when (StartFailureMessage.IsStartFailure(exception))
        {
            await error.WriteLineAsync(StartFailureMessage.Format(exception));
            return 1;
        }
        finally
        {
            await app.DisposeAsync();
            garnet?.Dispose();
        }
    }

    private static (string[] HostArgs, Dictionary<string, string?> Overrides, string? Error) ParseArguments(string[] args)
    {
        var hostArgs = new List<string>();
        var overrides = new Dictionary<string, string?>();
        string? file = null;
        string? headerFormat = null;
        for (var index = 0; index < args.Length; index++)
        {
            switch (args[index])
            {
                case "--file" when index + 1 < args.Length:
                    file = args[++index];
                    break;
                case "--header-format" when index + 1 < args.Length:
                    headerFormat = args[++index];
                    break;
                case "--file" or "--header-format":
                    return ([], overrides, $"Missing value after {args[index]}.");
                default:
                    hostArgs.Add(args[index]);
                    break;
            }
        }

        if (file is not null)
        {
            WarnWhenNothingMatches(file);
            AddFileSource(overrides, "file", file, headerFormat, trainOnHistory: false);
        }
        else if (!SourcesConfigured(hostArgs))
        {
            var sample = new SampleOptions();
            overrides[$"{SampleOptions.SectionName}:Enabled"] = "true";
            overrides["Agent:Detection:InitialMode"] = "Detect";
            overrides["Agent:Sources:0:PollInterval"] = "00:00:02";
            AddFileSource(overrides, "sample", sample.Path, headerFormat, trainOnHistory: true);
        }

        return ([.. hostArgs], overrides, null);
    }

    private static void WarnWhenNothingMatches(string file)
    {
        var fullPath = Path.GetFullPath(file);
        var name = Path.GetFileName(fullPath);
        var directory = Path.GetDirectoryName(fullPath) ?? "/";
        var matches = name.IndexOfAny(['*', '?']) >= 0
            ? Directory.Exists(directory) && Directory.EnumerateFiles(directory, name).Any()
            : File.Exists(fullPath);
        if (!matches)
        {
            Console.Error.WriteLine($"warning: no file matches '{fullPath}' yet; the agent reads it once it appears (GET /api/sources counts the empty polls as no-matching-files).");
        }
    }

    private static void AddFileSource(Dictionary<string, string?> overrides, string name, string path, string? headerFormat, bool trainOnHistory)
    {
        overrides["Agent:Sources:0:Name"] = name;
        overrides["Agent:Sources:0:Type"] = "file";
        overrides["Agent:Sources:0:File:Path"] = Path.GetFullPath(path);
        overrides["Agent:Sources:0:TrainOnHistory"] = trainOnHistory ? "true" : "false";
        if (headerFormat is not null)
        {
            overrides["Agent:Sources:0:HeaderFormat"] = headerFormat;
        }
    }

    private static bool SourcesConfigured(List<string> hostArgs)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. hostArgs])
            .Build();
        return configuration.GetSection("Agent:Sources").GetChildren().Any();
    }
}

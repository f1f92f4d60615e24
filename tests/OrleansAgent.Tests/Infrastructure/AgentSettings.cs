namespace OrleansAgent.Tests.Infrastructure;

/// <summary>Builds the configuration of a test agent that follows one file.</summary>
public static class AgentSettings
{
    public const string SourceName = "app";

    public static Dictionary<string, string?> ForFile(string path, string incidentsFile, int maxEventsPerPoll = 2000) => new()
    {
        ["Agent:Sources:0:Name"] = SourceName,
        ["Agent:Sources:0:Type"] = "file",
        ["Agent:Sources:0:File:Path"] = path,
        ["Agent:Sources:0:MaxEventsPerPoll"] = maxEventsPerPoll.ToString(System.Globalization.CultureInfo.InvariantCulture),

        // Tests drive polls with PollNowAsync; the schedule only adds the first poll at activation.
        ["Agent:Sources:0:PollInterval"] = "01:00:00",
        ["Agent:Detection:IncidentsFile"] = incidentsFile,
    };
}

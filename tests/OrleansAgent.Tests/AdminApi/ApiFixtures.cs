using System.Security.Cryptography;
using System.Text;
using OrleansAgent.Tests.EndToEnd;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>An agent host following a generated log whose first two hours are learned in training mode.</summary>
public class TrainedAgentFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset TrainingStart = SampleLog.Day.AddHours(12);
    public static readonly DateTimeOffset TrainingEnd = SampleLog.Day.AddHours(14);

    private readonly TestDirectory _directory = new();

    public AgentApplication Agent { get; private set; } = null!;

    public SampleLog Log { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>The key the <see cref="Client"/> sends, or null for an API without keys.</summary>
    protected virtual string? ClientKey => null;

    public async Task InitializeAsync()
    {
        Log = new SampleLog(_directory.File("app.log"));
        Log.Append(TrainingStart, TrainingEnd);
        var settings = AgentSettings.ForFile(Log.Path, "");
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        Agent = await AgentApplication.StartAsync(settings);
        Client = Agent.CreateClient(ClientKey);
        await PollToEndAsync();
    }

    /// <summary>Polls the source through the API until it has read everything.</summary>
    public async Task PollToEndAsync()
    {
        for (var poll = 0; poll < 1000; poll++)
        {
            var report = await Agent.Grains.GetGrain<Grains.Interfaces.Sources.ISourcePollerGrain>(AgentSettings.SourceName).PollNowAsync();
            Assert.Null(report.Error);
            if (!report.HasMore && report.Events == 0)
            {
                return;
            }
        }
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Agent.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>A trained agent whose API has a viewer, an operator (by hash) and an admin key.</summary>
public sealed class SecuredAgentFixture : TrainedAgentFixture
{
    public const string ViewerKey = "viewer-key-0123456789abcdef";
    public const string OperatorKey = "operator-key-0123456789abcdef";
    public const string AdminKey = "admin-key-0123456789abcdef";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Agent:Api:Keys:0:Name"] = "ci-viewer",
        ["Agent:Api:Keys:0:Key"] = ViewerKey,
        ["Agent:Api:Keys:0:Role"] = "viewer",
        ["Agent:Api:Keys:1:Name"] = "on-call",
        ["Agent:Api:Keys:1:KeyHash"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(OperatorKey))),
        ["Agent:Api:Keys:1:Role"] = "Operator",
        ["Agent:Api:Keys:2:Name"] = "platform-admin",
        ["Agent:Api:Keys:2:Key"] = AdminKey,
        ["Agent:Api:Keys:2:Role"] = "admin",
    };

    protected override string? ClientKey => AdminKey;
}

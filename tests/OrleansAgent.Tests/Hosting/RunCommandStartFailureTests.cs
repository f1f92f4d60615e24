using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgent.Silo.Commands;
using OrleansAgent.Silo.Hosting.Entra;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Hosting;

/// <summary>
/// The run command on the production host builder: settings or an identity that keep the agent from starting end
/// the command with exit code 1 and one message that names what to fix.
/// </summary>
public sealed class RunCommandStartFailureTests
{
    private const string FailedTokenMessage = "Could not get a Microsoft Entra access token for Redis";

    public static TheoryData<string, string, string> MistypedSettings => new()
    {
        { "Agent:Storage:Entra:Enabled=yes", "'yes' at 'Agent:Storage:Entra:Enabled' to type 'System.Boolean'", "The setting accepts true or false." },
        { "Agent:Storage:Entra:RefreshRetryDelay=abc", "'abc' at 'Agent:Storage:Entra:RefreshRetryDelay'", "accepts a duration as hh:mm:ss or d.hh:mm:ss" },
        { "Agent:Cluster:SiloPort=eleven", "'eleven' at 'Agent:Cluster:SiloPort'", "accepts a whole number" },
        { "Agent:Detection:InitialMode=sometimes", "'sometimes' at 'Agent:Detection:InitialMode'", "accepts one of Training, Shadow, Detect." },
        { "Agent:Sources:0:PollInterval=abc", "'abc' at 'Agent:Sources:0:PollInterval' to type 'System.TimeSpan'", "accepts a duration" },
    };

    [Fact]
    public async Task RunReportsUnavailableEntraTokenOnce()
    {
        using var directory = new TestDirectory();
        var server = await AclRedisServer.GarnetAsync();
        var clientId = Guid.NewGuid().ToString();
        var credential = new FakeEntraCredential();
        credential.FailNext(int.MaxValue);
        using var error = new StringWriter();
        string[] args =
        [
            .. BaseArguments(directory),
            $"--Agent:Storage:RedisConnectionString={server.EndPoint}",
            "--Agent:Storage:Entra:Enabled=true",
            $"--Agent:Storage:Entra:ManagedIdentityClientId={clientId}",
        ];

        var exitCode = await RunAsync(args, error,
            services => services.AddKeyedSingleton<TokenCredential>(RedisEntraOptions.CredentialServiceKey, credential));

        var output = error.ToString();
        Assert.Equal(1, exitCode);
        Assert.StartsWith("The agent could not start: " + FailedTokenMessage, output, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(output, FailedTokenMessage));
        Assert.Contains($"managed identity with client id {clientId}", output, StringComparison.Ordinal);
        Assert.Contains("(scope https://redis.azure.com/.default)", output, StringComparison.Ordinal);
        Assert.Contains("The test identity endpoint is down.", output, StringComparison.Ordinal);
        Assert.Contains("Check that the identity with this client id is assigned to the host", output, StringComparison.Ordinal);
        Assert.Equal(1, credential.Requests);
    }

    [Theory]
    [MemberData(nameof(MistypedSettings))]
    public async Task RunNamesAcceptedValuesOfMistypedSetting(string setting, string binderError, string accepted)
    {
        using var directory = new TestDirectory();
        using var error = new StringWriter();

        var exitCode = await RunAsync([.. BaseArguments(directory), "--" + setting], error);

        var output = error.ToString();
        Assert.Equal(1, exitCode);
        Assert.StartsWith("The agent could not start: Failed to convert configuration value " + binderError, output, StringComparison.Ordinal);
        Assert.Contains(accepted, output, StringComparison.Ordinal);
    }

    private static string[] BaseArguments(TestDirectory directory)
    {
        var log = directory.File("app.log");
        File.WriteAllText(log, "2024-01-01 00:00:00 INFO web: started\n");
        return
        [
            "--file", log,
            "--urls", "http://127.0.0.1:0",
            "--Agent:Storage:EmbeddedDurable=false",
            $"--Agent:Detection:IncidentsFile={directory.File("incidents.jsonl")}",
        ];
    }

    private static async Task<int> RunAsync(string[] args, StringWriter error, Action<IServiceCollection>? configureServices = null)
    {
        // A regression that lets the host start must not hang the test run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await RunCommand.RunAsync(args, error, configureServices, timeout.Token);
    }

    private static int Occurrences(string text, string fragment)
    {
        var count = 0;
        for (var index = text.IndexOf(fragment, StringComparison.Ordinal); index >= 0; index = text.IndexOf(fragment, index + fragment.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

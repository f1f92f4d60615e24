using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Shadow;
using OrleansAgent.Tests.Infrastructure;
using StackExchange.Redis;

namespace OrleansAgent.Tests.EndToEnd;

/// <summary>Canary secrets in the source lines never reach a template, sample, shadow entry, incident, log line or stored state.</summary>
public sealed class RedactionEndToEndTests
{
    private static readonly JsonSerializerOptions ReadableJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task CanarySecretsNeverLeaveRedaction()
    {
        using var directory = new TestDirectory();
        var log = new SampleLog(directory.File("app.log"));
        var incidentsFile = directory.File("incidents.jsonl");
        var settings = AgentSettings.ForFile(log.Path, incidentsFile);
        settings["Agent:Sources:0:File:MultilineStartPattern"] = @"^\d{4}-\d{2}-\d{2}T";
        var logs = new CapturingLoggerProvider();
        await using var agent = await AgentTestCluster.StartAsync(settings, logs: logs);
        var mode = agent.Grains.GetGrain<IModeGrain>(GrainKeys.Cluster);

        log.Append(SampleLog.Day.AddHours(12), SampleLog.Day.AddHours(13));
        await agent.PollToEndAsync(AgentSettings.SourceName);
        await mode.SetAsync(AgentMode.Shadow, "test", "canary check");
        File.AppendAllLines(log.Path, CanarySecrets.Lines(SampleLog.Day.AddHours(13)));
        log.Append(SampleLog.Day.AddHours(13).AddMinutes(1), SampleLog.Day.AddHours(13).AddMinutes(2));
        await agent.PollToEndAsync(AgentSettings.SourceName);
        await mode.SetAsync(AgentMode.Detect, "test", "canary check");
        File.AppendAllLines(log.Path, CanarySecrets.Lines(SampleLog.Day.AddHours(13).AddMinutes(3)));
        log.Append(SampleLog.Day.AddHours(13).AddMinutes(4), SampleLog.Day.AddHours(13).AddMinutes(5));
        await agent.PollToEndAsync(AgentSettings.SourceName);
        await agent.DrainSignalsAsync(AgentSettings.SourceName);

        var written = await CollectEverythingWrittenAsync(agent, incidentsFile, logs);

        foreach (var placeholder in new[] { "<SECRET>", "<EMAIL>", "<JWT>", "<AWS_ACCESS_KEY_ID>", "<PRIVATE_KEY>", "<CARD>" })
        {
            Assert.Contains(placeholder, written.Api);
        }

        Assert.NotEmpty(await agent.IncidentsAsync());
        foreach (var secret in CanarySecrets.AllSecrets)
        {
            Assert.DoesNotContain(secret, written.Api);
            Assert.DoesNotContain(secret, written.Journal);
            Assert.DoesNotContain(secret, written.Logs);
            Assert.DoesNotContain(secret, written.Store);
        }
    }

    private static async Task<(string Api, string Journal, string Logs, string Store)> CollectEverythingWrittenAsync(
        AgentTestCluster agent, string incidentsFile, CapturingLoggerProvider logs)
    {
        var api = new StringBuilder();
        var patterns = await agent.PatternsAsync();
        foreach (var pattern in patterns)
        {
            api.AppendLine(JsonSerializer.Serialize(await agent.Grains.GetGrain<IPatternGrain>(pattern.PatternId).GetAsync(), ReadableJson));
        }

        api.AppendLine(JsonSerializer.Serialize(await agent.Grains.GetGrain<IShadowLogGrain>(GrainKeys.Cluster)
            .QueryAsync(new ShadowQuery(null, null, null, 0, 1000)), ReadableJson));
        foreach (var incident in await agent.IncidentsAsync())
        {
            api.AppendLine(JsonSerializer.Serialize(await agent.Grains.GetGrain<IIncidentGrain>(incident.Id).GetAsync(), ReadableJson));
        }

        var journal = File.Exists(incidentsFile) ? await File.ReadAllTextAsync(incidentsFile) : "";
        return (api.ToString(), journal, string.Join('\n', logs.Messages), await DumpStoreAsync(agent.ServiceId));
    }

    /// <summary>Reads every stored value of the cluster's service id, as raw bytes decoded leniently.</summary>
    private static async Task<string> DumpStoreAsync(string serviceId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(SharedGarnet.ConnectionString);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var database = redis.GetDatabase();
        var dump = new StringBuilder();
        await foreach (var key in server.KeysAsync(pattern: serviceId + "*"))
        {
            var type = await database.KeyTypeAsync(key);
            if (type == RedisType.Hash)
            {
                foreach (var entry in await database.HashGetAllAsync(key))
                {
                    dump.AppendLine(Encoding.UTF8.GetString((byte[])entry.Value!));
                }
            }
            else if (type == RedisType.String)
            {
                dump.AppendLine(Encoding.UTF8.GetString((byte[])(await database.StringGetAsync(key))!));
            }
        }

        Assert.True(dump.Length > 0, $"No stored state found under '{serviceId}'.");
        return dump.ToString();
    }
}

using OrleansAgent.Grains.Audit;
using OrleansAgent.Grains.Interfaces.Audit;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>The audit log keeps the newest entries, numbers them and survives a restart.</summary>
public sealed class AuditLogGrainTests
{
    [Fact]
    public async Task AuditLogKeepsNewestEntriesAcrossRestart()
    {
        var serviceId = "audit-" + Guid.NewGuid().ToString("N")[..12];
        var at = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
        await using (var first = await AgentTestCluster.StartAsync(new Dictionary<string, string?>(), serviceId))
        {
            var log = first.Grains.GetGrain<IAuditLogGrain>(GrainKeys.Cluster);
            for (var index = 1; index <= AuditLogGrain.MaxEntries + 5; index++)
            {
                await log.RecordAsync(new AuditEntry(0, at.AddSeconds(index), "tester", "PUT /api/mode", "mode", null, $"{{\"n\":{index}}}"));
            }
        }

        await using var second = await AgentTestCluster.StartAsync(new Dictionary<string, string?>(), serviceId);
        var page = await second.Grains.GetGrain<IAuditLogGrain>(GrainKeys.Cluster).QueryAsync(0, 2);
        var oldest = await second.Grains.GetGrain<IAuditLogGrain>(GrainKeys.Cluster).QueryAsync(AuditLogGrain.MaxEntries - 1, 10);

        Assert.Equal(AuditLogGrain.MaxEntries, page.Total);
        Assert.Equal([AuditLogGrain.MaxEntries + 5L, AuditLogGrain.MaxEntries + 4L], page.Items.Select(entry => entry.Sequence).ToArray());
        Assert.Equal(6, Assert.Single(oldest.Items).Sequence);
    }
}

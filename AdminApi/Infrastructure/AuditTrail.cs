using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Interfaces.Audit;

namespace OrleansAgent.AdminApi.Infrastructure;

/// <summary>Records a change in the audit log: who, the route and target, the state before and after, and when.</summary>
public sealed class AuditTrail(IGrainFactory grains, IOptions<JsonOptions> json, TimeProvider timeProvider)
{
    /// <summary>Characters of one before or after document kept; larger states are cut and marked.</summary>
    public const int MaxDocumentChars = 4000;

    public async Task RecordAsync(HttpContext context, string? target, object? before, object? after, string? actor = null)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var entry = new AuditEntry(
            0,
            timeProvider.GetUtcNow(),
            actor ?? Caller.Name(context),
            $"{context.Request.Method} {route}",
            target,
            Serialize(before),
            Serialize(after));
        await grains.GetGrain<IAuditLogGrain>(GrainKeys.Cluster).RecordAsync(entry);
    }

    private string? Serialize(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);
        return text.Length <= MaxDocumentChars ? text : string.Concat(text.AsSpan(0, MaxDocumentChars), "…[truncated]");
    }
}

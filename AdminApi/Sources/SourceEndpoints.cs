using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.Grains.Sources.Polling;

namespace OrleansAgent.AdminApi.Sources;

/// <summary>Shows and controls the source pollers.</summary>
public static class SourceEndpoints
{
    public static RouteGroupBuilder MapSourceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/sources").WithTags("Sources");

        group.MapGet("/", ListSources).WithName("ListSources")
            .WithSummary("Returns each source poller's status, cursor, lag, lines read and last error.");
        group.MapPost("/{name}/pause", Pause).WithName("PauseSource").WithSummary("Stops scheduled polls of a source.");
        group.MapPost("/{name}/resume", Resume).WithName("ResumeSource").WithSummary("Restarts scheduled polls of a source.");
        group.MapPost("/{name}/poll", PollNow).WithName("PollSource").WithSummary("Runs one poll of a source now.");

        return group;
    }

    private static async Task<Ok<ImmutableArray<SourceStatus>>> ListSources(IGrainFactory grains, ISourceRegistry sources)
    {
        var statuses = await Task.WhenAll(sources.PollerKeys.Select(key => grains.GetGrain<ISourcePollerGrain>(key).GetStatusAsync()));
        return TypedResults.Ok(statuses.ToImmutableArray());
    }

    private static Task<Results<Ok<SourceStatus>, ProblemHttpResult>> Pause(
        string name, HttpContext context, IGrainFactory grains, ISourceRegistry sources, AuditTrail audit) =>
        SetPausedAsync(name, paused: true, context, grains, sources, audit);

    private static Task<Results<Ok<SourceStatus>, ProblemHttpResult>> Resume(
        string name, HttpContext context, IGrainFactory grains, ISourceRegistry sources, AuditTrail audit) =>
        SetPausedAsync(name, paused: false, context, grains, sources, audit);

    private static async Task<Results<Ok<PollReport>, ProblemHttpResult>> PollNow(string name, IGrainFactory grains, ISourceRegistry sources)
    {
        if (!sources.PollerKeys.Contains(name))
        {
            return NotConfigured(name);
        }

        return TypedResults.Ok(await grains.GetGrain<ISourcePollerGrain>(name).PollNowAsync());
    }

    private static async Task<Results<Ok<SourceStatus>, ProblemHttpResult>> SetPausedAsync(
        string name, bool paused, HttpContext context, IGrainFactory grains, ISourceRegistry sources, AuditTrail audit)
    {
        if (!sources.PollerKeys.Contains(name))
        {
            return NotConfigured(name);
        }

        var poller = grains.GetGrain<ISourcePollerGrain>(name);
        var before = (await poller.GetStatusAsync()).IsPaused;
        var status = await poller.SetPausedAsync(paused);
        await audit.RecordAsync(context, name, new { IsPaused = before }, new { status.IsPaused });
        return TypedResults.Ok(status);
    }

    private static ProblemHttpResult NotConfigured(string name) =>
        ApiResults.NotFound($"Source '{name}' is not configured. GET /api/sources lists the configured names (a shard is 'source/shard', URL-encoded).");
}

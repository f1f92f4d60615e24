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
        group.MapPost("/{name}/rewind", Rewind).WithName("RewindSource")
            .WithSummary("Reads a source again from a past time, in the current mode.");
        group.MapPost("/{name}/backfill", Backfill).WithName("BackfillSource")
            .WithSummary("Trains on a source's history from a past time (until an end time or until caught up), whatever the mode.");

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

    private static Task<Results<Ok<SourceStatus>, ProblemHttpResult, ValidationProblem>> Rewind(
        string name, RewindRequest request, HttpContext context, IGrainFactory grains, ISourceRegistry sources, TimeProvider time, AuditTrail audit) =>
        RewindAsync(name, request, train: false, context, grains, sources, time, audit);

    private static Task<Results<Ok<SourceStatus>, ProblemHttpResult, ValidationProblem>> Backfill(
        string name, RewindRequest request, HttpContext context, IGrainFactory grains, ISourceRegistry sources, TimeProvider time, AuditTrail audit) =>
        RewindAsync(name, request, train: true, context, grains, sources, time, audit);

    private static async Task<Results<Ok<SourceStatus>, ProblemHttpResult, ValidationProblem>> RewindAsync(
        string name, RewindRequest request, bool train, HttpContext context, IGrainFactory grains, ISourceRegistry sources, TimeProvider time, AuditTrail audit)
    {
        if (!sources.PollerKeys.Contains(name))
        {
            return NotConfigured(name);
        }

        var errors = new Dictionary<string, string[]>();
        if (request.From is not { } from || from > time.GetUtcNow())
        {
            errors["from"] = ["Give from as a past ISO 8601 time, for example 2026-12-01T00:00:00Z."];
        }
        else if (request.Until is { } until && until <= from)
        {
            errors["until"] = [$"until ({until:O}) must be after from ({from:O})."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var poller = grains.GetGrain<ISourcePollerGrain>(name);
        var before = await poller.GetStatusAsync();
        var status = await poller.RewindAsync(request.From!.Value, request.Until, train);
        await audit.RecordAsync(context, name, new { before.Cursor }, new { status.Cursor, request.From, request.Until, Train = train });
        return TypedResults.Ok(status);
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

/// <summary>The body of <c>POST /api/sources/{name}/rewind</c> and <c>/backfill</c>: the event-time range to read again.</summary>
public sealed record RewindRequest(DateTimeOffset? From, DateTimeOffset? Until);

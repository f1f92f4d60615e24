using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.Grains.Interfaces.Modes;

namespace OrleansAgent.AdminApi.Modes;

/// <summary>Reads and switches the agent mode.</summary>
public static class ModeEndpoints
{
    public static RouteGroupBuilder MapModeEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/mode").WithTags("Mode");

        group.MapGet("/", GetMode).WithName("GetMode").WithSummary("Returns the current mode.");
        group.MapPut("/", SetMode).WithName("SetMode").WithSummary("Switches to training, shadow or detect, with a reason.");
        group.MapGet("/history", GetHistory).WithName("GetModeHistory").WithSummary("Returns every mode change, oldest first.");
        group.MapGet("/readiness", ReadinessEndpoint.GetReadiness).WithName("GetModeReadiness")
            .WithSummary("Reports how fast the catalog still grows and the measured shadow precision, with a recommendation.");

        return group;
    }

    private static async Task<Ok<ModeResponse>> GetMode(IGrainFactory grains)
    {
        var status = await grains.GetGrain<IModeGrain>(GrainKeys.Cluster).GetAsync();
        return TypedResults.Ok(ModeResponse.From(status));
    }

    private static async Task<Results<Ok<ModeResponse>, ValidationProblem>> SetMode(SetModeRequest request, HttpContext context, IGrainFactory grains, AuditTrail audit)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiEnums.TryParseMode(request.Mode, out var mode))
        {
            errors["mode"] = [$"Unknown mode '{request.Mode}'. Use training, shadow or detect."];
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors["reason"] = ["A reason is required, so the mode history explains every change."];
        }
        else if (request.Reason.Length > 1000)
        {
            errors["reason"] = ["The reason must be at most 1000 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var modeGrain = grains.GetGrain<IModeGrain>(GrainKeys.Cluster);
        var before = await modeGrain.GetAsync();
        var status = await modeGrain.SetAsync(mode, Caller.Name(context), request.Reason!.Trim());
        var response = ModeResponse.From(status);
        await audit.RecordAsync(context, "mode", ModeResponse.From(before), response);
        return TypedResults.Ok(response);
    }

    private static async Task<Ok<ImmutableArray<ModeChangeResponse>>> GetHistory(IGrainFactory grains)
    {
        var history = await grains.GetGrain<IModeGrain>(GrainKeys.Cluster).GetHistoryAsync();
        return TypedResults.Ok(history.Select(ModeChangeResponse.Create).ToImmutableArray());
    }
}

/// <summary>The body of <c>PUT /api/mode</c>.</summary>
public sealed record SetModeRequest(string? Mode, string? Reason);

/// <summary>The current mode.</summary>
public sealed record ModeResponse(string Mode, DateTimeOffset? ChangedAt, string? ChangedBy, string? Reason)
{
    public static ModeResponse From(ModeStatus status) =>
        new(ApiEnums.Format(status.Mode), status.ChangedAt, status.ChangedBy, status.Reason);
}

/// <summary>One mode change.</summary>
public sealed record ModeChangeResponse(string From, string To, DateTimeOffset At, string ChangedBy, string Reason)
{
    public static ModeChangeResponse Create(ModeChange change) =>
        new(ApiEnums.Format(change.From), ApiEnums.Format(change.To), change.At, change.ChangedBy, change.Reason);
}

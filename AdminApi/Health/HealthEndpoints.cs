using OrleansAgent.Grains.Interfaces.Modes;

namespace OrleansAgent.AdminApi.Health;

/// <summary>Liveness and readiness for load balancers and container platforms.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => TypedResults.Ok(new HealthResponse("ok", null)))
            .WithTags("Health").WithName("Health").WithSummary("Returns 200 while the process serves requests.").AllowAnonymous();
        routes.MapGet("/health/ready", Ready)
            .WithTags("Health").WithName("Ready").WithSummary("Returns 200 when the silo answers grain calls and storage is reachable.").AllowAnonymous();
        return routes;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Ready(IGrainFactory grains)
    {
        try
        {
            var mode = await grains.GetGrain<IModeGrain>(GrainKeys.Cluster).GetAsync().WaitAsync(TimeSpan.FromSeconds(5));
            return TypedResults.Ok(new HealthResponse("ready", mode.Mode.ToString().ToLowerInvariant()));
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            return TypedResults.Json(new HealthResponse("not ready: " + exception.GetType().Name, null), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

/// <summary>The body of a health or readiness response.</summary>
public sealed record HealthResponse(string Status, string? Mode);

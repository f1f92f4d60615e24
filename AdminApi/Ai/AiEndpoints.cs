using OrleansAgent.Grains.Analysis.Ai;

namespace OrleansAgent.AdminApi.Ai;

/// <summary>The state of the model analyzer on the silo that serves the request.</summary>
public static class AiEndpoints
{
    public static IEndpointRouteBuilder MapAiEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/ai", GetStatus).WithTags("AI").WithName("GetAiStatus")
            .WithSummary("Returns whether a model is configured, its host and name, the budget, circuit state and counters of this silo.");
        return routes;
    }

    private static async Task<Ok<AiAnalyzerStatus>> GetStatus(AiAnalyzer analyzer, CancellationToken cancellationToken) =>
        TypedResults.Ok(await analyzer.GetStatusAsync(cancellationToken));
}

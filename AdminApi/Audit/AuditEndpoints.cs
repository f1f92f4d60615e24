using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.AdminApi.Security;
using OrleansAgent.Grains.Interfaces.Audit;

namespace OrleansAgent.AdminApi.Audit;

/// <summary>The audit log of changes made through the API (admin).</summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(ApiRoles.AdminPolicy);
        group.MapGet("/", List).WithName("ListAuditEntries")
            .WithSummary("Lists changes, newest first: who, route and target, state before and after, and when.");
        return group;
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> List(IGrainFactory grains, int? offset, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Validate(offset, limit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await grains.GetGrain<IAuditLogGrain>(GrainKeys.Cluster).QueryAsync(offset ?? 0, limit ?? Paging.DefaultLimit));
    }
}

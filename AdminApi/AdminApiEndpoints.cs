using OrleansAgent.AdminApi.Ai;
using OrleansAgent.AdminApi.Audit;
using OrleansAgent.AdminApi.Catalog;
using OrleansAgent.AdminApi.Explain;
using OrleansAgent.AdminApi.Health;
using OrleansAgent.AdminApi.Incidents;
using OrleansAgent.AdminApi.Modes;
using OrleansAgent.AdminApi.Patterns;
using OrleansAgent.AdminApi.Rules;
using OrleansAgent.AdminApi.Security;
using OrleansAgent.AdminApi.Shadow;
using OrleansAgent.AdminApi.Sources;

namespace OrleansAgent.AdminApi;

/// <summary>Maps every area of the admin API.</summary>
public static class AdminApiEndpoints
{
    /// <summary>
    /// Maps the anonymous health endpoints and, behind the API policy (reads: viewer, changes: operator; some
    /// areas require admin on top), every <c>/api</c> area.
    /// </summary>
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthEndpoints();

        var api = routes.MapGroup("").RequireAuthorization(ApiRoles.ApiPolicy);
        api.MapModeEndpoints();
        api.MapPatternEndpoints();
        api.MapShadowEndpoints();
        api.MapIncidentEndpoints();
        api.MapSourceEndpoints();
        api.MapAuditEndpoints();
        api.MapExplainEndpoints();
        api.MapRuleEndpoints();
        api.MapCatalogEndpoints();
        api.MapAiEndpoints();
        return routes;
    }
}

using OrleansAgent.AdminApi.Health;
using OrleansAgent.AdminApi.Incidents;
using OrleansAgent.AdminApi.Modes;
using OrleansAgent.AdminApi.Patterns;
using OrleansAgent.AdminApi.Shadow;
using OrleansAgent.AdminApi.Sources;

namespace OrleansAgent.AdminApi;

/// <summary>Maps every area of the admin API.</summary>
public static class AdminApiEndpoints
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthEndpoints();
        routes.MapModeEndpoints();
        routes.MapPatternEndpoints();
        routes.MapShadowEndpoints();
        routes.MapIncidentEndpoints();
        routes.MapSourceEndpoints();
        return routes;
    }
}

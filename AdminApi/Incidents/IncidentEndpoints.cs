using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.Grains.Interfaces.Incidents;

namespace OrleansAgent.AdminApi.Incidents;

/// <summary>Lists incidents and acknowledges or resolves one.</summary>
public static class IncidentEndpoints
{
    public static RouteGroupBuilder MapIncidentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/incidents").WithTags("Incidents");

        group.MapGet("/", ListIncidents).WithName("ListIncidents")
            .WithSummary("Lists incidents, newest first, filtered by status, minimum severity, source or pattern.");
        group.MapGet("/{id}", GetIncident).WithName("GetIncident")
            .WithSummary("Returns one incident with its latest finding, timeline and deliveries.");
        group.MapPost("/{id}/acknowledge", Acknowledge).WithName("AcknowledgeIncident").WithSummary("Acknowledges an incident.");
        group.MapPost("/{id}/resolve", Resolve).WithName("ResolveIncident").WithSummary("Resolves an incident.");
        routes.MapIncidentAckLink();

        return group;
    }

    private static async Task<Results<Ok<IncidentPage>, ValidationProblem>> ListIncidents(
        IGrainFactory grains, string? status, string? severity, string? source, string? pattern, int? offset, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        IncidentStatus? statusFilter = null;
        Severity? severityFilter = null;
        if (status is not null)
        {
            if (ApiEnums.TryParse<IncidentStatus>(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = [$"Unknown status '{status}'. Use one of: {ApiEnums.Words<IncidentStatus>()}."];
            }
        }

        if (severity is not null)
        {
            if (ApiEnums.TryParse<Severity>(severity, out var parsed))
            {
                severityFilter = parsed;
            }
            else
            {
                errors["severity"] = [$"Unknown severity '{severity}'. Use one of: {ApiEnums.Words<Severity>()}."];
            }
        }

        Paging.Validate(offset, limit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = new IncidentQuery(statusFilter, severityFilter, source, pattern, offset ?? 0, limit ?? Paging.DefaultLimit);
        return TypedResults.Ok(await grains.GetGrain<IIncidentRegistryGrain>(GrainKeys.Cluster).QueryAsync(query));
    }

    private static async Task<Results<Ok<IncidentDetails>, ProblemHttpResult>> GetIncident(string id, IGrainFactory grains)
    {
        var details = await grains.GetGrain<IIncidentGrain>(id).GetAsync();
        return details is null ? ApiResults.NotFound($"Incident '{id}' does not exist.") : TypedResults.Ok(details);
    }

    private static async Task<Results<Ok<IncidentSummary>, ProblemHttpResult>> Acknowledge(string id, HttpContext context, IGrainFactory grains, AuditTrail audit)
    {
        var summary = await grains.GetGrain<IIncidentGrain>(id).AcknowledgeAsync(Caller.Name(context));
        if (summary is null)
        {
            return ApiResults.NotFound($"Incident '{id}' does not exist.");
        }

        await audit.RecordAsync(context, id, null, summary);
        return TypedResults.Ok(summary);
    }

    private static async Task<Results<Ok<IncidentSummary>, ProblemHttpResult>> Resolve(
        string id, ResolveIncidentRequest? request, HttpContext context, IGrainFactory grains, AuditTrail audit)
    {
        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? "resolved through the admin API" : request.Reason.Trim();
        var summary = await grains.GetGrain<IIncidentGrain>(id).ResolveAsync(Caller.Name(context), reason);
        if (summary is null)
        {
            return ApiResults.NotFound($"Incident '{id}' does not exist.");
        }

        await audit.RecordAsync(context, id, null, summary);
        return TypedResults.Ok(summary);
    }
}

/// <summary>The optional body of <c>POST /api/incidents/{id}/resolve</c>.</summary>
public sealed record ResolveIncidentRequest(string? Reason);

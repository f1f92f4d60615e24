using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.Grains.Interfaces.Shadow;

namespace OrleansAgent.AdminApi.Shadow;

/// <summary>The shadow log: what the agent would have reported, and operator reviews of it.</summary>
public static class ShadowEndpoints
{
    private const int MaxNoteLength = 4000;

    public static RouteGroupBuilder MapShadowEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/shadow").WithTags("Shadow");

        group.MapGet("/", ListEntries).WithName("ListShadowEntries")
            .WithSummary("Lists shadow entries, newest first, filtered by source, verdict or review state.");
        group.MapPost("/{id}/review", Review).WithName("ReviewShadowEntry")
            .WithSummary("Marks a shadow entry as a real problem or as noise.");
        group.MapGet("/precision", GetPrecision).WithName("GetShadowPrecision")
            .WithSummary("Returns the share of reviewed shadow entries that were real problems.");
        group.MapGet("/precision/daily", ShadowPrecisionHistory.GetDaily).WithName("GetShadowPrecisionDaily")
            .WithSummary("Returns the precision of reviews per UTC day of review, oldest first.");

        return group;
    }

    private static async Task<Results<Ok<ShadowPage>, ValidationProblem>> ListEntries(
        IGrainFactory grains, string? source, string? verdict, bool? reviewed, int? offset, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        Verdict? verdictFilter = null;
        if (verdict is not null)
        {
            if (ApiEnums.TryParse<Verdict>(verdict, out var parsed))
            {
                verdictFilter = parsed;
            }
            else
            {
                errors["verdict"] = [$"Unknown verdict '{verdict}'. Use one of: {ApiEnums.Words<Verdict>()}."];
            }
        }

        Paging.Validate(offset, limit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = new ShadowQuery(source, verdictFilter, reviewed, offset ?? 0, limit ?? Paging.DefaultLimit);
        return TypedResults.Ok(await grains.GetGrain<IShadowLogGrain>(GrainKeys.Cluster).QueryAsync(query));
    }

    private static async Task<Results<Ok<ShadowEntry>, ProblemHttpResult, ValidationProblem>> Review(
        string id, ReviewShadowRequest request, HttpContext context, IGrainFactory grains, TimeProvider timeProvider, AuditTrail audit)
    {
        if (request.IsRealProblem is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["isRealProblem"] = ["Set isRealProblem to true (a real problem) or false (noise)."],
            });
        }

        if (request.Note is { Length: > MaxNoteLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["note"] = [$"The note must be at most {MaxNoteLength} characters."],
            });
        }

        var review = new ShadowReview(request.IsRealProblem.Value, Caller.Name(context), timeProvider.GetUtcNow(), request.Note);
        var entry = await grains.GetGrain<IShadowLogGrain>(GrainKeys.Cluster).ReviewAsync(id, review);
        if (entry is null)
        {
            return ApiResults.NotFound($"Shadow entry '{id}' does not exist.");
        }

        await audit.RecordAsync(context, id, null, review);
        return TypedResults.Ok(entry);
    }

    private static async Task<Ok<ShadowPrecision>> GetPrecision(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IShadowLogGrain>(GrainKeys.Cluster).GetPrecisionAsync());
}

/// <summary>The body of <c>POST /api/shadow/{id}/review</c>.</summary>
public sealed record ReviewShadowRequest(bool? IsRealProblem, string? Note);

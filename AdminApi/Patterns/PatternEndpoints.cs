using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.AdminApi.Patterns;

/// <summary>Lists patterns from the catalog index and reads or changes one pattern through its own grain.</summary>
public static class PatternEndpoints
{
    private const int MaxLabels = 50;
    private const int MaxLabelLength = 100;
    private const int MaxNoteLength = 4000;

    public static RouteGroupBuilder MapPatternEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/patterns").WithTags("Patterns");

        group.MapGet("/", ListPatterns).WithName("ListPatterns")
            .WithSummary("Lists patterns, filtered by status, source, label or template text, sorted and paged.");
        group.MapGet("/{id}", GetPattern).WithName("GetPattern")
            .WithSummary("Returns one pattern with its recent counts, baseline, samples, labels and verdict trail.");
        group.MapPatch("/{id}", UpdatePattern).WithName("UpdatePattern")
            .WithSummary("Sets the status (candidate, known, suppressed, escalate), labels or note of a pattern.");
        group.MapPatternChanges();

        return group;
    }

    private static async Task<Results<Ok<PatternPage>, ValidationProblem>> ListPatterns(
        IGrainFactory grains, string? status, string? source, string? label, string? q, string? sort, bool? desc, int? offset, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        PatternStatus? statusFilter = null;
        if (status is not null)
        {
            if (ApiEnums.TryParse<PatternStatus>(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = [$"Unknown status '{status}'. Use one of: {ApiEnums.Words<PatternStatus>()}."];
            }
        }

        var sortOrder = PatternSort.Count;
        if (sort is not null && !ApiEnums.TryParse(sort.Replace("_", "", StringComparison.Ordinal), out sortOrder))
        {
            errors["sort"] = [$"Unknown sort '{sort}'. Use one of: count, lastseen, firstseen, rate."];
        }

        Paging.Validate(offset, limit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = new PatternQuery(statusFilter, source, label, q, sortOrder, desc ?? true, offset ?? 0, limit ?? Paging.DefaultLimit);
        return TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster).QueryAsync(query));
    }

    private static async Task<Results<Ok<PatternDetails>, ProblemHttpResult>> GetPattern(string id, IGrainFactory grains)
    {
        var details = await grains.GetGrain<IPatternGrain>(id).GetAsync();
        return details is null ? ApiResults.NotFound($"Pattern '{id}' does not exist.") : TypedResults.Ok(details);
    }

    private static async Task<Results<Ok<PatternDetails>, ProblemHttpResult, ValidationProblem>> UpdatePattern(
        string id, UpdatePatternRequest request, HttpContext context, IGrainFactory grains, AuditTrail audit)
    {
        var errors = new Dictionary<string, string[]>();
        PatternStatus? status = null;
        if (request.Status is not null)
        {
            if (ApiEnums.TryParse<PatternStatus>(request.Status, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = [$"Unknown status '{request.Status}'. Use one of: {ApiEnums.Words<PatternStatus>()}."];
            }
        }

        if (request.Labels is { } labels && (labels.Count > MaxLabels || labels.Any(label => string.IsNullOrWhiteSpace(label) || label.Length > MaxLabelLength)))
        {
            errors["labels"] = [$"Give at most {MaxLabels} labels, each 1 to {MaxLabelLength} characters."];
        }

        if (request.Note is { Length: > MaxNoteLength })
        {
            errors["note"] = [$"The note must be at most {MaxNoteLength} characters."];
        }

        if (request.Status is null && request.Labels is null && request.Note is null)
        {
            errors["body"] = ["Give at least one of status, labels or note."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var grain = grains.GetGrain<IPatternGrain>(id);
        if (await grain.GetAsync() is not { } before)
        {
            return ApiResults.NotFound($"Pattern '{id}' does not exist.");
        }

        var labelsUpdate = request.Labels is null ? (ImmutableArray<string>?)null : [.. request.Labels];
        var details = await grain.UpdateAsync(new PatternUpdate(status, labelsUpdate, request.Note), Caller.Name(context));
        await grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster).UpsertAsync([details.Summary]);
        await audit.RecordAsync(context, id, AuditView(before), AuditView(details));
        return TypedResults.Ok(details);
    }

    /// <summary>The operator-managed part of a pattern, as the audit log records it.</summary>
    internal static object AuditView(PatternDetails details) => new
    {
        details.Summary.PatternId,
        details.Summary.Status,
        details.Summary.Labels,
        details.Note,
        details.Summary.TotalCount,
        details.Summary.MergedInto,
        details.BaselineWindows,
    };
}

/// <summary>The body of <c>PATCH /api/patterns/{id}</c>; absent members stay as they are.</summary>
public sealed record UpdatePatternRequest(string? Status, List<string>? Labels, string? Note);

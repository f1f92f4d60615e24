using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.AdminApi.Security;
using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.AdminApi.Patterns;

/// <summary>Resets, merges and deletes patterns.</summary>
public static class PatternChangeEndpoints
{
    public static RouteGroupBuilder MapPatternChanges(this RouteGroupBuilder group)
    {
        group.MapPost("/{id}/reset-baseline", ResetBaseline).WithName("ResetPatternBaseline")
            .WithSummary("Forgets the frequency baseline of a pattern, which then learns its rate again.");
        group.MapPost("/{id}/merge", Merge).WithName("MergePattern")
            .WithSummary("Merges this pattern into another: counts and labels move to the target, this one is marked merged.");
        group.MapDelete("/{id}", Delete).WithName("DeletePattern").RequireAuthorization(ApiRoles.AdminPolicy)
            .WithSummary("Deletes a pattern's state and catalog row (admin).");
        return group;
    }

    private static async Task<Results<Ok<PatternDetails>, ProblemHttpResult>> ResetBaseline(
        string id, HttpContext context, IGrainFactory grains, AuditTrail audit)
    {
        var grain = grains.GetGrain<IPatternGrain>(id);
        if (await grain.GetAsync() is not { } before)
        {
            return ApiResults.NotFound($"Pattern '{id}' does not exist.");
        }

        var details = await grain.ResetBaselineAsync(Caller.Name(context));
        await grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster).UpsertAsync([details.Summary]);
        await audit.RecordAsync(context, id, BaselineView(before), BaselineView(details));
        return TypedResults.Ok(details);
    }

    private static async Task<Results<Ok<PatternDetails>, ProblemHttpResult, ValidationProblem>> Merge(
        string id, MergePatternRequest request, HttpContext context, IGrainFactory grains, AuditTrail audit)
    {
        var into = request.Into?.Trim();
        if (string.IsNullOrEmpty(into) || into == id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["into"] = ["Give the id of another pattern to merge into, as {\"into\": \"<pattern id>\"}."],
            });
        }

        var source = grains.GetGrain<IPatternGrain>(id);
        var target = grains.GetGrain<IPatternGrain>(into);
        var sourceBefore = await source.GetAsync();
        var targetBefore = await target.GetAsync();
        if (sourceBefore is null || targetBefore is null)
        {
            return ApiResults.NotFound($"Pattern '{(sourceBefore is null ? id : into)}' does not exist.");
        }

        if (sourceBefore.Summary.MergedInto is { } already && already != into)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = [$"Pattern '{id}' was already merged into '{already}'."],
            });
        }

        // NOTE: the source's miner still maps lines of this template to the merged id, so later lines keep counting
        // there until the miner merges the templates itself; merge again, or suppress the merged pattern.
        var merged = await source.MarkMergedAsync(into) ?? throw new KeyNotFoundException($"Pattern '{id}' does not exist.");
        var targetSummary = await target.AbsorbAsync(merged);
        await grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster).UpsertAsync([merged.Summary with { MergedInto = into }, targetSummary]);

        var after = await target.GetAsync() ?? throw new KeyNotFoundException($"Pattern '{into}' does not exist.");
        await audit.RecordAsync(
            context,
            id,
            new { Source = PatternEndpoints.AuditView(sourceBefore), Target = PatternEndpoints.AuditView(targetBefore) },
            new { Source = PatternEndpoints.AuditView(merged), Target = PatternEndpoints.AuditView(after) });
        return TypedResults.Ok(after);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, HttpContext context, IGrainFactory grains, AuditTrail audit)
    {
        var grain = grains.GetGrain<IPatternGrain>(id);
        var before = await grain.GetAsync();
        var existed = await grain.DeleteAsync(Caller.Name(context));
        await grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster).RemoveAsync(id);
        if (!existed || before is null)
        {
            return ApiResults.NotFound($"Pattern '{id}' does not exist.");
        }

        await audit.RecordAsync(context, id, PatternEndpoints.AuditView(before), null);
        return TypedResults.NoContent();
    }

    private static object BaselineView(PatternDetails details) => new
    {
        details.Summary.BaselineMean,
        details.BaselineStdDev,
        details.BaselineWindows,
    };
}

/// <summary>The body of <c>POST /api/patterns/{id}/merge</c>.</summary>
public sealed record MergePatternRequest(string? Into);

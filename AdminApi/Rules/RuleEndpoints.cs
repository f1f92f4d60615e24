using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.AdminApi.Security;
using OrleansAgent.Grains.Interfaces.Rules;
using OrleansAgent.Grains.Rules;

namespace OrleansAgent.AdminApi.Rules;

/// <summary>
/// Regex rules and custom redaction patterns. Reads need viewer, changes admin. A change is validated (compiles,
/// match timeout, backtracking probes), stored in the rules grain and in force on this silo at once and on the
/// others within the refresh interval.
/// </summary>
public static class RuleEndpoints
{
    public static IEndpointRouteBuilder MapRuleEndpoints(this IEndpointRouteBuilder routes)
    {
        var rules = routes.MapGroup("/api/rules").WithTags("Rules");
        rules.MapGet("/", ListRules).WithName("ListRules").WithSummary("Lists the regex rules in force and the rule set version.");
        rules.MapGet("/{name}", GetRule).WithName("GetRule").WithSummary("Returns one rule.");
        rules.MapPost("/", CreateRule).WithName("CreateRule").RequireAuthorization(ApiRoles.AdminPolicy)
            .WithSummary("Adds a rule at the end (admin).");
        rules.MapPut("/{name}", ReplaceRule).WithName("ReplaceRule").RequireAuthorization(ApiRoles.AdminPolicy)
            .WithSummary("Replaces a rule, keeping its position (admin).");
        rules.MapDelete("/{name}", DeleteRule).WithName("DeleteRule").RequireAuthorization(ApiRoles.AdminPolicy)
            .WithSummary("Deletes a rule (admin).");

        var patterns = routes.MapGroup("/api/redaction-patterns").WithTags("Rules");
        patterns.MapGet("/", ListPatterns).WithName("ListRedactionPatterns").WithSummary("Lists the custom redaction patterns in force.");
        patterns.MapGet("/{name}", GetPattern).WithName("GetRedactionPattern").WithSummary("Returns one custom redaction pattern.");
        patterns.MapPost("/", CreatePattern).WithName("CreateRedactionPattern").RequireAuthorization(ApiRoles.AdminPolicy)
            .WithSummary("Adds a custom redaction pattern (admin).");
        patterns.MapPut("/{name}", ReplacePattern).WithName("ReplaceRedactionPattern").RequireAuthorization(ApiRoles.AdminPolicy)
            .WithSummary("Replaces a custom redaction pattern (admin).");
        patterns.MapDelete("/{name}", DeletePattern).WithName("DeleteRedactionPattern").RequireAuthorization(ApiRoles.AdminPolicy)
            .WithSummary("Deletes a custom redaction pattern (admin).");
        return routes;
    }

    private static async Task<Ok<RuleList>> ListRules(IGrainFactory grains)
    {
        var set = await Grain(grains).GetAsync();
        return TypedResults.Ok(new RuleList(set.Version, set.Rules));
    }

    private static async Task<Results<Ok<StoredRule>, ProblemHttpResult>> GetRule(string name, IGrainFactory grains)
    {
        var rule = (await Grain(grains).GetAsync()).Rules.FirstOrDefault(rule => rule.Name == name);
        return rule is null ? RuleNotFound(name) : TypedResults.Ok(rule);
    }

    private static async Task<Results<Created<StoredRule>, ValidationProblem, Conflict<string>>> CreateRule(
        RuleRequest request, HttpContext context, IGrainFactory grains, RuleChanges changes)
    {
        if (RuleRequests.ValidateRule(request, nameFromRoute: null, out var rule) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var set = await Grain(grains).GetAsync();
        if (set.Rules.Any(existing => existing.Name == rule.Name))
        {
            return TypedResults.Conflict($"A rule named '{rule.Name}' exists; use PUT /api/rules/{{name}} to replace it.");
        }

        await changes.SaveAsync(context, set with { Rules = set.Rules.Add(rule) }, rule.Name, null, rule);
        return TypedResults.Created($"/api/rules/{Uri.EscapeDataString(rule.Name)}", rule);
    }

    private static async Task<Results<Ok<StoredRule>, ValidationProblem, ProblemHttpResult>> ReplaceRule(
        string name, RuleRequest request, HttpContext context, IGrainFactory grains, RuleChanges changes)
    {
        if (RuleRequests.ValidateRule(request, name, out var rule) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var set = await Grain(grains).GetAsync();
        var index = set.Rules.FindIndex(existing => existing.Name == name);
        if (index < 0)
        {
            return RuleNotFound(name);
        }

        await changes.SaveAsync(context, set with { Rules = set.Rules.SetItem(index, rule) }, name, set.Rules[index], rule);
        return TypedResults.Ok(rule);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRule(string name, HttpContext context, IGrainFactory grains, RuleChanges changes)
    {
        var set = await Grain(grains).GetAsync();
        var index = set.Rules.FindIndex(existing => existing.Name == name);
        if (index < 0)
        {
            return RuleNotFound(name);
        }

        await changes.SaveAsync(context, set with { Rules = set.Rules.RemoveAt(index) }, name, set.Rules[index], null);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RedactionPatternList>> ListPatterns(IGrainFactory grains)
    {
        var set = await Grain(grains).GetAsync();
        return TypedResults.Ok(new RedactionPatternList(set.Version, set.RedactionPatterns));
    }

    private static async Task<Results<Ok<StoredRedactionPattern>, ProblemHttpResult>> GetPattern(string name, IGrainFactory grains)
    {
        var pattern = (await Grain(grains).GetAsync()).RedactionPatterns.FirstOrDefault(pattern => pattern.Name == name);
        return pattern is null ? PatternNotFound(name) : TypedResults.Ok(pattern);
    }

    private static async Task<Results<Created<StoredRedactionPattern>, ValidationProblem, Conflict<string>>> CreatePattern(
        RedactionPatternRequest request, HttpContext context, IGrainFactory grains, RuleChanges changes)
    {
        if (RuleRequests.ValidatePattern(request, nameFromRoute: null, out var pattern) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var set = await Grain(grains).GetAsync();
        if (set.RedactionPatterns.Any(existing => existing.Name == pattern.Name))
        {
            return TypedResults.Conflict($"A redaction pattern named '{pattern.Name}' exists; use PUT /api/redaction-patterns/{{name}} to replace it.");
        }

        await changes.SaveAsync(context, set with { RedactionPatterns = set.RedactionPatterns.Add(pattern) }, pattern.Name, null, pattern);
        return TypedResults.Created($"/api/redaction-patterns/{Uri.EscapeDataString(pattern.Name)}", pattern);
    }

    private static async Task<Results<Ok<StoredRedactionPattern>, ValidationProblem, ProblemHttpResult>> ReplacePattern(
        string name, RedactionPatternRequest request, HttpContext context, IGrainFactory grains, RuleChanges changes)
    {
        if (RuleRequests.ValidatePattern(request, name, out var pattern) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var set = await Grain(grains).GetAsync();
        var index = set.RedactionPatterns.FindIndex(existing => existing.Name == name);
        if (index < 0)
        {
            return PatternNotFound(name);
        }

        await changes.SaveAsync(
            context, set with { RedactionPatterns = set.RedactionPatterns.SetItem(index, pattern) }, name, set.RedactionPatterns[index], pattern);
        return TypedResults.Ok(pattern);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeletePattern(string name, HttpContext context, IGrainFactory grains, RuleChanges changes)
    {
        var set = await Grain(grains).GetAsync();
        var index = set.RedactionPatterns.FindIndex(existing => existing.Name == name);
        if (index < 0)
        {
            return PatternNotFound(name);
        }

        await changes.SaveAsync(context, set with { RedactionPatterns = set.RedactionPatterns.RemoveAt(index) }, name, set.RedactionPatterns[index], null);
        return TypedResults.NoContent();
    }

    private static IRulesGrain Grain(IGrainFactory grains) => grains.GetGrain<IRulesGrain>(GrainKeys.Cluster);

    private static ProblemHttpResult RuleNotFound(string name) =>
        ApiResults.NotFound($"Rule '{name}' does not exist. GET /api/rules lists the rules.");

    private static ProblemHttpResult PatternNotFound(string name) =>
        ApiResults.NotFound($"Redaction pattern '{name}' does not exist. GET /api/redaction-patterns lists them.");

    private static int FindIndex<T>(this ImmutableArray<T> items, Func<T, bool> predicate)
    {
        for (var index = 0; index < items.Length; index++)
        {
            if (predicate(items[index]))
            {
                return index;
            }
        }

        return -1;
    }
}

/// <summary>Stores a changed rule set, applies it on this silo at once and records it in the audit log.</summary>
public sealed class RuleChanges(IGrainFactory grains, DetectionRulesRefresher refresher, AuditTrail audit)
{
    public async Task<RuleSet> SaveAsync(HttpContext context, RuleSet proposed, string target, object? before, object? after)
    {
        var stored = await grains.GetGrain<IRulesGrain>(GrainKeys.Cluster).ReplaceAsync(proposed)
            ?? throw new RuleSetConflictException(
                $"The rules changed while this request was handled (it was based on version {proposed.Version}); read them again and retry.");
        refresher.Apply(stored);
        await audit.RecordAsync(context, target, before, after);
        return stored;
    }
}

/// <summary>Another change to the rules was stored between reading and writing them.</summary>
public sealed class RuleSetConflictException(string message) : Exception(message);

/// <summary>The rules and the version of the set.</summary>
public sealed record RuleList(long Version, ImmutableArray<StoredRule> Rules);

/// <summary>The custom redaction patterns and the version of the set.</summary>
public sealed record RedactionPatternList(long Version, ImmutableArray<StoredRedactionPattern> Patterns);

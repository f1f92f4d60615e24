using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Grains.Sources.Polling;

namespace OrleansAgent.AdminApi.Explain;

/// <summary>Shows what the agent would make of raw lines now, without counting them anywhere.</summary>
public static class ExplainEndpoints
{
    /// <summary>Most lines per request.</summary>
    public const int MaxLines = SourcePollerGrain.MaxExplainLines;

    /// <summary>Longest line, in characters.</summary>
    public const int MaxLineLength = 64 * 1024;

    public static IEndpointRouteBuilder MapExplainEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/explain", Explain).WithTags("Explain").WithName("ExplainLines")
            .WithSummary("Returns, per raw line: the redacted line, header fields, template and pattern, rule matches and the verdict the agent would give now.");
        return routes;
    }

    private static async Task<Results<Ok<ExplainResponse>, ValidationProblem>> Explain(
        ExplainRequest request, IGrainFactory grains, ISourceRegistry sources)
    {
        var errors = Validate(request, sources, out var pollerKey);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var mode = (await grains.GetGrain<IModeGrain>(GrainKeys.Cluster).GetAsync()).Mode;
        var explanations = await grains.GetGrain<ISourcePollerGrain>(pollerKey).ExplainAsync([.. request.Lines!]);
        var patterns = new Dictionary<string, PatternDetails?>(StringComparer.Ordinal);
        foreach (var id in explanations.Select(line => line.PatternId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            patterns[id] = await grains.GetGrain<IPatternGrain>(id).GetAsync();
        }

        var lines = explanations.Select(line =>
        {
            var pattern = line.PatternId is null ? null : patterns[line.PatternId];
            var (verdict, reason) = ExplainVerdicts.Decide(line, pattern, mode);
            return new ExplainedLine(line, pattern?.Summary.Status is { } status ? status.ToString().ToLowerInvariant() : null, verdict, reason);
        });
        return TypedResults.Ok(new ExplainResponse(pollerKey, mode.ToString().ToLowerInvariant(), [.. lines]));
    }

    private static Dictionary<string, string[]> Validate(ExplainRequest request, ISourceRegistry sources, out string pollerKey)
    {
        var errors = new Dictionary<string, string[]>();
        pollerKey = "";
        if (request.Lines is not { Count: > 0 } lines || lines.Count > MaxLines)
        {
            errors["lines"] = [$"Give 1 to {MaxLines} lines, as {{\"lines\": [\"...\"]}}."];
        }
        else if (lines.Any(line => line is null || line.Length > MaxLineLength))
        {
            errors["lines"] = [$"Every line must be a string of at most {MaxLineLength} characters."];
        }

        var keys = sources.PollerKeys;
        var source = request.Source?.Trim();
        var match = string.IsNullOrEmpty(source)
            ? keys.FirstOrDefault()
            : keys.FirstOrDefault(key => key == source) ?? keys.FirstOrDefault(key => key.StartsWith(source + "/", StringComparison.Ordinal));
        if (match is null)
        {
            errors["source"] = keys.Count == 0
                ? ["No source is configured, so there is no miner to explain lines against. Configure Agent:Sources."]
                : [$"Unknown source '{source}'. Use one of: {string.Join(", ", keys)}."];
        }
        else
        {
            pollerKey = match;
        }

        return errors;
    }
}

/// <summary>The body of <c>POST /api/explain</c>: raw lines, and the source whose miner and rules apply (default: the first).</summary>
public sealed record ExplainRequest(string? Source, List<string>? Lines);

/// <summary>The explanation of every line, in request order.</summary>
public sealed record ExplainResponse(string Source, string Mode, ImmutableArray<ExplainedLine> Lines);

/// <summary>One line: the engine's view, the pattern status and the verdict with its reason.</summary>
public sealed record ExplainedLine(LineExplanation Line, string? PatternStatus, string Verdict, string Reason);

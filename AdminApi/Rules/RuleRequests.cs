using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.Grains.Interfaces.Rules;
using OrleansAgent.Grains.Rules;

namespace OrleansAgent.AdminApi.Rules;

/// <summary>Checks rule and redaction pattern bodies and turns them into stored records.</summary>
public static class RuleRequests
{
    private const int MaxPatternLength = 4000;

    /// <summary>Returns the field errors of <paramref name="request"/>; empty when <paramref name="rule"/> is valid.</summary>
    public static Dictionary<string, string[]> ValidateRule(RuleRequest request, string? nameFromRoute, out StoredRule rule)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (nameFromRoute ?? request.Name)?.Trim() ?? "";
        if (nameFromRoute is not null && request.Name is not null && request.Name.Trim() != nameFromRoute)
        {
            errors["name"] = ["The name in the body differs from the name in the path; a rule is renamed by deleting and creating it."];
        }

        var severity = Severity.Medium;
        if (request.Severity is not null && !ApiEnums.TryParse(request.Severity, out severity))
        {
            errors["severity"] = [$"Unknown severity '{request.Severity}'. Use one of: {ApiEnums.Words<Severity>()}."];
        }

        if (request.Pattern is { Length: > MaxPatternLength })
        {
            errors["pattern"] = [$"The pattern must be at most {MaxPatternLength} characters."];
        }

        rule = new StoredRule(name, request.Pattern ?? "", severity, (request.Action ?? "alert").Trim().ToLowerInvariant(), NullIfEmpty(request.Source));
        if (errors.Count == 0 && RuleSetValidator.ValidateRule(rule) is { } error)
        {
            errors[FieldOf(error)] = [error];
        }

        return errors;
    }

    /// <summary>Returns the field errors of <paramref name="request"/>; empty when <paramref name="pattern"/> is valid.</summary>
    public static Dictionary<string, string[]> ValidatePattern(RedactionPatternRequest request, string? nameFromRoute, out StoredRedactionPattern pattern)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (nameFromRoute ?? request.Name)?.Trim() ?? "";
        if (nameFromRoute is not null && request.Name is not null && request.Name.Trim() != nameFromRoute)
        {
            errors["name"] = ["The name in the body differs from the name in the path; a pattern is renamed by deleting and creating it."];
        }

        if (request.Pattern is { Length: > MaxPatternLength })
        {
            errors["pattern"] = [$"The pattern must be at most {MaxPatternLength} characters."];
        }

        pattern = new StoredRedactionPattern(name, request.Pattern ?? "", request.Placeholder ?? "");
        if (errors.Count == 0 && RuleSetValidator.ValidateRedactionPattern(pattern) is { } error)
        {
            errors[FieldOf(error)] = [error];
        }

        return errors;
    }

    private static string FieldOf(string error) =>
        error.Contains("name", StringComparison.OrdinalIgnoreCase) && !error.Contains("pattern", StringComparison.OrdinalIgnoreCase) ? "name"
        : error.Contains("placeholder", StringComparison.OrdinalIgnoreCase) ? "placeholder"
        : error.Contains("action", StringComparison.OrdinalIgnoreCase) ? "action"
        : error.Contains("source", StringComparison.OrdinalIgnoreCase) ? "source"
        : "pattern";

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The body of a rule: <c>action</c> is alert (default) or ignore, <c>severity</c> defaults to medium, <c>source</c> limits it to one source.</summary>
public sealed record RuleRequest(string? Name, string? Pattern, string? Severity, string? Action, string? Source);

/// <summary>The body of a custom redaction pattern; a group named <c>value</c> limits the replacement to that group.</summary>
public sealed record RedactionPatternRequest(string? Name, string? Pattern, string? Placeholder);

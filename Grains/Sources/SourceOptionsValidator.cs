using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansAgent.Grains.Sources.CloudWatch;
using OrleansAgent.Grains.Sources.Elasticsearch;
using OrleansAgent.Grains.Sources.Files;
using OrleansAgent.Grains.Sources.Loki;

namespace OrleansAgent.Grains.Sources;

/// <summary>Checks the configured sources at start-up. Each problem is reported with the full setting path
/// (for example <c>Agent:Sources:0:File:Path</c>) and the rule it breaks.</summary>
public static class SourceOptionsValidator
{
    /// <summary>Returns one message per problem. An empty list means the configuration is valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<SourceOptions> sources)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sources.Count; i++)
        {
            var prefix = $"{SourceOptions.SectionName}:{i}";
            var source = sources[i];
            ValidateCommon(source, prefix, names, errors);
            ValidateShards(source, prefix, errors);
            switch (source.Type.ToLowerInvariant())
            {
                case SourceTypes.File:
                    ValidateFile(source.File, $"{prefix}:File", errors);
                    break;
                case SourceTypes.Elasticsearch or SourceTypes.OpenSearch:
                    ValidateElasticsearch(source.Elasticsearch, $"{prefix}:Elasticsearch", errors);
                    break;
                case SourceTypes.Loki:
                    ValidateLoki(source.Loki, $"{prefix}:Loki", errors);
                    break;
                case SourceTypes.CloudWatch:
                    ValidateCloudWatch(source.CloudWatch, $"{prefix}:CloudWatch", errors);
                    break;
            }
        }

        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem, listing every problem.</summary>
    /// <exception cref="InvalidOperationException">The configuration is invalid.</exception>
    public static void ThrowIfInvalid(IReadOnlyList<SourceOptions> sources)
    {
        var errors = Validate(sources);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid log source configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }

    private static void ValidateCommon(SourceOptions source, string prefix, HashSet<string> names, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(source.Name))
        {
            errors.Add($"{prefix}:Name is missing; give every source a unique name.");
        }
        else if (source.Name.Contains('/'))
        {
            errors.Add($"{prefix}:Name '{source.Name}' must not contain '/', which separates a source from its shard.");
        }
        else if (!names.Add(source.Name))
        {
            errors.Add($"{prefix}:Name '{source.Name}' is used by another source; names must be unique (case-insensitive).");
        }

        if (!SourceTypes.IsKnown(source.Type))
        {
            errors.Add($"{prefix}:Type '{source.Type}' is not a known source type; use one of: {string.Join(", ", SourceTypes.All)}.");
        }

        if (source.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}:PollInterval is {source.PollInterval}; it must be positive, for example 00:00:05.");
        }

        if (source.MaxEventsPerPoll <= 0)
        {
            errors.Add($"{prefix}:MaxEventsPerPoll is {source.MaxEventsPerPoll}; it must be at least 1.");
        }
    }

    private static void ValidateShards(SourceOptions source, string prefix, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var type = source.Type.ToLowerInvariant();
        for (var i = 0; i < source.Shards.Count; i++)
        {
            var shard = source.Shards[i];
            var path = $"{prefix}:Shards:{i}";
            if (string.IsNullOrWhiteSpace(shard.Name) || shard.Name.Contains('/'))
            {
                errors.Add($"{path}:Name '{shard.Name}' is missing or contains '/'; give every shard a unique name without '/'.");
            }
            else if (!names.Add(shard.Name))
            {
                errors.Add($"{path}:Name '{shard.Name}' is used by another shard of this source; shard names must be unique.");
            }

            var selects = type switch
            {
                SourceTypes.File => shard.FilePath is not null,
                SourceTypes.Elasticsearch or SourceTypes.OpenSearch => shard.Index is not null,
                SourceTypes.Loki => shard.Query is not null,
                SourceTypes.CloudWatch => shard.LogGroupName is not null || shard.LogStreamNamePrefix is not null,
                _ => true,
            };
            if (!selects)
            {
                var setting = type switch
                {
                    SourceTypes.File => "FilePath",
                    SourceTypes.Loki => "Query",
                    SourceTypes.CloudWatch => "LogGroupName or LogStreamNamePrefix",
                    _ => "Index",
                };
                errors.Add($"{path} selects no data; set {path}:{setting} so the shard reads its own part of the source.");
            }

            if (type == SourceTypes.File && shard.FilePath is not null)
            {
                ValidateGlob(shard.FilePath, $"{path}:FilePath", errors);
            }
        }
    }

    private static void ValidateFile(FileSourceOptions? file, string prefix, List<string> errors)
    {
        if (file is null)
        {
            errors.Add($"{prefix} is missing; a source of type 'file' needs a File section with at least Path.");
            return;
        }

        ValidateGlob(file.Path, $"{prefix}:Path", errors);
        if (!string.IsNullOrEmpty(file.MultilineStartPattern))
        {
            try
            {
                _ = new Regex(file.MultilineStartPattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                errors.Add($"{prefix}:MultilineStartPattern '{file.MultilineStartPattern}' is not a valid non-backtracking regular expression ({ex.Message}); backreferences and lookarounds are not supported.");
            }
        }

        RequireRange(file.MaxLineBytes, 1024, 64 * 1024 * 1024, $"{prefix}:MaxLineBytes", errors);
        RequireRange(file.MaxMultilineLines, 1, 1_000_000, $"{prefix}:MaxMultilineLines", errors);
        RequireRange(file.FingerprintBytes, 16, 1024 * 1024, $"{prefix}:FingerprintBytes", errors);
        RequireNonNegative(file.PartialLineTimeout, $"{prefix}:PartialLineTimeout", errors);
        RequireNonNegative(file.RotateWait, $"{prefix}:RotateWait", errors);
    }

    private static void ValidateGlob(string glob, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(glob))
        {
            errors.Add($"{path} is missing; set an absolute glob such as /var/log/app/*.log.");
            return;
        }

        try
        {
            FileGlob.Parse(glob);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{path}: {ex.Message}");
        }
    }

    private static void ValidateElasticsearch(ElasticsearchSourceOptions? es, string prefix, List<string> errors)
    {
        if (es is null)
        {
            errors.Add($"{prefix} is missing; a source of type 'elasticsearch' or 'opensearch' needs an Elasticsearch section with Url and Index.");
            return;
        }

        RequireHttpUrl(es.Url, $"{prefix}:Url", errors);
        RequireText(es.Index, $"{prefix}:Index", "an index, alias or pattern such as logs-*", errors);
        RequireText(es.TimestampField, $"{prefix}:TimestampField", "a date field such as @timestamp", errors);
        RequireText(es.MessageField, $"{prefix}:MessageField", "a text field such as message", errors);
        if (!string.IsNullOrWhiteSpace(es.QueryFilter))
        {
            try
            {
                using var document = JsonDocument.Parse(es.QueryFilter);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{prefix}:QueryFilter must be a JSON object such as {{\"term\":{{\"service.name\":\"api\"}}}}.");
                }
            }
            catch (JsonException ex)
            {
                errors.Add($"{prefix}:QueryFilter is not valid JSON ({ex.Message}).");
            }
        }

        if (!string.IsNullOrEmpty(es.ApiKey) && !string.IsNullOrEmpty(es.Username))
        {
            errors.Add($"{prefix}:ApiKey and {prefix}:Username are both set; choose one authentication method.");
        }

        ValidateUserPassword(es.Username, es.Password, prefix, errors);
        if (!string.IsNullOrEmpty(es.CaCertificatePath) && !File.Exists(es.CaCertificatePath))
        {
            errors.Add($"{prefix}:CaCertificatePath '{es.CaCertificatePath}' does not exist; point it at a PEM file with the CA certificate.");
        }

        RequireRange(es.PageSize, 1, 10_000, $"{prefix}:PageSize", errors);
        RequireNonNegative(es.Overlap, $"{prefix}:Overlap", errors);
        RequireNonNegative(es.SettleDelay, $"{prefix}:SettleDelay", errors);
        RequirePositive(es.InitialLookback, $"{prefix}:InitialLookback", errors);
        RequirePositive(es.PointInTimeKeepAlive, $"{prefix}:PointInTimeKeepAlive", errors);
        RequirePositive(es.RequestTimeout, $"{prefix}:RequestTimeout", errors);
    }

    private static void ValidateLoki(LokiSourceOptions? loki, string prefix, List<string> errors)
    {
        if (loki is null)
        {
            errors.Add($"{prefix} is missing; a source of type 'loki' needs a Loki section with Url and Query.");
            return;
        }

        RequireHttpUrl(loki.Url, $"{prefix}:Url", errors);
        if (string.IsNullOrWhiteSpace(loki.Query) || !loki.Query.TrimStart().StartsWith('{'))
        {
            errors.Add($"{prefix}:Query '{loki.Query}' must be a LogQL log query that starts with a stream selector, such as {{app=\"api\"}}.");
        }

        if (!string.IsNullOrEmpty(loki.BearerToken) && !string.IsNullOrEmpty(loki.Username))
        {
            errors.Add($"{prefix}:BearerToken and {prefix}:Username are both set; choose one authentication method.");
        }

        ValidateUserPassword(loki.Username, loki.Password, prefix, errors);
        RequireRange(loki.PageSize, 1, loki.MaxPageSize, $"{prefix}:PageSize", errors);
        RequireRange(loki.MaxPageSize, 1, 1_000_000, $"{prefix}:MaxPageSize", errors);
        RequireNonNegative(loki.Overlap, $"{prefix}:Overlap", errors);
        RequireNonNegative(loki.SettleDelay, $"{prefix}:SettleDelay", errors);
        RequirePositive(loki.MaxQueryRange, $"{prefix}:MaxQueryRange", errors);
        RequirePositive(loki.InitialLookback, $"{prefix}:InitialLookback", errors);
        RequirePositive(loki.RequestTimeout, $"{prefix}:RequestTimeout", errors);
    }

    private static void ValidateCloudWatch(CloudWatchSourceOptions? cw, string prefix, List<string> errors)
    {
        if (cw is null)
        {
            errors.Add($"{prefix} is missing; a source of type 'cloudwatch' needs a CloudWatch section with Region and LogGroupName.");
            return;
        }

        RequireText(cw.Region, $"{prefix}:Region", "an AWS region such as eu-west-1", errors);
        RequireText(cw.LogGroupName, $"{prefix}:LogGroupName", "a log group name such as /app/prod", errors);
        if (!string.IsNullOrEmpty(cw.ServiceUrl))
        {
            RequireHttpUrl(cw.ServiceUrl, $"{prefix}:ServiceUrl", errors);
        }

        if (string.IsNullOrEmpty(cw.AccessKeyId) != string.IsNullOrEmpty(cw.SecretAccessKey))
        {
            errors.Add($"{prefix}:AccessKeyId and {prefix}:SecretAccessKey must be set together, or both left unset to use the AWS credential chain.");
        }

        RequireRange(cw.PageSize, 1, 10_000, $"{prefix}:PageSize", errors);
        RequireRange(cw.MaxPagesPerPoll, 1, 10_000, $"{prefix}:MaxPagesPerPoll", errors);
        RequireNonNegative(cw.Overlap, $"{prefix}:Overlap", errors);
        RequireNonNegative(cw.SettleDelay, $"{prefix}:SettleDelay", errors);
        if (cw.MaxOverlap < cw.Overlap)
        {
            errors.Add($"{prefix}:MaxOverlap ({cw.MaxOverlap}) is below {prefix}:Overlap ({cw.Overlap}); it must be at least as long.");
        }

        RequirePositive(cw.InitialLookback, $"{prefix}:InitialLookback", errors);
        RequirePositive(cw.RequestTimeout, $"{prefix}:RequestTimeout", errors);
    }

    private static void ValidateUserPassword(string? username, string? password, string prefix, List<string> errors)
    {
        if (string.IsNullOrEmpty(username) != string.IsNullOrEmpty(password))
        {
            errors.Add($"{prefix}:Username and {prefix}:Password must be set together for basic authentication.");
        }
    }

    private static void RequireHttpUrl(string? value, string path, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{path} '{value}' is not a valid absolute http or https URL.");
        }
    }

    private static void RequireText(string? value, string path, string example, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path} is missing; set {example}.");
        }
    }

    private static void RequireRange(int value, int min, int max, string path, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{path} is {value}; it must be between {min} and {max}.");
        }
    }

    private static void RequireNonNegative(TimeSpan value, string path, List<string> errors)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add($"{path} is {value}; it must not be negative.");
        }
    }

    private static void RequirePositive(TimeSpan value, string path, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{path} is {value}; it must be positive.");
        }
    }
}

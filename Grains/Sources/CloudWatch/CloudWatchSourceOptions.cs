namespace OrleansAgent.Grains.Sources.CloudWatch;

/// <summary>Settings of a source that reads AWS CloudWatch Logs with <c>FilterLogEvents</c>.</summary>
public sealed class CloudWatchSourceOptions
{
    /// <summary>The AWS region, for example <c>eu-west-1</c>. Required.</summary>
    public string Region { get; set; } = "";

    /// <summary>The endpoint URL. Default none: the regional endpoint <c>https://logs.{region}.amazonaws.com</c>.
    /// Set it for a VPC endpoint or a local emulator.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The log group name. Required.</summary>
    public string LogGroupName { get; set; } = "";

    /// <summary>Only streams whose name starts with this prefix are read. Default none (all streams).</summary>
    public string? LogStreamNamePrefix { get; set; }

    /// <summary>A CloudWatch filter pattern applied by the service. Default none (all events).</summary>
    public string? FilterPattern { get; set; }

    /// <summary>An access key id. When unset, the standard AWS credential chain is used (environment,
    /// profile, web identity, container or instance role). Default none.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret access key that goes with <see cref="AccessKeyId"/>. Default none.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The session token of temporary credentials. Default none.</summary>
    public string? SessionToken { get; set; }

    /// <summary>The smallest look-back below the cursor. The effective overlap also grows with the observed
    /// ingestion lag (<c>ingestionTime − timestamp</c>). Default 5 minutes.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest look-back the observed ingestion lag may grow the overlap to. Default 2 hours.</summary>
    public TimeSpan MaxOverlap { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How far behind the wall clock each poll stops. Default 5 seconds.</summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The number of events requested per page (at most 10000). Default 1000.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>The maximum number of pages one poll requests, because the API allows about 5 requests per
    /// second per account and region. Default 50.</summary>
    public int MaxPagesPerPoll { get; set; } = 50;

    /// <summary>How far back the first poll starts when the source has no cursor yet. Default 1 hour.</summary>
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The HTTP timeout of one request. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

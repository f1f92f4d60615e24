namespace OrleansAgent.Grains.Sources.Elasticsearch;

/// <summary>Settings of a source that reads Elasticsearch or OpenSearch.</summary>
public sealed class ElasticsearchSourceOptions
{
    /// <summary>The cluster URL, for example <c>https://es.example.internal:9200</c>. Required. No default.</summary>
    public string Url { get; set; } = "";

    /// <summary>The index, alias, data stream or pattern to search, for example <c>logs-*</c>. Required.</summary>
    public string Index { get; set; } = "";

    /// <summary>An extra query as a JSON object, added as a filter, for example
    /// <c>{"term":{"service.name":"api"}}</c>. Default none.</summary>
    public string? QueryFilter { get; set; }

    /// <summary>The date field that orders events. Default <c>@timestamp</c>.</summary>
    public string TimestampField { get; set; } = "@timestamp";

    /// <summary>The field that contains the log text. Default <c>message</c>.</summary>
    public string MessageField { get; set; } = "message";

    /// <summary>An API key (the base64 <c>id:key</c> form) sent as <c>Authorization: ApiKey</c>. Default none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The user for basic authentication. Default none.</summary>
    public string? Username { get; set; }

    /// <summary>The password for basic authentication. Default none.</summary>
    public string? Password { get; set; }

    /// <summary>A PEM file with the certificate authority that signed the cluster certificate. When set, only
    /// certificates issued by that authority are trusted. Default none (the system trust store).</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>How far below the cursor each poll searches again, to catch documents indexed late. Documents
    /// seen before are skipped by <c>(_index, _id)</c>. Default 5 minutes.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far behind the wall clock each poll stops, so documents not yet refreshed are not missed.
    /// Default 30 seconds.</summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The number of hits per page. Default 1000.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>How far back the first poll starts when the source has no cursor yet. Default 1 hour.</summary>
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the point in time opened for one poll is kept alive between pages. Default 1 minute.</summary>
    public TimeSpan PointInTimeKeepAlive { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The HTTP timeout of one request. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

namespace OrleansAgent.Grains.Sources.Loki;

/// <summary>Settings of a source that reads Grafana Loki through <c>/loki/api/v1/query_range</c>.</summary>
public sealed class LokiSourceOptions
{
    /// <summary>The Loki base URL, for example <c>https://loki.example.internal:3100</c>. Required. No default.</summary>
    public string Url { get; set; } = "";

    /// <summary>The LogQL log query, for example <c>{app="api"}</c> or <c>{app="api"} |= "error"</c>. Required.</summary>
    public string Query { get; set; } = "";

    /// <summary>The tenant sent as <c>X-Scope-OrgID</c> to a multi-tenant Loki. Default none.</summary>
    public string? TenantId { get; set; }

    /// <summary>The user for basic authentication. Default none.</summary>
    public string? Username { get; set; }

    /// <summary>The password for basic authentication. Default none.</summary>
    public string? Password { get; set; }

    /// <summary>A bearer token sent as <c>Authorization: Bearer</c>. Default none.</summary>
    public string? BearerToken { get; set; }

    /// <summary>How far below the cursor each poll reads again, to catch lines that arrive late. Lines seen
    /// before are skipped by their hash. Default 5 minutes.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far behind the wall clock each poll stops, so lines still being flushed by shippers are
    /// read whole. Default 2 seconds.</summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The number of lines requested per page. Must not exceed the server's
    /// <c>max_entries_limit_per_query</c> (5000 by default). Default 1000.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>The largest page size used when one nanosecond contains a whole page of lines. Default 5000.</summary>
    public int MaxPageSize { get; set; } = 5000;

    /// <summary>The longest time range sent in one request. Longer gaps are walked in chunks. Must not exceed
    /// the server's <c>max_query_length</c> (721 hours by default). Default 720 hours.</summary>
    public TimeSpan MaxQueryRange { get; set; } = TimeSpan.FromHours(720);

    /// <summary>How far back the first poll starts when the source has no cursor yet. Default 1 hour.</summary>
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The HTTP timeout of one request. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

namespace OrleansAgent.AdminApi.Security;

/// <summary>Access to the admin API. Bound from <c>Agent:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Agent:Api";

    /// <summary>
    /// The API keys. Without any, the API accepts anonymous requests from loopback only and refuses to start
    /// on a non-loopback address. Default: none.
    /// </summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>The largest request body of most endpoints, in bytes. Default: 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest body of <c>POST /api/explain</c>, in bytes. Default: 4 MiB.</summary>
    public long MaxExplainBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest body of <c>POST /api/catalog/import</c>, in bytes. Default: 256 MiB.</summary>
    public long MaxImportBodyBytes { get; set; } = 256L * 1024 * 1024;
}

/// <summary>One API key: a name for the audit log, the key itself or its SHA-256, and a role.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The name shown in the audit log and histories; never the key. Required.</summary>
    public string? Name { get; set; }

    /// <summary>The key as sent by clients, at least 16 characters. Give this or <see cref="KeyHash"/>.</summary>
    public string? Key { get; set; }

    /// <summary>The lower- or upper-case hex SHA-256 of the UTF-8 key, so configuration need not hold the key.</summary>
    public string? KeyHash { get; set; }

    /// <summary><c>viewer</c>, <c>operator</c> or <c>admin</c>. Required.</summary>
    public string? Role { get; set; }
}

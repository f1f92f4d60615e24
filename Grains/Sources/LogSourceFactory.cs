using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OrleansAgent.Grains.Sources.CloudWatch;
using OrleansAgent.Grains.Sources.Elasticsearch;
using OrleansAgent.Grains.Sources.Files;
using OrleansAgent.Grains.Sources.Loki;

namespace OrleansAgent.Grains.Sources;

/// <summary>Builds the <see cref="ILogSource"/> for a configured source or shard.</summary>
public static class LogSourceFactory
{
    /// <summary>The prefix of the named <see cref="HttpClient"/> each HTTP source asks
    /// <see cref="IHttpClientFactory"/> for. The source name follows it.</summary>
    public const string HttpClientNamePrefix = "log-source:";

    /// <summary>Creates the source that <paramref name="options"/> describes. The options must have passed
    /// <see cref="SourceOptionsValidator"/>.</summary>
    /// <exception cref="InvalidOperationException">The type is unknown or its section is missing.</exception>
    public static ILogSource Create(SourceOptions options, IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Type.ToLowerInvariant() switch
        {
            SourceTypes.File => new FileLogSource(
                options.Name,
                options.File ?? throw MissingSection(options, "File"),
                timeProvider,
                loggerFactory.CreateLogger<FileLogSource>()),
            SourceTypes.Loki => new LokiLogSource(
                options.Name,
                options.Loki ?? throw MissingSection(options, "Loki"),
                httpClientFactory.CreateClient(HttpClientNamePrefix + options.Name),
                timeProvider,
                loggerFactory.CreateLogger<LokiLogSource>()),
            SourceTypes.CloudWatch => new CloudWatchLogSource(
                options.Name,
                options.CloudWatch ?? throw MissingSection(options, "CloudWatch"),
                httpClientFactory.CreateClient(HttpClientNamePrefix + options.Name),
                timeProvider,
                loggerFactory.CreateLogger<CloudWatchLogSource>()),
            SourceTypes.Elasticsearch or SourceTypes.OpenSearch => CreateElasticsearch(options, timeProvider, loggerFactory),
            _ => throw new InvalidOperationException(
                $"Source '{options.Name}' has type '{options.Type}', which this build cannot read; use one of: {string.Join(", ", SourceTypes.All)}."),
        };
    }

    /// <summary>Binds the <c>Agent:Sources</c> list from <paramref name="configuration"/>. An absent section
    /// gives an empty list.</summary>
    public static List<SourceOptions> Bind(IConfiguration configuration) =>
        configuration.GetSection(SourceOptions.SectionName).Get<List<SourceOptions>>() ?? [];

    private static ElasticsearchLogSource CreateElasticsearch(SourceOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        var elasticsearch = options.Elasticsearch ?? throw MissingSection(options, "Elasticsearch");
        var isOpenSearch = string.Equals(options.Type, SourceTypes.OpenSearch, StringComparison.OrdinalIgnoreCase);
        return new ElasticsearchLogSource(
            options.Name,
            elasticsearch,
            ElasticsearchTransportFactory.Create(elasticsearch, isOpenSearch),
            timeProvider,
            loggerFactory.CreateLogger<ElasticsearchLogSource>());
    }

    private static InvalidOperationException MissingSection(SourceOptions options, string section) =>
        new($"Source '{options.Name}' of type '{options.Type}' has no {section} section; add {SourceOptions.SectionName}:<index>:{section}.");
}

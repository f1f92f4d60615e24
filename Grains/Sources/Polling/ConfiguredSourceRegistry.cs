using Microsoft.Extensions.Options;

namespace OrleansAgent.Grains.Sources.Polling;

/// <summary>The sources from configuration (<c>Agent:Sources</c>), each shard under its own poller key.</summary>
public sealed class ConfiguredSourceRegistry(
    IOptions<AgentSourcesOptions> options,
    IHttpClientFactory httpClientFactory,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider) : ISourceRegistry
{
    private readonly Lazy<IReadOnlyDictionary<string, SourceOptions>> _byKey = new(() => Expand(options.Value.Sources));

    public IReadOnlyList<string> PollerKeys => [.. _byKey.Value.Keys];

    public SourceOptions GetOptions(string pollerKey) =>
        _byKey.Value.TryGetValue(pollerKey, out var found)
            ? found
            : throw new KeyNotFoundException($"No source or shard named '{pollerKey}' is configured under {SourceOptions.SectionName}.");

    public ILogSource CreateSource(string pollerKey) =>
        LogSourceFactory.Create(GetOptions(pollerKey), httpClientFactory, loggerFactory, timeProvider);

    private static Dictionary<string, SourceOptions> Expand(IEnumerable<SourceOptions> configured)
    {
        var byKey = new Dictionary<string, SourceOptions>(StringComparer.Ordinal);
        foreach (var source in configured)
        {
            foreach (var shard in SourceSharding.Expand(source))
            {
                byKey.Add(shard.ShardKey, shard.Options);
            }
        }

        return byKey;
    }
}

/// <summary>The list of configured sources, bound from <c>Agent:Sources</c>.</summary>
public sealed class AgentSourcesOptions
{
    public List<SourceOptions> Sources { get; set; } = [];
}

/// <summary>Stops start-up when a configured source is invalid, naming each setting and the rule it breaks.</summary>
public sealed class AgentSourcesOptionsValidator : IValidateOptions<AgentSourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentSourcesOptions options)
    {
        var errors = SourceOptionsValidator.Validate(options.Sources);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

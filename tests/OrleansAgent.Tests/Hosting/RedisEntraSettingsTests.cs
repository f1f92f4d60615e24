using Azure.Identity;
using OrleansAgent.Silo.Hosting;
using OrleansAgent.Silo.Hosting.Entra;

namespace OrleansAgent.Tests.Hosting;

/// <summary>Start-up checks of <c>Agent:Storage:Entra</c> and the default credential it chooses.</summary>
public sealed class RedisEntraSettingsTests
{
    private const string CacheWithoutPassword = "cache.redis.cache.windows.net:6380,ssl=true,abortConnect=false";

    [Fact]
    public void ValidatorAcceptsEntraWithoutPassword()
    {
        var errors = StorageSettingsValidator.Validate(EntraStorage(CacheWithoutPassword), new ClusterIdentityOptions());

        Assert.Empty(errors);
    }

    [Fact]
    public void ValidatorRejectsPasswordWithEntraWithoutEchoingIt()
    {
        var errors = StorageSettingsValidator.Validate(EntraStorage(CacheWithoutPassword + ",password=hunter2"), new ClusterIdentityOptions());

        var error = Assert.Single(errors);
        Assert.Contains("Agent:Storage:RedisConnectionString carries a password", error, StringComparison.Ordinal);
        Assert.Contains("Agent:Storage:Entra:Enabled", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatorRejectsUserWithEntra()
    {
        var errors = StorageSettingsValidator.Validate(EntraStorage(CacheWithoutPassword + ",user=someone"), new ClusterIdentityOptions());

        Assert.Contains("Agent:Storage:RedisConnectionString carries a user", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatorRejectsEntraOnEmbeddedStore()
    {
        var errors = StorageSettingsValidator.Validate(EntraStorage(connectionString: null), new ClusterIdentityOptions());

        Assert.Contains("Agent:Storage:Entra:Enabled is true but Agent:Storage:RedisConnectionString is empty", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-guid", "Agent:Storage:Entra:ManagedIdentityClientId 'not-a-guid' is not a GUID")]
    [InlineData("", null)]
    public void ValidatorChecksManagedIdentityClientId(string clientId, string? expected)
    {
        var storage = EntraStorage(CacheWithoutPassword);
        storage.Entra.ManagedIdentityClientId = clientId;

        var errors = StorageSettingsValidator.Validate(storage, new ClusterIdentityOptions());

        if (expected is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(expected, Assert.Single(errors), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("redis.azure.com/.default")]
    public void ValidatorRejectsScopeThatIsNotAbsoluteUri(string scope)
    {
        var storage = EntraStorage(CacheWithoutPassword);
        storage.Entra.Scope = scope;

        var errors = StorageSettingsValidator.Validate(storage, new ClusterIdentityOptions());

        Assert.Contains("Agent:Storage:Entra:Scope", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://redis.azure.com")]
    [InlineData("https://redis.azure.com/")]
    [InlineData("https://redis.azure.com/.default/")]
    public void ValidatorRejectsScopeWithoutDefaultSuffix(string scope)
    {
        var storage = EntraStorage(CacheWithoutPassword);
        storage.Entra.Scope = scope;

        var errors = StorageSettingsValidator.Validate(storage, new ClusterIdentityOptions());

        var error = Assert.Single(errors);
        Assert.Contains($"Agent:Storage:Entra:Scope '{scope}' does not end with '/.default'", error, StringComparison.Ordinal);
        Assert.Contains("leave it unset for https://redis.azure.com/.default", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatorAcceptsOtherResourceDefaultScope()
    {
        var storage = EntraStorage(CacheWithoutPassword);
        storage.Entra.Scope = "https://redis.example.test/.default";

        var errors = StorageSettingsValidator.Validate(storage, new ClusterIdentityOptions());

        Assert.Empty(errors);
    }

    [Fact]
    public void ValidatorRejectsRetryDelays()
    {
        var storage = EntraStorage(CacheWithoutPassword);
        storage.Entra.RefreshRetryDelay = TimeSpan.Zero;
        storage.Entra.MaxRefreshRetryDelay = TimeSpan.FromSeconds(-1);

        var errors = StorageSettingsValidator.Validate(storage, new ClusterIdentityOptions());

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, error => error.Contains("Agent:Storage:Entra:RefreshRetryDelay is 00:00:00", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("Agent:Storage:Entra:MaxRefreshRetryDelay", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidatorIgnoresEntraSettingsWhenDisabled()
    {
        var storage = new StorageOptions { RedisConnectionString = CacheWithoutPassword + ",password=key" };
        storage.Entra.Scope = "";

        var errors = StorageSettingsValidator.Validate(storage, new ClusterIdentityOptions());

        Assert.Empty(errors);
    }

    [Fact]
    public void HostRejectsPasswordWithEntraAtStartUp()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agent:Storage:RedisConnectionString"] = "127.0.0.1:1,password=hunter2",
            ["Agent:Storage:Entra:Enabled"] = "true",
        };

        var exception = Assert.Throws<InvalidOperationException>(() => AgentHost.Build([], settings));

        Assert.Contains("carries a password while Agent:Storage:Entra:Enabled is true", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientIdSelectsManagedIdentity()
    {
        var credential = RedisEntraSiloBuilderExtensions.CreateCredential(new RedisEntraOptions { ManagedIdentityClientId = Guid.NewGuid().ToString() });

        Assert.IsType<ManagedIdentityCredential>(credential);
    }

    [Fact]
    public void EmptyClientIdSelectsDefaultCredential()
    {
        var credential = RedisEntraSiloBuilderExtensions.CreateCredential(new RedisEntraOptions());

        Assert.IsType<DefaultAzureCredential>(credential);
    }

    private static StorageOptions EntraStorage(string? connectionString) =>
        new() { RedisConnectionString = connectionString, Entra = new RedisEntraOptions { Enabled = true } };
}

using System.Net;
using Microsoft.Extensions.Configuration;
using OrleansAgent.AdminApi.Security;
using OrleansAgent.Silo.Hosting;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>An API without keys must stay on loopback; keys must be well-formed.</summary>
public sealed class ApiBindingGuardTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:80")]
    [InlineData("http://10.1.2.3:5080")]
    [InlineData("http://agent.example.com:5080")]
    public void CheckRefusesNonLoopbackUrlWithoutKeys(string url)
    {
        var configuration = Configuration(new() { ["urls"] = "http://127.0.0.1:5080;" + url });

        var exception = Assert.Throws<InvalidOperationException>(() => ApiBindingGuard.Check(configuration));

        Assert.Contains("Agent:Api:Keys", exception.Message);
        Assert.Contains(url, exception.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public void CheckAcceptsLoopbackUrlWithoutKeys(string url)
    {
        var configuration = Configuration(new() { ["urls"] = url });

        ApiBindingGuard.Check(configuration);

        Assert.True(ApiBindingGuard.IsLoopbackUrl(url));
    }

    [Fact]
    public void CheckRefusesKestrelEndpointAndPortsWithoutKeys()
    {
        var kestrel = Configuration(new() { ["Kestrel:Endpoints:Http:Url"] = "http://0.0.0.0:8080" });
        var ports = Configuration(new() { ["http_ports"] = "8080" });

        var kestrelError = Assert.Throws<InvalidOperationException>(() => ApiBindingGuard.Check(kestrel));
        var portsError = Assert.Throws<InvalidOperationException>(() => ApiBindingGuard.Check(ports));

        Assert.Contains("Kestrel:Endpoints:Http:Url", kestrelError.Message);
        Assert.Contains("HTTP_PORTS", portsError.Message);
    }

    [Fact]
    public void CheckAcceptsAnyAddressWithKeys()
    {
        var configuration = Configuration(new()
        {
            ["urls"] = "http://0.0.0.0:5080",
            ["Agent:Api:Keys:0:Name"] = "admin",
            ["Agent:Api:Keys:0:Key"] = "0123456789abcdef0123",
            ["Agent:Api:Keys:0:Role"] = "admin",
        });

        ApiBindingGuard.Check(configuration);

        Assert.False(ApiBindingGuard.IsLoopbackUrl("http://0.0.0.0:5080"));
    }

    [Fact]
    public void HostBuildRejectsPublicUrlWithoutKeys()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => AgentHost.Build(["--urls", "http://0.0.0.0:0"]));

        Assert.Contains("Agent:Api:Keys", exception.Message);
    }

    [Fact]
    public void KeyValidationNamesEachBadSetting()
    {
        var errors = ApiKeyStore.Validate(
        [
            new ApiKeyOptions { Name = "a", Key = "short", Role = "admin" },
            new ApiKeyOptions { Name = "a", KeyHash = "abc", Role = "root" },
            new ApiKeyOptions { Name = "", Key = "0123456789abcdef0123", KeyHash = new string('a', 64), Role = "viewer" },
        ]);

        Assert.Contains(errors, error => error.StartsWith("Agent:Api:Keys:0:Key", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("Agent:Api:Keys:1:Name", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("Agent:Api:Keys:1:Role", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("Agent:Api:Keys:1:KeyHash", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("Agent:Api:Keys:2:Name", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("Agent:Api:Keys:2: set exactly one", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("192.0.2.10", false)]
    [InlineData("2001:db8::1", false)]
    public void IsLoopbackRecognisesLoopbackAddresses(string address, bool expected)
    {
        Assert.Equal(expected, ApiKeyAuthenticationHandler.IsLoopback(IPAddress.Parse(address)));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}

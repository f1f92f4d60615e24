using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansAgent.AdminApi.Security;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>The handler without keys serves loopback only; with keys it maps each key to its name and roles.</summary>
public sealed class ApiKeyAuthenticationHandlerTests
{
    private const string AdminKey = "admin-key-0123456789abcdef";

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("192.0.2.10", false)]
    public async Task WithoutKeysOnlyLoopbackIsAuthenticated(string remote, bool expected)
    {
        var result = await AuthenticateAsync([], remote, key: null);

        Assert.Equal(expected, result.Succeeded);
        Assert.Equal(expected ? ApiKeyAuthenticationHandler.AnonymousName : null, result.Principal?.Identity?.Name);
    }

    [Fact]
    public async Task WithKeysLoopbackStillNeedsAKey()
    {
        var keys = new List<ApiKeyOptions> { new() { Name = "platform", Key = AdminKey, Role = "admin" } };

        var none = await AuthenticateAsync(keys, "127.0.0.1", key: null);
        var wrong = await AuthenticateAsync(keys, "127.0.0.1", key: AdminKey + "x");
        var right = await AuthenticateAsync(keys, "192.0.2.10", key: AdminKey);

        Assert.True(none.None);
        Assert.False(wrong.Succeeded);
        Assert.True(right.Succeeded);
        Assert.Equal("platform", right.Principal!.Identity!.Name);
        Assert.True(right.Principal.IsInRole(ApiRoles.Viewer));
        Assert.True(right.Principal.IsInRole(ApiRoles.Operator));
        Assert.True(right.Principal.IsInRole(ApiRoles.Admin));
    }

    private static async Task<AuthenticateResult> AuthenticateAsync(List<ApiKeyOptions> keys, string remote, string? key)
    {
        var store = new ApiKeyStore(Options.Create(new ApiOptions { Keys = keys }));
        var handler = new ApiKeyAuthenticationHandler(new SchemeOptions(), NullLoggerFactory.Instance, UrlEncoder.Default, store);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (key is not null)
        {
            context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName] = key;
        }

        var scheme = new AuthenticationScheme(ApiKeyAuthenticationHandler.SchemeName, null, typeof(ApiKeyAuthenticationHandler));
        await handler.InitializeAsync(scheme, context);
        return await handler.AuthenticateAsync();
    }

    private sealed class SchemeOptions : IOptionsMonitor<AuthenticationSchemeOptions>
    {
        public AuthenticationSchemeOptions CurrentValue { get; } = new();

        public AuthenticationSchemeOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<AuthenticationSchemeOptions, string?> listener) => null;
    }
}

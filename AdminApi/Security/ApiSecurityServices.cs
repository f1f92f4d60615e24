using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansAgent.AdminApi.Security;

/// <summary>Registers API key authentication and the role policies.</summary>
public static partial class ApiSecurityServices
{
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head, HttpMethods.Options];

    public static IServiceCollection AddApiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddSingleton<ApiKeyStore>();
        services.AddHostedService<ApiSecurityNotice>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.ViewerPolicy, policy => policy.RequireRole(ApiRoles.Viewer))
            .AddPolicy(ApiRoles.AdminPolicy, policy => policy.RequireRole(ApiRoles.Admin))
            .AddPolicy(ApiRoles.ApiPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(IsAllowedByMethod));
        return services;
    }

    /// <summary>Reads need the viewer role, every other method the operator role.</summary>
    private static bool IsAllowedByMethod(AuthorizationHandlerContext context)
    {
        var method = (context.Resource as HttpContext)?.Request.Method ?? HttpMethods.Post;
        var role = ReadMethods.Any(read => HttpMethods.Equals(read, method)) ? ApiRoles.Viewer : ApiRoles.Operator;
        return context.User.IsInRole(role);
    }

    /// <summary>Names every invalid key setting at start-up.</summary>
    private sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiOptions options)
        {
            var errors = ApiKeyStore.Validate(options.Keys);
            if (options.MaxRequestBodyBytes < 1024 || options.MaxExplainBodyBytes < 1024 || options.MaxImportBodyBytes < 1024)
            {
                errors.Add($"{ApiOptions.SectionName}:MaxRequestBodyBytes, MaxExplainBodyBytes and MaxImportBodyBytes must be at least 1024.");
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    /// <summary>Warns at start-up when the API runs without keys.</summary>
    private sealed partial class ApiSecurityNotice(ApiKeyStore keys, ILogger<ApiSecurityNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!keys.HasKeys)
            {
                LogNoKeys(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 1802, EventName = "NoApiKeys", Level = LogLevel.Warning,
            Message = "no API keys configured; the admin API accepts anonymous requests from loopback only")]
        private static partial void LogNoKeys(ILogger logger);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgent.AdminApi.Catalog;
using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.AdminApi.Rules;
using OrleansAgent.AdminApi.Security;

namespace OrleansAgent.AdminApi;

/// <summary>Registers what the admin API needs besides the grains: security, error mapping, audit and catalog files.</summary>
public static class AdminApiServices
{
    public static IServiceCollection AddAdminApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddApiSecurity(configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();

        // A body that is not valid JSON, or a missing body, then reaches ApiExceptionHandler, which responds with
        // problem details naming the error instead of an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<RuleChanges>();
        services.AddSingleton<CatalogExporter>();
        services.AddSingleton<CatalogSnapshotWriter>();
        services.AddOptions<CatalogSnapshotOptions>().Bind(configuration.GetSection(CatalogSnapshotOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogSnapshotOptions>, CatalogSnapshotOptionsValidator>();
        services.AddHostedService<CatalogSnapshotService>();
        return services;
    }

    /// <summary>Adds body limits, authentication and authorization to the pipeline; call before mapping endpoints.</summary>
    public static IApplicationBuilder UseAdminApi(this IApplicationBuilder app)
    {
        app.UseApiBodyLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private sealed class CatalogSnapshotOptionsValidator : IValidateOptions<CatalogSnapshotOptions>
    {
        public ValidateOptionsResult Validate(string? name, CatalogSnapshotOptions options) =>
            options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}

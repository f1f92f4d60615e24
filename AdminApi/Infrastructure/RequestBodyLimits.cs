using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgent.AdminApi.Security;

namespace OrleansAgent.AdminApi.Infrastructure;

/// <summary>
/// Caps request bodies per route: explain and catalog import take more than the rest. A declared length over
/// the cap is refused before the body is read; a chunked body is cut off by the server when it passes the cap.
/// </summary>
public static class RequestBodyLimits
{
    public static IApplicationBuilder UseApiBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        var limit = LimitFor(context.Request.Path, options);
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"The body has {context.Request.ContentLength} bytes; this endpoint takes at most {limit}. Split the request.",
                },
            });
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    });

    private static long LimitFor(PathString path, ApiOptions options)
    {
        if (path.StartsWithSegments("/api/explain", StringComparison.OrdinalIgnoreCase))
        {
            return options.MaxExplainBodyBytes;
        }

        return path.StartsWithSegments("/api/catalog/import", StringComparison.OrdinalIgnoreCase)
            ? options.MaxImportBodyBytes
            : options.MaxRequestBodyBytes;
    }
}

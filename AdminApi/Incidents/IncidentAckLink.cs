using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Notifications.Delivery;

namespace OrleansAgent.AdminApi.Incidents;

/// <summary>
/// The acknowledge link of notifications. It needs no API key: the signed, expiring token in the link is the
/// credential, and it acknowledges only the incident it was signed for.
/// </summary>
public static class IncidentAckLink
{
    /// <summary>The name the audit log and the incident record for link acknowledgements.</summary>
    public const string Actor = "acknowledge-link";

    public static IEndpointRouteBuilder MapIncidentAckLink(this IEndpointRouteBuilder routes)
    {
        // Notification links use the path without /api (see NotificationLinkBuilder.AckPath); both reach this handler.
        routes.MapGet("/api/incidents/{id}/ack", Acknowledge).WithName("AcknowledgeIncidentByLink").AllowAnonymous()
            .WithTags("Incidents").WithSummary("Acknowledges an incident with the signed token of a notification link.");
        routes.MapGet("/incidents/{id}/ack", Acknowledge).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static async Task<Results<Ok<IncidentSummary>, ProblemHttpResult>> Acknowledge(
        string id, string? token, HttpContext context, AckTokenSigner signer, TimeProvider timeProvider, IGrainFactory grains, AuditTrail audit)
    {
        if (string.IsNullOrEmpty(token) || !signer.TryValidate(token, timeProvider.GetUtcNow(), out var signedId) || signedId != id)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Invalid acknowledge link",
                detail: "The link's token is missing, altered, expired or made for another incident. Acknowledge in the chat tool or through the API instead.");
        }

        var summary = await grains.GetGrain<IIncidentGrain>(id).AcknowledgeAsync(Actor);
        if (summary is null)
        {
            return ApiResults.NotFound($"Incident '{id}' does not exist.");
        }

        await audit.RecordAsync(context, id, null, summary, Actor);
        return TypedResults.Ok(summary);
    }
}

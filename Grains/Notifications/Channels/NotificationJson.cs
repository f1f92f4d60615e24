using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>The incident fields as a JSON object, the shape the webhook and Versus channels post.</summary>
internal static class NotificationJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Returns every field of <paramref name="notification"/> in camelCase, with the severity as a
    /// lower-case name and times in ISO 8601.
    /// </summary>
    public static JsonObject ToJsonObject(IncidentNotification notification) =>
        JsonSerializer.SerializeToNode(notification, Options)!.AsObject();
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansAgent.Tests.Notifications.Fakes;

/// <summary>
/// Request handlers for <see cref="FakeHttpServer"/> that check requests the way the real services do and
/// respond with their real success and error shapes.
/// </summary>
public static class FakeApis
{
    /// <summary>Slack incoming webhook: 200 "ok", or 400 "invalid_payload" / "no_text" like Slack.</summary>
    public static FakeResponse SlackWebhook(RecordedRequest request)
    {
        if (request.Method != "POST" || TryParse(request.Body) is not JsonObject body)
        {
            return new FakeResponse(400, "invalid_payload", "text/plain");
        }

        return body["text"] is null && body["blocks"] is null
            ? new FakeResponse(400, "no_text", "text/plain")
            : new FakeResponse(200, "ok", "text/plain");
    }

    /// <summary>Slack <c>chat.postMessage</c>: always HTTP 200, errors reported as <c>ok: false</c>.</summary>
    public static Func<RecordedRequest, int, FakeResponse> SlackWebApi(string botToken) => (request, _) =>
    {
        if (request.Path != "/chat.postMessage")
        {
            return new FakeResponse(404, "");
        }

        if (request.Header("Authorization") != "Bearer " + botToken)
        {
            return SlackError("invalid_auth");
        }

        if (TryParse(request.Body) is not JsonObject body)
        {
            return SlackError("invalid_json");
        }

        if (string.IsNullOrEmpty(body["channel"]?.ToString()))
        {
            return SlackError("channel_not_found");
        }

        return body["text"] is null && body["blocks"] is null
            ? SlackError("no_text")
            : FakeResponse.Json(200, new JsonObject { ["ok"] = true, ["channel"] = body["channel"]!.ToString(), ["ts"] = "1700000000.000100" });
    };

    /// <summary>Teams workflow webhook: 202 for a message with an Adaptive Card attachment, 400 otherwise.</summary>
    public static FakeResponse TeamsWorkflow(RecordedRequest request)
    {
        var body = TryParse(request.Body) as JsonObject;
        var attachment = body?["attachments"]?.AsArray().FirstOrDefault();
        var valid = body?["type"]?.ToString() == "message"
            && attachment?["contentType"]?.ToString() == "application/vnd.microsoft.card.adaptive"
            && attachment["content"]?["type"]?.ToString() == "AdaptiveCard";
        return valid ? new FakeResponse(202) : FakeResponse.Json(400, new JsonObject { ["error"] = new JsonObject { ["code"] = "InvalidRequestContent" } });
    }

    /// <summary>
    /// Telegram <c>sendMessage</c>: checks the token in the path and parses HTML entities the way Telegram
    /// does, returning "can't parse entities" for broken markup.
    /// </summary>
    public static Func<RecordedRequest, int, FakeResponse> TelegramBotApi(string botToken) => (request, _) =>
    {
        if (request.Path != $"/bot{botToken}/sendMessage")
        {
            return TelegramError(404, "Not Found");
        }

        if (TryParse(request.Body) is not JsonObject body || body["chat_id"] is null)
        {
            return TelegramError(400, "Bad Request: chat_id is empty");
        }

        var text = body["text"]?.ToString() ?? "";
        if (text.Length == 0)
        {
            return TelegramError(400, "Bad Request: message text is empty");
        }

        if (body["parse_mode"]?.ToString() == "HTML" && TelegramHtml.FindError(text) is { } error)
        {
            return TelegramError(400, "Bad Request: can't parse entities: " + error);
        }

        return FakeResponse.Json(200, new JsonObject
        {
            ["ok"] = true,
            ["result"] = new JsonObject { ["message_id"] = 1, ["text"] = TelegramHtml.StripTags(text) },
        });
    };

    /// <summary>Lark custom bot: checks msg_type and, with a secret, the signature and timestamp.</summary>
    public static Func<RecordedRequest, int, FakeResponse> LarkBot(string? signingSecret) => (request, _) =>
    {
        if (TryParse(request.Body) is not JsonObject body)
        {
            return LarkResult(9499, "Bad Request");
        }

        if (signingSecret is not null)
        {
            var timestamp = body["timestamp"]?.ToString();
            var fresh = long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) < 3600;
            var key = Encoding.UTF8.GetBytes($"{timestamp}\n{signingSecret}");
            var expected = Convert.ToBase64String(HMACSHA256.HashData(key, ReadOnlySpan<byte>.Empty));
            if (!fresh || body["sign"]?.ToString() != expected)
            {
                return LarkResult(19021, "sign match fail or timestamp is not within one hour from current time");
            }
        }

        var valid = body["msg_type"]?.ToString() switch
        {
            "text" => !string.IsNullOrEmpty(body["content"]?["text"]?.ToString()),
            "interactive" => body["card"]?["elements"] is JsonArray { Count: > 0 },
            _ => false,
        };
        return valid ? LarkResult(0, "success") : LarkResult(19002, "params error, msg_type need");
    };

    /// <summary>
    /// Alertmanager <c>POST /api/v2/alerts</c>: an array of alerts, each with non-empty labels and valid
    /// RFC 3339 times, and returns 200 with an empty body on success.
    /// </summary>
    public static FakeResponse Alertmanager(RecordedRequest request)
    {
        if (request.Path != "/api/v2/alerts")
        {
            return new FakeResponse(404, "");
        }

        if (TryParse(request.Body) is not JsonArray alerts)
        {
            return FakeResponse.Json(400, JsonValue.Create("body must be an array of alerts")!);
        }

        foreach (var alert in alerts)
        {
            if (alert?["labels"] is not JsonObject { Count: > 0 })
            {
                return FakeResponse.Json(400, JsonValue.Create("labels in body is required")!);
            }

            foreach (var field in new[] { "startsAt", "endsAt" })
            {
                if (alert[field] is { } time && !DateTimeOffset.TryParse(time.ToString(), CultureInfo.InvariantCulture, out _))
                {
                    return FakeResponse.Json(400, JsonValue.Create($"{field} in body must be of type date-time")!);
                }
            }
        }

        return new FakeResponse(200);
    }

    /// <summary>Versus Incident <c>POST /api/incidents</c>: 201 "Incident created" for a JSON object.</summary>
    public static FakeResponse Versus(RecordedRequest request) =>
        request.Path == "/api/incidents" && TryParse(request.Body) is JsonObject
            ? FakeResponse.Json(201, new JsonObject { ["status"] = "Incident created" })
            : FakeResponse.Json(400, new JsonObject { ["error"] = "invalid request body" });

    /// <summary>
    /// PagerDuty Events API v2 <c>POST /v2/enqueue</c>: 202 with the dedup key, or 400 "invalid event" listing
    /// the problems, as the real endpoint does.
    /// </summary>
    public static FakeResponse PagerDuty(RecordedRequest request)
    {
        if (request.Path != "/v2/enqueue")
        {
            return new FakeResponse(404, "");
        }

        var errors = new List<string>();
        var body = TryParse(request.Body) as JsonObject;
        if (body?["routing_key"]?.ToString() is not { Length: 32 })
        {
            errors.Add("'routing_key' must be 32 characters");
        }

        var action = body?["event_action"]?.ToString();
        if (action is not ("trigger" or "acknowledge" or "resolve"))
        {
            errors.Add("'event_action' is invalid");
        }

        if (action != "trigger" && string.IsNullOrEmpty(body?["dedup_key"]?.ToString()))
        {
            errors.Add("'dedup_key' is missing");
        }

        if (action == "trigger")
        {
            var payload = body?["payload"];
            if (string.IsNullOrEmpty(payload?["summary"]?.ToString()) || string.IsNullOrEmpty(payload?["source"]?.ToString()))
            {
                errors.Add("'payload.summary' and 'payload.source' are required");
            }

            if (payload?["severity"]?.ToString() is not ("critical" or "error" or "warning" or "info"))
            {
                errors.Add("'payload.severity' is invalid");
            }
        }

        if (errors.Count > 0)
        {
            return FakeResponse.Json(400, new JsonObject
            {
                ["status"] = "invalid event",
                ["message"] = "Event object is invalid",
                ["errors"] = new JsonArray(errors.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
            });
        }

        return FakeResponse.Json(202, new JsonObject
        {
            ["status"] = "success",
            ["message"] = "Event processed",
            ["dedup_key"] = body!["dedup_key"]?.ToString(),
        });
    }

    private static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static FakeResponse SlackError(string error) =>
        FakeResponse.Json(200, new JsonObject { ["ok"] = false, ["error"] = error });

    private static FakeResponse TelegramError(int status, string description) =>
        FakeResponse.Json(status, new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description });

    private static FakeResponse LarkResult(int code, string message) =>
        FakeResponse.Json(200, new JsonObject { ["code"] = code, ["data"] = new JsonObject(), ["msg"] = message });
}

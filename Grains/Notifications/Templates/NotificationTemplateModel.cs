using System.Globalization;
using Fluid;
using Fluid.Values;

namespace OrleansAgent.Grains.Notifications.Templates;

/// <summary>
/// Fills a Liquid context with the variables of a notification. The names are the contract for custom
/// templates and are listed in the notification docs.
/// </summary>
internal static class NotificationTemplateModel
{
    public static TemplateContext CreateContext(IncidentNotification n, TemplateOptions options)
    {
        var context = new TemplateContext(options);
        Set(context, "incident_id", n.IncidentId);
        Set(context, "kind", n.Kind);
        Set(context, "title", n.Title);
        Set(context, "summary", n.Summary);
        Set(context, "severity", n.Severity.ToString());
        Set(context, "status", n.Status);
        Set(context, "source", n.Source);
        Set(context, "pattern_id", n.PatternId);
        Set(context, "template", n.Template);
        context.SetValue("count", NumberValue.Create(n.Count));
        context.SetValue("baseline_mean", NumberValue.Create((decimal)Math.Round(n.BaselineMean, 2)));
        context.SetValue("ratio", NumberValue.Create((decimal)Math.Round(n.Ratio, 2)));
        Set(context, "opened_at", FormatTime(n.OpenedAt));
        Set(context, "last_seen", FormatTime(n.LastSeen));
        context.SetValue("samples", ToArray(n.Samples));
        context.SetValue("suggested_actions", ToArray(n.SuggestedActions));
        Set(context, "likely_cause", n.LikelyCause);
        Set(context, "category", n.Category);
        context.SetValue("is_deterministic", BooleanValue.Create(n.IsDeterministic));
        Set(context, "incident_url", n.IncidentUrl);
        Set(context, "pattern_url", n.PatternUrl);
        Set(context, "ack_url", n.AckUrl);
        Set(context, "dedup_key", n.DedupKey);
        return context;
    }

    /// <summary>Formats a time as readers of a notification expect it: UTC, to the second.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static void Set(TemplateContext context, string name, string? value) =>
        context.SetValue(name, value is null ? NilValue.Instance : StringValue.Create(value));

    private static FluidValue ToArray(IReadOnlyList<string> values) =>
        ArrayValue.Create(values.Select(v => (FluidValue)StringValue.Create(v)).ToArray());
}

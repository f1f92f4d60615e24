using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Notifications.Configuration;

namespace OrleansAgent.Grains.Incidents.Configuration;

/// <summary>Checks <see cref="IncidentOptions"/> at start-up. Every message names the setting path.</summary>
public sealed class IncidentOptionsValidator(IOptions<NotificationOptions> notifications) : IValidateOptions<IncidentOptions>
{
    private const string Root = IncidentOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, IncidentOptions options)
    {
        var errors = new List<string>();
        if (options.AutoResolveAfter < TimeSpan.Zero)
        {
            errors.Add($"{Root}:AutoResolveAfter is {options.AutoResolveAfter}: use a positive time such as 02:00:00, or 00:00:00 to turn auto-resolve off.");
        }

        if (options.ReminderPeriod < TimeSpan.FromSeconds(1) || options.ReminderPeriod > TimeSpan.FromHours(1))
        {
            errors.Add($"{Root}:ReminderPeriod is {options.ReminderPeriod}: use a value from 00:00:01 to 01:00:00.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero)
        {
            errors.Add($"{Root}:RetryBaseDelay is {options.RetryBaseDelay}: use a value above zero, such as 00:00:05.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"{Root}:RetryMaxDelay is {options.RetryMaxDelay}, below {Root}:RetryBaseDelay ({options.RetryBaseDelay}): raise it.");
        }

        if (options.MaxDeliveryAttempts is < 1 or > 1000)
        {
            errors.Add($"{Root}:MaxDeliveryAttempts is {options.MaxDeliveryAttempts}: use a value from 1 to 1000.");
        }

        ValidateEscalation(options.Escalation, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void ValidateEscalation(EscalationOptions escalation, List<string> errors)
    {
        var path = $"{Root}:Escalation";
        if (!Enum.IsDefined(escalation.MinSeverity))
        {
            errors.Add($"{path}:MinSeverity is {escalation.MinSeverity}: use one of {string.Join(", ", Enum.GetNames<Severity>())}.");
        }

        if (escalation.After <= TimeSpan.Zero)
        {
            errors.Add($"{path}:After is {escalation.After}: use a value above zero, such as 00:15:00.");
        }

        Dictionary<string, ChannelOptions> configured;
        try
        {
            configured = notifications.Value.Channels;
        }
        catch (OptionsValidationException)
        {
            // The notification validator reports its own errors; naming channels here would only repeat them.
            return;
        }

        for (var i = 0; i < escalation.Channels.Count; i++)
        {
            var channel = escalation.Channels[i];
            if (string.IsNullOrWhiteSpace(channel))
            {
                errors.Add($"{path}:Channels:{i} is empty: name a channel from {NotificationOptions.SectionName}:Channels.");
            }
            else if (!configured.ContainsKey(channel))
            {
                errors.Add($"{path}:Channels:{i} names channel '{channel}', which is not configured under {NotificationOptions.SectionName}:Channels.");
            }
        }
    }
}

using System.Collections.Frozen;
using System.Text.Encodings.Web;
using Fluid;
using OrleansAgent.Grains.Notifications.Configuration;

namespace OrleansAgent.Grains.Notifications.Templates;

/// <summary>
/// The parsed Liquid template of every channel kind: the built-in default, or <c>&lt;kind&gt;.liquid</c> from
/// <see cref="NotificationOptions.TemplateDirectory"/> when that file exists.
/// </summary>
public sealed class NotificationTemplates
{
    private const string ResourcePrefix = "OrleansAgent.Grains.Notifications.Templates.";
    private const string FileExtension = ".liquid";

    // Bounds for operator-written templates, so a runaway loop fails the delivery instead of the silo.
    private static readonly TemplateOptions RenderOptions = new TemplateOptionsBuilder()
        .WithMaxSteps(100_000)
        .WithMaxOutputSize(1_000_000)
        .Build();

    private static readonly FluidParser Parser = new();

    private readonly FrozenDictionary<string, IFluidTemplate> _templates;

    private NotificationTemplates(FrozenDictionary<string, IFluidTemplate> templates)
    {
        _templates = templates;
    }

    /// <summary>Loads every template, throwing when one is missing or fails to parse.</summary>
    /// <exception cref="InvalidOperationException">A template failed to load. The message names the file.</exception>
    public static NotificationTemplates Load(string? templateDirectory)
    {
        var errors = new List<string>();
        var templates = TryLoad(templateDirectory, errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        return templates;
    }

    /// <summary>Loads every template, adding one message per problem to <paramref name="errors"/>.</summary>
    public static NotificationTemplates TryLoad(string? templateDirectory, List<string> errors)
    {
        var templates = new Dictionary<string, IFluidTemplate>(StringComparer.OrdinalIgnoreCase);
        var overrides = FindOverrides(templateDirectory, errors);

        foreach (var kind in ChannelKinds.All)
        {
            string origin;
            string source;
            if (overrides.TryGetValue(kind, out var file))
            {
                origin = $"template file '{file}'";
                source = File.ReadAllText(file);
            }
            else
            {
                origin = $"built-in template '{kind}{FileExtension}'";
                source = ReadResource(kind);
            }

            if (TryParse(source, origin, errors) is { } template)
            {
                templates[kind] = template;
            }
        }

        return new NotificationTemplates(templates.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Parses a template given inline in configuration, adding a message naming <paramref name="settingPath"/> on failure.</summary>
    public static IFluidTemplate? TryParseSetting(string source, string settingPath, List<string> errors) =>
        TryParse(source, $"setting {settingPath}", errors);

    /// <summary>Renders the template of <paramref name="kind"/> for <paramref name="notification"/>.</summary>
    /// <param name="encoder">Escapes variable values for the channel's markup. Literal template text is not escaped.</param>
    public string Render(string kind, IncidentNotification notification, TextEncoder? encoder = null)
    {
        if (!_templates.TryGetValue(kind, out var template))
        {
            throw new ArgumentException($"No template is loaded for channel kind '{kind}'.", nameof(kind));
        }

        return Render(template, notification, encoder);
    }

    /// <summary>Renders <paramref name="template"/> for <paramref name="notification"/> and trims surrounding whitespace.</summary>
    public static string Render(IFluidTemplate template, IncidentNotification notification, TextEncoder? encoder = null)
    {
        var context = NotificationTemplateModel.CreateContext(notification, RenderOptions);
        return template.Render(context, encoder ?? NullEncoder.Default).Trim();
    }

    private static IFluidTemplate? TryParse(string source, string origin, List<string> errors)
    {
        if (Parser.TryParse(source, out var template, out var error))
        {
            return template;
        }

        errors.Add($"The {origin} failed to parse: {error}. Fix the Liquid syntax or remove the override.");
        return null;
    }

    private static Dictionary<string, string> FindOverrides(string? templateDirectory, List<string> errors)
    {
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(templateDirectory))
        {
            return overrides;
        }

        if (!Directory.Exists(templateDirectory))
        {
            errors.Add($"{NotificationOptions.SectionName}:TemplateDirectory '{templateDirectory}' does not exist: create it or unset the setting.");
            return overrides;
        }

        foreach (var file in Directory.EnumerateFiles(templateDirectory, "*" + FileExtension))
        {
            var kind = Path.GetFileNameWithoutExtension(file);
            if (!ChannelKinds.All.Contains(kind, StringComparer.OrdinalIgnoreCase))
            {
                // A misspelt file name would otherwise be ignored silently and the default would be used.
                errors.Add($"Template file '{file}' does not name a channel kind: rename it to one of {string.Join(", ", ChannelKinds.All.Select(k => k + FileExtension))}.");
                continue;
            }

            overrides[kind] = file;
        }

        return overrides;
    }

    private static string ReadResource(string kind)
    {
        var name = ResourcePrefix + kind + FileExtension;
        using var stream = typeof(NotificationTemplates).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The built-in template resource '{name}' is missing from the assembly: the build is broken.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

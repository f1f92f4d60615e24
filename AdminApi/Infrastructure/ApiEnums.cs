using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.AdminApi.Infrastructure;

/// <summary>Parses and formats the enums of the API as lower-case words.</summary>
public static class ApiEnums
{
    public static string Format<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    public static bool TryParseMode(string? text, out AgentMode mode) => TryParse(text, out mode);

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return !string.IsNullOrWhiteSpace(text)
            && !int.TryParse(text, out _)
            && Enum.TryParse(text.Trim(), ignoreCase: true, out value)
            && Enum.IsDefined(value);
    }

    /// <summary>The accepted words of <typeparamref name="TEnum"/>, for error messages.</summary>
    public static string Words<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(value => Format(value)));
}

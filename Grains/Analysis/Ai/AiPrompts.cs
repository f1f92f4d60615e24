using System.Globalization;
using System.Reflection;

namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>
/// The prompt texts: the built-in defaults, each replaced by <c>system.md</c> or <c>user.md</c> in
/// <see cref="AiAnalyzerOptions.PromptDirectory"/> when that file exists. The user prompt may use the
/// placeholders <c>{{signals}}</c> (one "key: value" block per signal) and <c>{{signal_count}}</c>.
/// </summary>
internal sealed class AiPrompts
{
    public const string SignalsPlaceholder = "{{signals}}";
    public const string SignalCountPlaceholder = "{{signal_count}}";

    public const string SystemFile = "system.md";
    public const string UserFile = "user.md";

    private AiPrompts(string system, string user)
    {
        System = system;
        User = user;
    }

    /// <summary>The system prompt.</summary>
    public string System { get; }

    /// <summary>The user prompt template.</summary>
    public string User { get; }

    /// <summary>Loads the prompts once; files are read at start-up, so an edited file needs a restart.</summary>
    public static AiPrompts Load(string? promptDirectory)
    {
        var system = ReadOverride(promptDirectory, SystemFile) ?? ReadEmbedded(SystemFile);
        var user = ReadOverride(promptDirectory, UserFile) ?? ReadEmbedded(UserFile);
        if (!user.Contains(SignalsPlaceholder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The user prompt '{Path.Combine(promptDirectory ?? string.Empty, UserFile)}' lacks the {SignalsPlaceholder} placeholder; add it where the signals belong.");
        }

        return new AiPrompts(system, user);
    }

    /// <summary>Returns the user prompt with the placeholders filled in.</summary>
    public string RenderUser(string signals, int signalCount) =>
        User.Replace(SignalCountPlaceholder, signalCount.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(SignalsPlaceholder, signals, StringComparison.Ordinal);

    private static string? ReadOverride(string? directory, string fileName)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return null;
        }

        var path = Path.Combine(directory, fileName);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static string ReadEmbedded(string fileName)
    {
        var name = "OrleansAgent.Grains.Analysis.Ai.Prompts." + fileName;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The built-in prompt resource '{name}' is missing from the assembly; rebuild the Grains project.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

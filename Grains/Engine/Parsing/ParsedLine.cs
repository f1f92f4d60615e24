namespace OrleansAgent.Grains.Engine.Parsing;

/// <summary>A log line split into its header fields and the message.</summary>
/// <param name="Content">The message that the miner receives; the whole line when no header was recognised.</param>
/// <param name="Timestamp">The time from the header, when one was found and parsed.</param>
/// <param name="Level">The level word as written (<c>INFO</c>, <c>W</c>), when found.</param>
/// <param name="Component">The logger, class or program name, when found.</param>
/// <param name="Fields">Other header fields by name (pid, host, thread, or the names of a configured format).</param>
public readonly record struct ParsedLine(
    string Content,
    DateTimeOffset? Timestamp,
    string? Level,
    string? Component,
    IReadOnlyDictionary<string, string>? Fields);

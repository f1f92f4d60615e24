namespace OrleansAgent.Grains.Interfaces.Signals;

/// <summary>The signals of one poll on their way to the analysis side.</summary>
[GenerateSerializer, Immutable, Alias("SignalBatch")]
public sealed record SignalBatch(string PollId, ImmutableArray<Signal> Signals);

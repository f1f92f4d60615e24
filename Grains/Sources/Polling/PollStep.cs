namespace OrleansAgent.Grains.Sources.Polling;

/// <summary>The points of a poll between which a crash leaves a distinct state behind.</summary>
public enum PollStep
{
    /// <summary>The events were read; nothing was saved yet.</summary>
    AfterFetch,

    /// <summary>The detection results were saved as a pending poll; no pattern grain saw them yet.</summary>
    AfterPendingSaved,

    /// <summary>The pattern grains counted the poll; signals and cursor are not saved yet.</summary>
    AfterObservations,

    /// <summary>Everything but the cursor is done.</summary>
    BeforeCursorSave,
}

/// <summary>
/// Called by the poller at each <see cref="PollStep"/>. Production registers <see cref="NoPollInterruption"/>;
/// crash tests register one that throws at a chosen step, which leaves exactly the state a process crash
/// at that point would leave.
/// </summary>
public interface IPollInterruption
{
    /// <summary>Runs at <paramref name="step"/> of poll <paramref name="sequence"/> of <paramref name="pollerKey"/>.</summary>
    void At(string pollerKey, long sequence, PollStep step);
}

/// <summary>The production <see cref="IPollInterruption"/>: polls are never interrupted on purpose.</summary>
public sealed class NoPollInterruption : IPollInterruption
{
    public void At(string pollerKey, long sequence, PollStep step)
    {
    }
}

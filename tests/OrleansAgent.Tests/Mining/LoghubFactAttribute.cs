using OrleansAgent.Benchmarks.Loghub;

namespace OrleansAgent.Tests.Mining;

/// <summary>A fact that runs only when the Loghub 2k data is present and reports itself skipped otherwise.</summary>
public sealed class LoghubFactAttribute : FactAttribute
{
    public LoghubFactAttribute()
    {
        if (LoghubDataset.FindDirectory() is null)
        {
            Skip = "Loghub 2k data not found; set ORLEANSAGENT_LOGHUB_DIR to the folder with Android, BGL, HDFS and the other datasets.";
        }
    }
}

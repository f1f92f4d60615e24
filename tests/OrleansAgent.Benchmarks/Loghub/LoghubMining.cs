using OrleansAgent.Grains.Engine.Mining;

namespace OrleansAgent.Benchmarks.Loghub;

/// <summary>Mines a dataset's messages in file order with a fresh miner and resolves every returned id through
/// the merges that happened later, which is how a caller keeps counts and labels after a merge.</summary>
public static class LoghubMining
{
    public static (IReadOnlyList<string> Ids, TemplateMiner Miner) Mine(IReadOnlyList<string> contents, MinerOptions? options = null)
    {
        var miner = new TemplateMiner(options);
        var ids = new string[contents.Count];
        for (var i = 0; i < contents.Count; i++)
        {
            ids[i] = miner.Add(contents[i]).PatternId;
        }

        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = miner.Resolve(ids[i]) ?? throw new InvalidOperationException($"Pattern id {ids[i]} of line {i + 1} no longer resolves.");
        }

        return (ids, miner);
    }
}

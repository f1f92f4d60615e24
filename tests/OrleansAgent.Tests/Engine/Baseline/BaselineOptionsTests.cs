using OrleansAgent.Grains.Engine.Baseline;

namespace OrleansAgent.Tests.Engine.Baseline;

public sealed class BaselineOptionsTests
{
    [Fact]
    public void DefaultsAreValid()
    {
        var errors = new BaselineOptions().GetValidationErrors();

        Assert.Empty(errors);
    }

    public static TheoryData<Action<BaselineOptions>, string> InvalidSettings => new()
    {
        { o => o.WindowSize = TimeSpan.Zero, "Baseline:WindowSize" },
        { o => o.WindowSize = TimeSpan.FromDays(2), "Baseline:WindowSize" },
        { o => o.Alpha = 0, "Baseline:Alpha" },
        { o => o.Alpha = 1, "Baseline:Alpha" },
        { o => o.Alpha = double.NaN, "Baseline:Alpha" },
        { o => o.WarmupWindows = -1, "Baseline:WarmupWindows" },
        { o => o.SpikeZScore = 0, "Baseline:SpikeZScore" },
        { o => o.SpikeZScore = double.PositiveInfinity, "Baseline:SpikeZScore" },
        { o => o.MinSpikeCount = 0, "Baseline:MinSpikeCount" },
        { o => o.MinSpikeRatio = 0.5, "Baseline:MinSpikeRatio" },
        { o => o.RecentWindows = 0, "Baseline:RecentWindows" },
        { o => o.MaxZeroFillGap = TimeSpan.FromMinutes(-1), "Baseline:MaxZeroFillGap" },
        { o => o.MaxZeroFillGap = TimeSpan.FromHours(6), "Baseline:MaxZeroFillGap" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void ValidateNamesInvalidSetting(Action<BaselineOptions> change, string setting)
    {
        var options = new BaselineOptions();
        change(options);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongZeroFillGapErrorSuggestsLimit()
    {
        var options = new BaselineOptions { MaxZeroFillGap = TimeSpan.FromHours(6) };

        var error = Assert.Single(options.GetValidationErrors());

        Assert.Contains("Set it to 00:54:00 or less", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LongZeroFillGapIsValidWithSmallAlpha()
    {
        var options = new BaselineOptions { Alpha = 0.001, MaxZeroFillGap = TimeSpan.FromHours(6) };

        var errors = options.GetValidationErrors();

        Assert.Empty(errors);
    }

    [Fact]
    public void ConstructorValidatesOptions()
    {
        var error = Assert.Throws<ArgumentException>(() => new RateBaseline(new BaselineOptions { Alpha = 2 }));

        Assert.Contains("Baseline:Alpha", error.Message, StringComparison.Ordinal);
    }
}

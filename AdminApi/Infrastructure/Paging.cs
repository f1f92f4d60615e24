namespace OrleansAgent.AdminApi.Infrastructure;

/// <summary>Validation of the <c>offset</c> and <c>limit</c> query parameters shared by listings.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public static void Validate(int? offset, int? limit, Dictionary<string, string[]> errors)
    {
        if (offset is < 0)
        {
            errors["offset"] = ["offset must be 0 or more."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }
    }
}

namespace OrleansAgent.AdminApi.Security;

/// <summary>The roles of API keys and the authorization policies built on them. Each role includes the ones below it.</summary>
public static class ApiRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    /// <summary>Policy of every <c>/api</c> route: reads need viewer, changes need operator.</summary>
    public const string ApiPolicy = "api";

    /// <summary>Policy of the dashboard and metrics: viewer.</summary>
    public const string ViewerPolicy = "viewer";

    /// <summary>Policy of rules, catalog import and delete, and the audit log: admin.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Returns the roles that <paramref name="role"/> grants, itself included, or empty for an unknown role.</summary>
    public static IReadOnlyList<string> Granted(string role) => role switch
    {
        Admin => [Admin, Operator, Viewer],
        Operator => [Operator, Viewer],
        Viewer => [Viewer],
        _ => [],
    };
}

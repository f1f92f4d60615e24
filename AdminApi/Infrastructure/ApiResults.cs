namespace OrleansAgent.AdminApi.Infrastructure;

/// <summary>Error results in the problem details format that every error of the API uses.</summary>
public static class ApiResults
{
    /// <summary>Returns a 404 problem whose detail names what was not found.</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
